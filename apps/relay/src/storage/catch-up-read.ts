/**
 * readCatchUp for the synchronous adapters (SQLite, memory): three reads that nothing can come
 * between, because the adapter runs on this one thread (SQLite also wraps them in one read
 * transaction). PostgreSQL has its own single-statement version (postgres.ts).
 *
 *   const read = readCatchUpFrom(adapter, spaceId, docId, afterSeq, maxBytes);
 */
import type { CatchUpRead, SyncRelayStorage } from './types.js';

type Reads = Pick<SyncRelayStorage, 'snapshotCoversSeq' | 'getSnapshot' | 'listUpdates' | 'headSeq'>;

export function readCatchUpFrom(storage: Reads, spaceId: string, docId: string, afterSeq: number, maxBytes: number): CatchUpRead {
  // The snapshot's bytes are read only when the client lacks what it covers.
  const snapshot = storage.snapshotCoversSeq(spaceId, docId) > afterSeq ? storage.getSnapshot(spaceId, docId) : undefined;
  const updates = storage.listUpdates(spaceId, docId, snapshot?.coversSeq ?? afterSeq, maxBytes);
  return { snapshot, updates, headSeq: storage.headSeq(spaceId, docId) };
}
