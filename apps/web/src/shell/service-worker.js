/*
 * Secure Base service worker: keeps the app shell (every built file) in a versioned cache so
 * the app opens with no network; the encrypted data itself lives in IndexedDB, and the relay's
 * API (/v1, /healthz) is never cached or touched here. vite.config.ts emits this file as
 * /sw.js with PRECACHE (the built files) and VERSION (a hash of them) filled in.
 *
 *   navigator.serviceWorker.register('/sw.js')   // shell/pwa.ts, production builds only
 */
/* global self, caches, fetch */
const PRECACHE = self.__SB_PRECACHE__;
const VERSION = self.__SB_VERSION__;
const CACHE = `securebase-shell-${VERSION}`;

self.addEventListener('install', (event) => {
  // A new version caches everything first, then takes over at once (the shell is immutable).
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('securebase-shell-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/v1/') || url.pathname === '/healthz') return;
  // Every route of the app is index.html (routes live after '#'); files are served by path.
  const key = request.mode === 'navigate' ? '/index.html' : url.pathname;
  event.respondWith(caches.match(key, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
});
