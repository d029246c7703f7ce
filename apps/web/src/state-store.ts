/**
 * The browser's LocalStateStore: one IndexedDB database with one object store of byte values
 * (the shared store in @securebase/browser, under this app's database name). It keeps this
 * device's credentials and the provider's document state and pending changes, so a reload (or a
 * day offline) loses nothing.
 *
 *   const store = await openIndexedDbStore();
 *   await store.set('web/credentials', bytes);
 *   const bytes = await store.get('web/credentials');
 *   await clearIndexedDbStore();   // forget everything (a removed device, after leaving)
 */
import { indexedDbStateStore, type IndexedDbStoreOptions } from '@securebase/browser';
import type { LocalStateStore } from '@securebase/sync';

/** The IndexedDB database and its one object store. */
export const DB_NAME = 'securebase';
export const STORE_NAME = 'state';

let idb = indexedDbStateStore({ dbName: DB_NAME, storeName: STORE_NAME });

/**
 * Use another database before anything is opened: the pinned app inside the browser extension
 * (apps/web/src/embed.tsx) shares the extension's own store with its quick-note panel.
 */
export function configureStateStore(options: IndexedDbStoreOptions): void {
  idb = indexedDbStateStore(options);
}

/** Open (creating on first use) the IndexedDB-backed store for this browser profile. */
export function openIndexedDbStore(): Promise<LocalStateStore> {
  return idb.open();
}

/**
 * Empty this browser's store and stop every store of this page from writing again, so a save
 * still on its way cannot put the workbook back. Resolves once the clear is durable; the caller
 * then reloads.
 */
export function clearIndexedDbStore(): Promise<void> {
  return idb.clear();
}
