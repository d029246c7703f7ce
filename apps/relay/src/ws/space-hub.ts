/**
 * The authenticated sessions of each space on this node, and through the node's SpaceBus, on
 * every node: fan-out of commits, ephemerals and membership changes, and the per-space connection
 * limit. One hub per relay app; sessions join after auth and leave when their socket closes.
 *
 * This node's own sessions get a commit at once, envelope and all; the bus carries one hint per
 * commit to the other nodes (bus/types.ts), whose hubs hand it to their sessions. A hint without
 * its envelope, a seq gap or a reconcile makes a session read from storage (the truth), so
 * nothing the bus loses is lost to a client.
 *
 *   const hub = new SpaceHub<RelaySession>(bus);     // default: the in-process bus (one node)
 *   if (!(await hub.join(spaceId, session, limits.maxConnectionsPerSpace))) refuse();
 *   hub.publishUpdate(spaceId, session, docId, { seq, envelope });
 */
import type { MembershipState } from '@securebase/crypto';
import type { SequencedEnvelope } from '@securebase/protocol';
import type { LoadedMembership } from '../membership.js';
import { InProcessBus } from '../bus/in-process-bus.js';
import { HINT_ENVELOPE_MAX_BYTES, type BusReceiver, type ConnectionClaim, type SpaceBus, type UpdateHint } from '../bus/types.js';

/** What one reconcile round has read of one space, shared by its sessions so each is read once. */
export interface ReconcileRound {
  /** Stored head per document. */
  heads: Map<string, Promise<number>>;
  /** The space's membership (a membership message may have been lost too). */
  membership?: Promise<LoadedMembership | undefined>;
}

/** What a hub asks of a session. */
export interface HubMember {
  /** A commit with its envelope. */
  deliverUpdate(docId: string, entry: SequencedEnvelope): void;
  /** A commit whose envelope is in storage only. */
  deliverHint(docId: string, seq: number): void;
  deliverEphemeral(docId: string, envelope: Uint8Array): void;
  /** The membership is now `state` (appended on this node). */
  membershipChanged(state: MembershipState): void;
  /** Another node appended membership ops: load the membership and apply it. */
  recheckMembership(): void;
  /** Messages may have been lost: compare each live document's head with what was sent, and re-check membership. */
  reconcile(round: ReconcileRound): void;
}

export class SpaceHub<S extends HubMember> implements BusReceiver {
  readonly #spaces = new Map<string, Set<S>>();
  /** The space's bus subscription, awaited by every join so no session goes live before it. */
  readonly #watching = new Map<string, Promise<void>>();
  readonly #claims = new Map<S, ConnectionClaim>();
  readonly #bus: SpaceBus;

  constructor(bus: SpaceBus = new InProcessBus()) {
    this.#bus = bus;
    bus.start(this);
  }

  /** Add `session` to the space unless the space holds `max` sessions across all nodes; true if added. */
  async join(spaceId: string, session: S, max: number): Promise<boolean> {
    if (this.#spaces.get(spaceId)?.has(session)) return true;
    const claim = await this.#bus.claimConnection(spaceId, max);
    if (!claim) return false;
    let sessions = this.#spaces.get(spaceId);
    if (!sessions) {
      sessions = new Set();
      this.#spaces.set(spaceId, sessions);
      this.#watching.set(spaceId, this.#bus.watch(spaceId));
    }
    sessions.add(session);
    this.#claims.set(session, claim);
    await this.#watching.get(spaceId);
    return true;
  }

  /** Remove `session` from the space (no-op if absent) and give back its connection slot. */
  leave(spaceId: string, session: S): void {
    const sessions = this.#spaces.get(spaceId);
    if (!sessions?.delete(session)) return;
    this.#claims.get(session)?.release();
    this.#claims.delete(session);
    if (sessions.size > 0) return;
    this.#spaces.delete(spaceId);
    this.#watching.delete(spaceId);
    this.#bus.unwatch(spaceId);
  }

  /** A commit by `from`: to this node's other sessions now, and one hint to the other nodes. */
  publishUpdate(spaceId: string, from: S, docId: string, entry: SequencedEnvelope): void {
    for (const other of this.others(spaceId, from)) other.deliverUpdate(docId, entry);
    const envelope = entry.envelope.byteLength <= HINT_ENVELOPE_MAX_BYTES ? entry.envelope : undefined;
    this.#bus.publishUpdate(spaceId, { docId, seq: entry.seq, envelope });
  }

  /** An ephemeral envelope from `from`, to every other session of the space on every node. */
  publishEphemeral(spaceId: string, from: S, docId: string, envelope: Uint8Array): void {
    for (const other of this.others(spaceId, from)) other.deliverEphemeral(docId, envelope);
    this.#bus.publishEphemeral(spaceId, docId, envelope);
  }

  /** Ops were appended on this node: its sessions see `state` before the response goes out; other nodes load it. */
  announceMembership(spaceId: string, state: MembershipState): void {
    for (const session of this.members(spaceId)) session.membershipChanged(state);
    this.#bus.publishMembershipChanged(spaceId);
  }

  update(spaceId: string, hint: UpdateHint): void {
    const { docId, seq, envelope } = hint;
    for (const session of this.members(spaceId)) {
      if (envelope) session.deliverUpdate(docId, { seq, envelope });
      else session.deliverHint(docId, seq);
    }
  }

  ephemeral(spaceId: string, docId: string, envelope: Uint8Array): void {
    for (const session of this.members(spaceId)) session.deliverEphemeral(docId, envelope);
  }

  membershipChanged(spaceId: string): void {
    for (const session of this.members(spaceId)) session.recheckMembership();
  }

  reconcile(): void {
    for (const sessions of this.#spaces.values()) {
      const round: ReconcileRound = { heads: new Map() };
      for (const session of [...sessions]) session.reconcile(round);
    }
  }

  /** Whether the bus carries messages between nodes now (always, for one node). */
  busReady(): boolean {
    return this.#bus.ready();
  }

  /** The other sessions of the space, as a snapshot safe to iterate while sessions close. */
  others(spaceId: string, session: S): S[] {
    return [...(this.#spaces.get(spaceId) ?? [])].filter((other) => other !== session);
  }

  /** Every session of the space, as a snapshot safe to iterate while sessions close. */
  members(spaceId: string): S[] {
    return [...(this.#spaces.get(spaceId) ?? [])];
  }

  /** Number of this node's sessions in the space. */
  size(spaceId: string): number {
    return this.#spaces.get(spaceId)?.size ?? 0;
  }
}
