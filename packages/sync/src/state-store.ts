/**
 * Where a client keeps its local state between runs: credentials, the Yjs document, sync
 * progress and the outbox of sealed, not yet acknowledged changes. The CLI stores files, the
 * web app IndexedDB; `MemoryStateStore` is for tests and throwaway sessions.
 *
 *   const store = new MemoryStateStore();
 *   await store.set('sync/abc/shared/doc', bytes);
 */

/** Byte values under string keys; every method may be asynchronous. */
export interface LocalStateStore {
  get(key: string): Promise<Uint8Array | undefined>;
  set(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A LocalStateStore in memory; values are copied so callers cannot mutate stored bytes. */
export class MemoryStateStore implements LocalStateStore {
  private readonly values = new Map<string, Uint8Array>();

  /** The stored bytes (a copy), or undefined. */
  async get(key: string): Promise<Uint8Array | undefined> {
    const value = this.values.get(key);
    return value ? value.slice() : undefined;
  }

  /** Stores a copy of `value`. */
  async set(key: string, value: Uint8Array): Promise<void> {
    this.values.set(key, value.slice());
  }

  /** Removes the key (no error if absent). */
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }

  /** Every key currently stored (for tests and debugging; never logs values). */
  keys(): string[] {
    return [...this.values.keys()];
  }
}
