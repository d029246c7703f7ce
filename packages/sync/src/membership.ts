/**
 * Fetch the membership chain from the relay and verify all of it on this device, from genesis.
 * The relay is not trusted: the chain must verify, belong to this space, and extend the head this
 * device verified before (a shorter chain is a rollback, a different op at a known seq a fork).
 *
 *   const state = await fetchVerifiedMembershipFrom(client, spaceId, { known: lastHead });
 *   isMemberDevice(state, deviceKey);
 *   const { ops, state: same } = await fetchVerifiedChainFrom(client, spaceId); // ops too, for history
 */
import { bytesEqual, SecureBaseError, decodeMembershipOp } from '@securebase/protocol';
import { hashMembershipOp, verifyMembershipChain, type MembershipState } from '@securebase/crypto';
import type { SpaceClient } from './space-client.js';

export interface VerifyMembershipOptions {
  /** The head this device verified earlier, if any. */
  known?: { seq: number; hash: Uint8Array } | undefined;
  /** Clock for certificate expiry checks (ms); defaults to Date.now(). */
  now?: number;
}

/** Verify already fetched encoded ops for `spaceId`; throws SecureBaseError('invalid-membership'). */
export function verifyMembershipFor(ops: Uint8Array[], spaceId: string, opts: VerifyMembershipOptions = {}): MembershipState {
  const result = verifyMembershipChain(ops, { now: opts.now ?? Date.now() });
  if (!result.ok) {
    throw result.error.code === 'invalid-membership' ? result.error : new SecureBaseError('invalid-membership', result.error.code);
  }
  // Safe to decode now: verification has parsed every op. A valid chain of another space is a substitution.
  if (decodeMembershipOp(ops[0]!).spaceId !== spaceId) {
    throw new SecureBaseError('invalid-membership', 'chain belongs to another space');
  }
  const known = opts.known;
  if (known) {
    const op = ops[known.seq];
    if (!op) throw new SecureBaseError('invalid-membership', 'chain is shorter than one verified before (rollback)');
    if (!bytesEqual(hashMembershipOp(op), known.hash)) {
      throw new SecureBaseError('invalid-membership', 'chain differs from one verified before (fork)');
    }
  }
  return result.value;
}

/** Fetch the chain through `client` and verify it (see verifyMembershipFor). */
export async function fetchVerifiedMembershipFrom(
  client: SpaceClient,
  spaceId: string,
  opts: VerifyMembershipOptions = {},
): Promise<MembershipState> {
  return (await fetchVerifiedChainFrom(client, spaceId, opts)).state;
}

/** Fetch and verify the chain, returning the verified encoded ops beside the state they describe. */
export async function fetchVerifiedChainFrom(
  client: SpaceClient,
  spaceId: string,
  opts: VerifyMembershipOptions = {},
): Promise<{ ops: Uint8Array[]; state: MembershipState }> {
  const ops = await client.getMembership(spaceId);
  return { ops, state: verifyMembershipFor(ops, spaceId, opts) };
}
