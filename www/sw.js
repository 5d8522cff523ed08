// AppLens's service worker: the page works without a network once it has been opened, and a new build
// replaces the old one whole. `PRECACHE` (above, written by script/precache.mjs) lists every file of this
// build with its SHA-256.
//
// - Installing fetches every listed file, checks its hash and stores it in a cache named after the build.
//   A file that is not the listed one (the server already has a newer build, or a mix) fails the install:
//   the old build stays in use, and the next visit tries again. Never a mix of two builds.
// - Listed files are served from that cache first; nothing else is ever stored: no package, no report,
//   no policy that is not part of the build. Other requests go to the network as if there were no worker.
// - A new build waits until the page asks for it (the person chose "Reload" on the update notice, see
//   www/offline.js); on activation the old build's cache is deleted.
// - URLs are relative to this file, so the page works under any sub-path and inside the intranet widget.
const CACHE = `applens-${PRECACHE.build}`;
const base = new URL('./', self.location.href);
const listed = new Map(PRECACHE.files.map((f) => [new URL(f.path, base).href, f.sha256]));
const INDEX = new URL('index.html', base).href;

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      for (const [url, sha256] of listed) {
        const response = await fetch(url, { cache: 'no-cache' });
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        const digest = hex(await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer()));
        if (digest !== sha256) throw new Error(`${url} is not this build's file (another build is being published)`);
        await cache.put(url, response);
      }
    } catch (error) {
      await caches.delete(CACHE);
      throw error;
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('applens-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'applens-update') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.hash = '';
  // The page's own address, whatever it asks for (`?embed=1`, `?policy=`): the build's index.html.
  let key = url.href;
  if (request.mode === 'navigate' && (url.href.split('?')[0] === base.href || url.href.split('?')[0] === INDEX)) key = INDEX;
  else if (url.search) return;
  if (!listed.has(key)) return;
  event.respondWith((async () => {
    const cached = await caches.open(CACHE).then((cache) => cache.match(key));
    return cached ?? fetch(request);
  })());
});
