/**
 * The extension's raw LocalStateStore: one IndexedDB database in the extension's own origin
 * (pages and the background worker share it), via the shared store in @securebase/browser.
 * Everything in it except the local key record is sealed by sync's EncryptedStateStore before it
 * gets here.
 *
 *   const raw = await openIndexedDbStore();
 *   const store = new EncryptedStateStore(raw, await openLocalKey(raw));
 */
import { indexedDbStateStore, type IndexedDbStoreOptions } from '@securebase/browser';
import type { LocalStateStore } from '@securebase/sync';

/** The one database of the extension; the pinned workbook (workbook.tsx) opens it with these too. */
export const EXTENSION_STORE_OPTIONS: IndexedDbStoreOptions = {
  dbName: 'securebase-extension',
  storeName: 'state',
  notBytesMessage: 'Local state under this key is not bytes; remove and re-add the extension to reset it.',
  busyMessage: 'Local storage is busy; close other Secure Base windows and retry.',
};

const idb = indexedDbStateStore(EXTENSION_STORE_OPTIONS);

/** Open (creating on first use) the IndexedDB-backed store of this extension. */
export function openIndexedDbStore(): Promise<LocalStateStore> {
  return idb.open();
}
