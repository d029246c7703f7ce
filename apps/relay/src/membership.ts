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

  /**
   * Loads bringing a space's cached state to a head, by space. A load that finds one going to the
   * very head (and space creation) its own tip read just named shares it: when a node restarts,
   * every device of a space reconnects at once, and each would otherwise verify the whole chain.
   * A load joins only after its own tip read, so it never gets a state older than what storage
   * held when it started (a removal that landed first is always seen).
   */
  readonly #loading = new Map<string, { createdAt: number; head: number; done: Promise<LoadedMembership | undefined> }>();

  /** The verified membership of a space, or undefined if the space does not exist. */
  async load(spaceId: string, now: number): Promise<LoadedMembership | undefined> {
    const tip = await this.#storage.membershipTip(spaceId);
    if (tip === undefined) {
      this.#spaces.delete(spaceId);
      return undefined;
    }
    // Read after the await: another load may have brought the cache further meanwhile. A state
    // always belongs to its own head, so whichever load stores last, the cache stays true.
    const cached = this.#spaces.get(spaceId);
    const usable = cached?.createdAt === tip.createdAt ? cached : undefined;
    if (usable && usable.head === tip.head) {
      // The chain only ever grows, so an unchanged head means unchanged ops; the most recently used goes last.
      this.#spaces.delete(spaceId);
      this.#spaces.set(spaceId, usable);
      return usable;
    }
    const flying = this.#loading.get(spaceId);
    if (flying && flying.createdAt === tip.createdAt && flying.head === tip.head) return flying.done;
    const done = this.#bringUpToDate(spaceId, usable, tip.head, now).then((current) => {
      if (current) this.#remember(spaceId, { ...current, createdAt: tip.createdAt });
      return current;
    });
    const entry = { createdAt: tip.createdAt, head: tip.head, done };
    this.#loading.set(spaceId, entry);
    try {
      return await done;
    } finally {
      if (this.#loading.get(spaceId) === entry) this.#loading.delete(spaceId);
    }
  }

  #remember(spaceId: string, state: CachedMembership): void {
    this.#spaces.delete(spaceId);
    this.#spaces.set(spaceId, state);
    if (this.#spaces.size > this.#max) {
      const oldest = this.#spaces.keys().next().value;
      if (oldest !== undefined) this.#spaces.delete(oldest);
    }
  }

  async #bringUpToDate(spaceId: string, cached: LoadedMembership | undefined, head: number, now: number): Promise<LoadedMembership | undefined> {
    if (!cached || cached.head > head) return loadMembership(this.#storage, spaceId, now);
    const newOps = await this.#storage.listMembershipOps(spaceId, cached.head);
    if (!newOps) return undefined;
    const extended = extendMembershipChain(cached.state, newOps, { now });
    if (!extended.ok) throw storedChainFailed(extended.error.code);
    return { state: extended.value, head: cached.head + newOps.length };
  }
}
