/**
 * The relay's view of a space's membership chain: load the stored ops and verify them with
 * @securebase/crypto (public keys and signatures only), so the relay can decide who may connect,
 * write, link devices and receive key wraps. `MembershipCache` keeps the verified state per
 * space and re-verifies from genesis only when the stored chain has grown, because every push
 * now needs the current key epochs.
 *
 *   const members = membership.load(spaceId, Date.now());
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

/** Spaces whose verified state is kept in memory; the least recently used one goes first. */
const DEFAULT_CACHED_SPACES = 1024;

/** Verified membership per space, reloaded whenever the stored chain has a new head. */
export class MembershipCache {
  readonly #storage: RelayStorage;
  readonly #max: number;
  readonly #spaces = new Map<string, LoadedMembership>();

  constructor(storage: RelayStorage, maxSpaces = DEFAULT_CACHED_SPACES) {
    this.#storage = storage;
    this.#max = maxSpaces;
  }

  /** The verified membership of a space, or undefined if the space does not exist. */
  load(spaceId: string, now: number): LoadedMembership | undefined {
    const head = this.#storage.membershipHead(spaceId);
    const cached = this.#spaces.get(spaceId);
    this.#spaces.delete(spaceId);
    if (head === undefined) return undefined;
    // The chain only ever grows, so an unchanged head means unchanged ops.
    const current = cached?.head === head ? cached : loadMembership(this.#storage, spaceId, now);
    if (!current) return undefined;
    this.#spaces.set(spaceId, current);
    if (this.#spaces.size > this.#max) {
      const oldest = this.#spaces.keys().next().value;
      if (oldest !== undefined) this.#spaces.delete(oldest);
    }
    return current;
  }
}
