/**
 * The relay's view of a space's membership chain: load the stored ops and verify them with
 * @securebase/crypto (public keys and signatures only), so the relay can decide who may connect,
 * invite and join. The chain is re-verified from genesis on every use; it is a handful of ops.
 *
 *   const members = loadMembership(storage, spaceId, Date.now());
 *   if (members && isMemberDevice(members.state, deviceKey)) ...
 */
import { verifyMembershipChain, type MembershipState } from '@securebase/crypto';
import { SecureBaseError } from '@securebase/protocol';
import type { RelayStorage } from './storage/types.js';

export interface LoadedMembership {
  /** The encoded ops, genesis first. */
  ops: Uint8Array[];
  state: MembershipState;
  /** Seq of the newest op (0 = only the genesis op). */
  head: number;
}

/** The verified membership of a space, or undefined if the space does not exist. */
export function loadMembership(storage: RelayStorage, spaceId: string, now: number): LoadedMembership | undefined {
  const ops = storage.listMembershipOps(spaceId);
  if (!ops) return undefined;
  const verified = verifyMembershipChain(ops, { now });
  // Only verified ops are ever stored, so a failure here means the database was altered.
  if (!verified.ok) throw new SecureBaseError('server-error', `stored membership chain failed verification: ${verified.error.code}`);
  return { ops, state: verified.value, head: ops.length - 1 };
}
