/**
 * Installable, offline-first: registers the service worker (built from
 * shell/service-worker.js by vite.config.ts, with the list of every built file) that keeps the
 * app shell cached, so the app opens with no network and syncs later; and hands the
 * registration to code-integrity.ts, which checks every new version before it may take over.
 * Production builds only: in development a cached shell would hide every edit.
 *
 *   if (import.meta.env.PROD) registerServiceWorker();
 */
import { watchCodeUpdates } from './code-integrity.js';

/** Register /sw.js; a failure only costs offline opening, so it is reported, not thrown. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register('/sw.js', { scope: '/', updateViaCache: 'none' })
    .then(watchCodeUpdates)
    .catch((err: unknown) => {
      console.warn('offline support unavailable:', err instanceof Error ? err.name : typeof err);
    });
}
