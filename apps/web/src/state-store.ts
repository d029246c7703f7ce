/**
 * The browser's LocalStateStore: one IndexedDB database with one object store of byte values.
 * It keeps this device's credentials and the provider's document state and pending changes, so
 * a reload (or a day offline) loses nothing.
 *
 *   const store = await openIndexedDbStore();
 *   await store.set('web/credentials', bytes);
 *   const bytes = await store.get('web/credentials');
 *   await clearIndexedDbStore();   // forget everything (a removed device, after leaving)
 */
import type { LocalStateStore } from '@securebase/sync';

/** The IndexedDB database and its one object store. */
export const DB_NAME = 'securebase';
export const STORE_NAME = 'state';
const DB_VERSION = 1;

/**
 * Set once this page cleared the store: from then on its stores write nothing, so a save still
 * on its way (the provider's pagehide save, a last copy of unsaved edits) cannot put the
 * workbook back into a browser that was just told to forget it.
 */
let cleared = false;

/** Open (creating on first use) the IndexedDB-backed store for this browser profile. */
export async function openIndexedDbStore(): Promise<LocalStateStore> {
  const db = await openDatabase();
  return {
    async get(key: string): Promise<Uint8Array | undefined> {
      const value = await request(db, 'readonly', (store) => store.get(key));
      if (value === undefined) return undefined;
      if (value instanceof Uint8Array) return value;
      // Another version of the app may have stored an ArrayBuffer; accept it, refuse the rest.
      if (value instanceof ArrayBuffer) return new Uint8Array(value);
      throw new Error(`Local state under this key is not bytes; clear site data to reset it.`);
    },
    async set(key: string, value: Uint8Array): Promise<void> {
      refuseAfterClear();
      // Store a copy that owns its buffer, so a view into a larger buffer is not saved whole.
      await request(db, 'readwrite', (store) => store.put(value.slice(), key));
    },
    async delete(key: string): Promise<void> {
      refuseAfterClear();
      await request(db, 'readwrite', (store) => store.delete(key));
    },
  };
}

/**
 * Empty this browser's store through a second connection (an open connection would block
 * deleting the whole database) and stop every store of this page from writing again. Resolves
 * once the clear is durable; the caller then reloads.
 */
export async function clearIndexedDbStore(): Promise<void> {
  cleared = true;
  const db = await openDatabase();
  try {
    await request(db, 'readwrite', (store) => store.clear());
  } finally {
    db.close();
  }
}

function refuseAfterClear(): void {
  if (cleared) throw new Error('Local data was cleared; this page saves nothing more.');
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, DB_VERSION);
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(STORE_NAME)) open.result.createObjectStore(STORE_NAME);
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('Could not open local storage.'));
    open.onblocked = () => reject(new Error('Local storage is busy in another tab; close it and reload.'));
  });
}

/**
 * Run one request in its own transaction and resolve once the transaction is durable. The
 * request is issued synchronously (inside the Promise executor), so a caller that does not await
 * anything before calling `set` starts its write in the same task: what a pagehide save relies on.
 */
function request<T>(
  db: IDBDatabase,
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE_NAME, mode);
    const req = run(tx.objectStore(STORE_NAME));
    // Ask for the commit now instead of when this task ends: a page being closed may not get
    // back to its event loop, and an uncommitted transaction is then aborted.
    if (mode === 'readwrite') tx.commit();
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error ?? req.error ?? new Error('Local storage failed.'));
    tx.onabort = () => reject(tx.error ?? new Error('Local storage was interrupted.'));
  });
}
