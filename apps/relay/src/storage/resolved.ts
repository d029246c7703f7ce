/**
 * A synchronous adapter (better-sqlite3, the in-memory one) behind the asynchronous seam. Each
 * method still runs as one synchronous transaction; its answer (or its throw) comes back as a
 * Promise, so callers treat every adapter alike and a failure always arrives as a rejection.
 *
 *   const storage: RelayStorage = resolvedStorage(new SqliteStorage(file));
 *   const head = await storage.headSeq(spaceId, docId);
 */
import type { RelayStorage, SyncRelayStorage } from './types.js';

/** Every method of the contract, once; the `satisfies` below fails to compile if one is missing. */
const METHODS = [
  'createSpace',
  'hasSpace',
  'listMembershipOps',
  'appendMembershipOp',
  'createInvite',
  'getInvite',
  'getEndedInvite',
  'redeemInvite',
  'revokeInvites',
  'appendUpdate',
  'listUpdates',
  'headSeq',
  'spaceBytes',
  'partnerBytes',
  'membershipHead',
  'membershipTip',
  'appendMembershipBatch',
  'createDeviceLink',
  'getDeviceLink',
  'requestDeviceLink',
  'listKeyWraps',
  'snapshotCoversSeq',
  'getSnapshot',
  'readCatchUp',
  'putSnapshot',
  'totals',
  'purgeExpiredInvites',
  'purgeInviteTombstones',
  'purgeDeviceLinks',
  'purgeAbandonedSpaces',
  'close',
] as const satisfies readonly (keyof SyncRelayStorage)[];

// Compile-time check that METHODS names every method: this line fails if one is left out.
const everyMethod: Record<Exclude<keyof SyncRelayStorage, (typeof METHODS)[number]>, never> = {};
void everyMethod;

/** `sync` with every method answering through a Promise. */
export function resolvedStorage(sync: SyncRelayStorage): RelayStorage {
  const storage: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of METHODS) {
    storage[name] = (...args) => {
      try {
        // Looked up per call, so a method patched on the adapter later (the bench's timing) is the one run.
        const method = sync[name] as (...args: unknown[]) => unknown;
        return Promise.resolve(method.apply(sync, args));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
  }
  return storage as unknown as RelayStorage;
}
