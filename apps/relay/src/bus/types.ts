/**
 * The bus between relay nodes that serve the same spaces from one database. The database stays
 * the only source of truth and assigns every seq; the bus only says "something changed", so a
 * lost, late or repeated message costs a storage read, never an update: a receiver that sees a
 * seq gap, or a hint without its envelope, reads what it lacks from storage, and after every
 * reconnect (and periodically) it re-checks the heads of what it serves.
 *
 * Two implementations: the in-process bus (one node, the default with SQLite: nothing to carry)
 * and the Redis bus (redis-bus.ts: pub/sub per space, cross-node connection counts).
 *
 *   const bus: SpaceBus = new InProcessBus();
 *   bus.start(receiver);                        // the node's SpaceHub
 *   await bus.watch(spaceId);                   // before the first session of the space goes live
 *   bus.publishUpdate(spaceId, { docId, seq, envelope });   // once per commit
 */

/** "Space S, document D has seq N", with the envelope when it is small enough to carry. */
export interface UpdateHint {
  docId: string;
  seq: number;
  /** Absent for a large envelope: the receiver reads it from storage. */
  envelope?: Uint8Array;
}

/** Envelopes up to this size travel in the hint; larger ones are read from storage by each receiver. */
export const HINT_ENVELOPE_MAX_BYTES = 16 * 1024;

/** What a node does with the messages other nodes publish (the SpaceHub implements it). */
export interface BusReceiver {
  /** Another node committed an update. */
  update(spaceId: string, hint: UpdateHint): void;
  /** Another node's client sent an ephemeral envelope (presence): forwarded, never stored. */
  ephemeral(spaceId: string, docId: string, envelope: Uint8Array): void;
  /** Another node appended membership ops: re-check who may stay connected. */
  membershipChanged(spaceId: string): void;
  /** Messages may have been lost (reconnect, silent bus, periodic check): re-read heads from storage. */
  reconcile(): void;
}

/** A connection slot of a space, held while a session is connected; release() gives it back. */
export interface ConnectionClaim {
  release(): void;
}

export interface SpaceBus {
  /** Deliver other nodes' messages to `receiver` from now on (and its periodic `reconcile`, if other nodes exist). */
  start(receiver: BusReceiver): void;
  /** Receive the space's messages; resolves once subscribed (or once it is known the bus is down). */
  watch(spaceId: string): Promise<void>;
  /** Stop receiving the space's messages (its last session on this node left). */
  unwatch(spaceId: string): void;
  /** Tell the other nodes about one commit. Never throws: a lost hint is found by reconciliation. */
  publishUpdate(spaceId: string, hint: UpdateHint): void;
  publishEphemeral(spaceId: string, docId: string, envelope: Uint8Array): void;
  publishMembershipChanged(spaceId: string): void;
  /** Take one of the space's `max` connection slots across all nodes; undefined if all are taken. */
  claimConnection(spaceId: string, max: number): Promise<ConnectionClaim | undefined>;
  /** Whether the bus carries messages now (for /healthz). */
  ready(): boolean;
  close(): Promise<void>;
}
