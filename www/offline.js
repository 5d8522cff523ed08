// Registers the service worker (www/sw.js) that lets the page work offline, and says when a new build
// is ready: the notice's button hands over to it and reloads, so a page never runs on two builds.
const notice = document.getElementById('applens-update');

function offer(worker) {
  if (!notice) return;
  notice.hidden = false;
  notice.querySelector('button')?.addEventListener('click', () => {
    requested = true;
    worker.postMessage({ type: 'applens-update' });
  }, { once: true });
}

let requested = false;
if ('serviceWorker' in navigator && notice) {
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (requested) location.reload();
  });
  // Installing copies the build's files, which must not slow the first paint.
  const register = async () => {
    try {
      const registration = await navigator.serviceWorker.register('./sw.js');
      // A new build may be waiting already, installing now, or found later: each ends in `installed`.
      const watch = (worker) => {
        if (!worker) return;
        const check = () => { if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker); };
        worker.addEventListener('statechange', check);
        check();
      };
      watch(registration.waiting);
      watch(registration.installing);
      registration.addEventListener('updatefound', () => watch(registration.installing));
      // Ask the server now (one small request; nothing happens offline) rather than at the browser's pace.
      if (navigator.serviceWorker.controller) registration.update().catch(() => {});
    } catch (error) {
      console.warn('AppLens will not work offline here:', error);
    }
  };
  // After the page's own program has started (boot.js), then at an idle moment.
  const later = () => ('requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 3000 }) : setTimeout(register, 500));
  if (window.applensStarted) later(); else addEventListener('applens:started', later, { once: true });
}
