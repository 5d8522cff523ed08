// Starts the AppLens page. A file rather than trunk's inline loader, so the Content-Security-Policy can
// forbid inline scripts.
import init from './applens-web.js';
// The analysis workers, prepared while the page is idle (before the page's own program, which takes them).
import './workers.js';

try {
  await init({ module_or_path: './applens-web_bg.wasm' });
} catch (error) {
  const fatal = document.getElementById('applens-fatal');
  if (fatal) {
    fatal.textContent = 'AppLens could not start in this browser: it needs WebAssembly with SIMD (Chrome or Edge 91, Firefox 89, Safari 16.4 or newer). Nothing was sent anywhere.';
    fatal.hidden = false;
  }
  console.error(error);
}
