/**
 * Forget everything Secure Base keeps in this browser: credentials, keys, the workbook's local
 * copy, pending changes, the trust mark. Used by a removed device and after leaving. It empties
 * the IndexedDB object store through a second connection (the app's own connection stays open,
 * which would block deleting the whole database), then the caller reloads.
 *
 *   await clearLocalData();
 *   location.replace(`${location.pathname}#/`);
 */

// The same database and object store as ../state-store.ts, which does not export its names.
const DB_NAME = 'securebase';
const STORE_NAME = 'state';

/** Empty this browser's Secure Base store; resolves once the clear is durable. */
export function clearLocalData(): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME);
    open.onerror = () => reject(open.error ?? new Error('Could not open local storage.'));
    open.onblocked = () => reject(new Error('Local storage is busy in another tab; close it and try again.'));
    open.onupgradeneeded = () => {
      // No database yet means nothing to clear; create the store so the transaction below works.
      if (!open.result.objectStoreNames.contains(STORE_NAME)) open.result.createObjectStore(STORE_NAME);
    };
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(STORE_NAME, 'readwrite');
      tx.objectStore(STORE_NAME).clear();
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error ?? new Error('Local storage could not be cleared.'));
      tx.onabort = () => reject(tx.error ?? new Error('Clearing local storage was interrupted.'));
    };
  });
}

/** Clear, then start the app afresh on the welcome page (nothing of the old space is in memory either). */
export async function clearLocalDataAndRestart(): Promise<void> {
  await clearLocalData();
  location.replace(`${location.pathname}#/`);
  location.reload();
}
