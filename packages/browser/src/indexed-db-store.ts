/**
 * A LocalStateStore over one IndexedDB database with one object store of byte values. The web
 * app and the extension each name their own database; everything else is the same.
 *
 *   const idb = indexedDbStateStore({ dbName: 'securebase' });
 *   const store = await idb.open();
 *   await store.set('web/credentials', bytes);
 *   await idb.clear();   // forget everything; this page's stores then refuse to write
 */
import type { LocalStateStore } from '@securebase/sync';

const DB_VERSION = 1;

/** Which database to use, and the hints an app shows when local storage misbehaves. */
export interface IndexedDbStoreOptions {
  dbName: string;
  /** The one object store inside the database; 'state' unless given. */
  storeName?: string;
  /** Shown when a value under a key is not bytes: how the user can reset local data. */
  notBytesMessage?: string;
  /** Shown when another tab or window holds the database open during an upgrade. */
  busyMessage?: string;
}

/** Opens stores over one database and clears it; the two share the "cleared" state. */
export interface IndexedDbStateStore {
  /** Open (creating on first use) the IndexedDB-backed store. */
  open(): Promise<LocalStateStore>;
  /**
   * Empty the database through a second connection (an open connection would block deleting
   * the whole database) and stop every store opened here from writing again. Resolves once the
   * clear is durable; the caller then reloads.
   */
  clear(): Promise<void>;
}

/** An IndexedDB store factory for one database. */
export function indexedDbStateStore(options: IndexedDbStoreOptions): IndexedDbStateStore {
  const storeName = options.storeName ?? 'state';
  const notBytesMessage =
    options.notBytesMessage ?? 'Local state under this key is not bytes; clear site data to reset it.';
  const busyMessage = options.busyMessage ?? 'Local storage is busy in another tab; close it and reload.';
  /**
   * Set once cleared: from then on these stores write nothing, so a save still on its way (a
   * pagehide save, a last copy of unsaved edits) cannot put data back after being told to forget.
   */
  let cleared = false;

  const refuseAfterClear = (): void => {
    if (cleared) throw new Error('Local data was cleared; this page saves nothing more.');
  };

  const openDatabase = (): Promise<IDBDatabase> =>
    new Promise((resolve, reject) => {
      const open = indexedDB.open(options.dbName, DB_VERSION);
      open.onupgradeneeded = () => {
        if (!open.result.objectStoreNames.contains(storeName)) open.result.createObjectStore(storeName);
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('Could not open local storage.'));
      open.onblocked = () => reject(new Error(busyMessage));
    });

  /**
   * Run one request in its own transaction and resolve once the transaction is durable. The
   * request is issued synchronously (inside the Promise executor), so a caller that does not
   * await anything before calling `set` starts its write in the same task: what a pagehide save
   * relies on.
   */
  const request = <T>(
    db: IDBDatabase,
    mode: IDBTransactionMode,
    run: (store: IDBObjectStore) => IDBRequest<T>,
  ): Promise<T> =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      const req = run(tx.objectStore(storeName));
      // Ask for the commit now instead of when this task ends: a page being closed may not get
      // back to its event loop, and an uncommitted transaction is then aborted.
      if (mode === 'readwrite') tx.commit();
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? req.error ?? new Error('Local storage failed.'));
      tx.onabort = () => reject(tx.error ?? new Error('Local storage was interrupted.'));
    });

  return {
    async open(): Promise<LocalStateStore> {
      const db = await openDatabase();
      return {
        async get(key: string): Promise<Uint8Array | undefined> {
          const value = await request(db, 'readonly', (store) => store.get(key));
          if (value === undefined) return undefined;
          if (value instanceof Uint8Array) return value;
          // Another version of the app may have stored an ArrayBuffer; accept it, refuse the rest.
          if (value instanceof ArrayBuffer) return new Uint8Array(value);
          throw new Error(notBytesMessage);
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
    },
    async clear(): Promise<void> {
      cleared = true;
      const db = await openDatabase();
      try {
        await request(db, 'readwrite', (store) => store.clear());
      } finally {
        db.close();
      }
    },
  };
}
