/**
 * The relay's view of a space's membership chain: load the stored ops and verify them with
 * @securebase/crypto (public keys and signatures only), so the relay can decide who may connect,
 * write, link devices and receive key wraps. `MembershipCache` keeps the verified state per
 * space and, when the stored chain has grown, verifies only the new ops from the last verified
 * state (extendMembershipChain): the work of a head change is the ops it adds, not the chain's
 * length. It keeps states, never op bytes, so its memory does not grow with the chain either.
 *
 *   const members = await membership.load(spaceId, Date.now());
 *   if (members && isMemberDevice(members.state, deviceKey)) ...
 */
import { extendMembershipChain, verifyMembershipChain, type MembershipState } from '@securebase/crypto';
import { SecureBaseError } from '@securebase/protocol';
import type { RelayStorage } from './storage/types.js';

export interface LoadedMembership {
  state: MembershipState;
  /** Seq of the newest op (0 = only the genesis op). */
  head: number;
}

/** A verified state with the identity of the space it belongs to. */
interface CachedMembership extends LoadedMembership {
  /** Creation time of the space: a space id freed by the sweeper may be created again. */
  createdAt: number;
}

// Only verified ops are ever stored, so a failure here means the database was altered.
function storedChainFailed(code: string): SecureBaseError {
  return new SecureBaseError('server-error', `stored membership chain failed verification: ${code}`);
}

/** The verified membership of a space from genesis, or undefined if the space does not exist. */
export async function loadMembership(storage: RelayStorage, spaceId: string, now: number): Promise<LoadedMembership | undefined> {
  const ops = await storage.listMembershipOps(spaceId);
  if (!ops) return undefined;
  const verified = verifyMembershipChain(ops, { now });
  if (!verified.ok) throw storedChainFailed(verified.error.code);
  return { state: verified.value, head: ops.length - 1 };
}

/** Spaces whose verified state is kept in memory; the least recently used one goes first. */
const DEFAULT_CACHED_SPACES = 1024;

/** Verified membership per space, brought up to date with the new ops whenever the head moves. */
export class MembershipCache {
  readonly #storage: RelayStorage;
  readonly #max: number;
  readonly #spaces = new Map<string, CachedMembership>();

  constructor(storage: RelayStorage, maxSpaces = DEFAULT_CACHED_SPACES) {
    this.#storage = storage;
    this.#max = maxSpaces;
  }

  /** The verified membership of a space, or undefined if the space does not exist. */
  async load(spaceId: string, now: number): Promise<LoadedMembership | undefined> {
    const tip = await this.#storage.membershipTip(spaceId);
    // Read after the await: another load may have brought the cache further meanwhile. A state
    // always belongs to its own head, so whichever load stores last, the cache stays true.
    const cached = this.#spaces.get(spaceId);
    this.#spaces.delete(spaceId);
    if (tip === undefined) return undefined;
    const current = await this.#bringUpToDate(spaceId, cached?.createdAt === tip.createdAt ? cached : undefined, tip.head, now);
    if (!current) return undefined;
    this.#spaces.set(spaceId, { ...current, createdAt: tip.createdAt });
    if (this.#spaces.size > this.#max) {
      const oldest = this.#spaces.keys().next().value;
      if (oldest !== undefined) this.#spaces.delete(oldest);
    }
    return current;
  }

  async #bringUpToDate(spaceId: string, cached: LoadedMembership | undefined, head: number, now: number): Promise<LoadedMembership | undefined> {
    // The chain only ever grows, so an unchanged head means unchanged ops.
    if (cached && cached.head === head) return cached;
    if (!cached || cached.head > head) return loadMembership(this.#storage, spaceId, now);
    const newOps = await this.#storage.listMembershipOps(spaceId, cached.head);
    if (!newOps) return undefined;
    const extended = extendMembershipChain(cached.state, newOps, { now });
    if (!extended.ok) throw storedChainFailed(extended.error.code);
    return { state: extended.value, head: cached.head + newOps.length };
  }
}
