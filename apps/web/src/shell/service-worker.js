/*
 * Secure Base service worker: keeps the app shell (every built file) in a versioned cache so
 * the app opens with no network; the encrypted data itself lives in IndexedDB, and the relay's
 * API (/v1, /healthz) is never cached or touched here. vite.config.ts emits this file as
 * /sw.js with PRECACHE (the built files) and VERSION (a hash of them) filled in.
 *
 *   navigator.serviceWorker.register('/sw.js')   // shell/pwa.ts, production builds only
 *
 * A new version never takes over on its own: it caches its files and the release manifest it
 * came with, then waits. The page, still running the previous code, reads that cache, checks it
 * against the manifest and the pinned release key (shell/code-integrity.ts), and only then
 * sends 'securebase-activate'. The first install has nothing to wait for and claims at once.
 */
/* global self, caches, fetch, Request */
const PRECACHE = self.__SB_PRECACHE__;
const VERSION = self.__SB_VERSION__;
const CACHE = `securebase-shell-${VERSION}`;
const MANIFEST = '/release-manifest.json';

self.addEventListener('install', (event) => {
  // cache: 'reload' — the files of this version, never an older copy from the HTTP cache.
  const requests = [...PRECACHE, MANIFEST].map((path) => new Request(path, { cache: 'reload' }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('securebase-shell-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  // The page asks which cache this version filled, to hash what it would serve.
  if (type === 'securebase-cache-name' && event.ports[0]) event.ports[0].postMessage({ cache: CACHE });
  // Sent by the page only once this version passed the check, or the person accepted it.
  if (type === 'securebase-activate') self.skipWaiting();
});

// The check-in reminder (home/checkin-notify.ts): a tap brings the open app forward, or opens the home.
self.addEventListener('notificationclick', (event) => {
  if (event.notification.tag !== 'securebase-checkin') return;
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => 'focus' in w);
      return open ? open.focus() : self.clients.openWindow('/#/home');
    }),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/v1/') || url.pathname === '/healthz') return;
  // The manifest and this script are always read from the relay: they describe what it serves now.
  if (url.pathname === MANIFEST || url.pathname === '/sw.js') return;
  // Every route of the app is index.html (routes live after '#'); files are served by path.
  const key = request.mode === 'navigate' ? '/index.html' : url.pathname;
  event.respondWith(caches.match(key, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
});
