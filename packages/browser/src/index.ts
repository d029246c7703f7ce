/**
 * Browser-only helpers the web app and the extension share: the IndexedDB LocalStateStore, the
 * quick-hide key gesture and the idle timer. Framework-free; each app wraps them in its own hooks.
 *
 *   import { indexedDbStateStore, watchQuickHideKeys, watchIdle } from '@securebase/browser';
 */
export { indexedDbStateStore, type IndexedDbStateStore, type IndexedDbStoreOptions } from './indexed-db-store.js';
export { DOUBLE_ESCAPE_MS, watchQuickHideKeys, type QuickHideKeyOptions } from './quick-hide-keys.js';
export { ACTIVITY_EVENTS, TEST_IDLE_LOCK_KEY, idleLockMs, watchIdle } from './idle-timer.js';
