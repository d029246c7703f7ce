/**
 * The extension's raw LocalStateStore: one IndexedDB database in the extension's own origin
 * (pages and the background worker share it). Everything in it except the local key record is
 * sealed by sync's EncryptedStateStore before it gets here.
 *
 *   const raw = await openIndexedDbStore();
 *   const store = new EncryptedStateStore(raw, await openLocalKey(raw));
 */
import type { LocalStateStore } from '@securebase/sync';

const DB_NAME = 'securebase-extension';
const DB_VERSION = 1;
const STORE_NAME = 'state';

/** Open (creating on first use) the IndexedDB-backed store of this extension. */
export async function openIndexedDbStore(): Promise<LocalStateStore> {
  const db = await openDatabase();
  return {
    async get(key: string): Promise<Uint8Array | undefined> {
      const value = await request(db, 'readonly', (store) => store.get(key));
      if (value === undefined) return undefined;
      if (value instanceof Uint8Array) return value;
      if (value instanceof ArrayBuffer) return new Uint8Array(value);
      throw new Error('Local state under this key is not bytes; remove and re-add the extension to reset it.');
    },
    async set(key: string, value: Uint8Array): Promise<void> {
      // A copy that owns its buffer, so a view into a larger buffer is not saved whole.
      await request(db, 'readwrite', (store) => store.put(value.slice(), key));
    },
    async delete(key: string): Promise<void> {
      await request(db, 'readwrite', (store) => store.delete(key));
    },
  };
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, DB_VERSION);
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(STORE_NAME)) open.result.createObjectStore(STORE_NAME);
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('Could not open local storage.'));
    open.onblocked = () => reject(new Error('Local storage is busy; close other Secure Base windows and retry.'));
  });
}

/** Run one request in its own transaction and resolve once the transaction is durable. */
function request<T>(db: IDBDatabase, mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE_NAME, mode);
    const req = run(tx.objectStore(STORE_NAME));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error ?? req.error ?? new Error('Local storage failed.'));
    tx.onabort = () => reject(tx.error ?? new Error('Local storage was interrupted.'));
  });
}
