// Starts the AppLens page. A file rather than trunk's inline loader, so the Content-Security-Policy can
// forbid inline scripts.
import init from './applens-web.js';
// The analysis workers, prepared while the page is idle (before the page's own program, which takes them).
import './workers.js';

try {
  await init({ module_or_path: './applens-web_bg.wasm' });
  // Only now the background work (workers.js, offline.js): nothing may slow the page's own first load.
  window.applensStarted = true;
  window.dispatchEvent(new Event('applens:started'));
} catch (error) {
  const fatal = document.getElementById('applens-fatal');
  if (fatal) {
    fatal.textContent = 'AppLens could not start in this browser: it needs WebAssembly with SIMD (Chrome or Edge 91, Firefox 89, Safari 16.4 or newer). Nothing was sent anywhere.';
    fatal.hidden = false;
  }
  console.error(error);
}
