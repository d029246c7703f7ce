// The storage contract (storage-contract.ts) on the in-memory adapter that session unit tests use.
import { MemoryStorage } from '../src/storage/memory.js';
import { resolvedStorage } from '../src/storage/resolved.js';
import type { RelayStorage } from '../src/storage/types.js';
import { describeStorageContract } from './storage-contract.js';

// Rows are not visible through the contract; the memory adapter is read through what it answers.
const rowsOf = new WeakMap<RelayStorage, MemoryStorage>();

describeStorageContract('memory', {
  open: () => {
    const memory = new MemoryStorage();
    const storage = resolvedStorage(memory);
    rowsOf.set(storage, memory);
    return Promise.resolve(storage);
  },
  rowsForDoc: (storage, spaceId, docId) => {
    const memory = rowsOf.get(storage);
    if (!memory) throw new Error('not a memory storage of this suite');
    return Promise.resolve(memory.documentRows(spaceId, docId));
  },
});
