// Starts the AppLens page. A file rather than trunk's inline loader, so the Content-Security-Policy can
// forbid inline scripts.
import init from './applens-web.js';

try {
  await init({ module_or_path: './applens-web_bg.wasm' });
} catch (error) {
  const fatal = document.getElementById('applens-fatal');
  if (fatal) {
    fatal.textContent = 'AppLens could not start in this browser (WebAssembly failed to load). Nothing was sent anywhere.';
    fatal.hidden = false;
  }
  console.error(error);
}
