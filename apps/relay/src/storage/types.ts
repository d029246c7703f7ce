/**
 * The relay's storage interface. The relay only stores opaque bytes plus the few public fields it
 * needs to enforce its rules (ids, seq numbers, author keys, clocks, expiry). Adapters implement
 * it; SQLite (`openSqliteStorage`) is the default. Methods are synchronous because the default
 * adapter is, and because a synchronous check-then-write cannot interleave with another request.
 *
 *   const storage: RelayStorage = openSqliteStorage('./data');
 *   storage.createSpace(spaceId, genesisBytes, Date.now());
 *   const result = storage.appendUpdate({ spaceId, docId, author, clock: 1, envelope, quotaBytes });
 */
import type { SequencedEnvelope } from '@securebase/protocol';

/** An invite as the relay keeps it: the certificate and the payload stay opaque bytes. */
export interface StoredInvite {
  inviteId: string;
  spaceId: string;
  certificate: Uint8Array;
  payload: Uint8Array;
  expiresAt: number;
  createdAt: number;
  /** When the invite was redeemed; undefined while unused. */
  usedAt: number | undefined;
}

/** Outcome of appending a membership op or redeeming an invite. */
export type MembershipAppendResult =
  | { status: 'appended'; head: number }
  /** Another op took this seq first: reload the chain and verify again. */
  | { status: 'head-moved' }
  | { status: 'unknown-space' }
  | { status: 'invite-used' }
  | { status: 'quota-exceeded' };

export interface AppendUpdateInput {
  spaceId: string;
  docId: string;
  /** Author device key from the envelope header. */
  author: Uint8Array;
  /** The author's per-document clock from the envelope header. */
  clock: number;
  envelope: Uint8Array;
  /** Refuse the write if the space would then hold more than this many bytes. */
  quotaBytes: number;
}

export type AppendUpdateResult =
  | { status: 'committed'; seq: number }
  /** The same author, clock and bytes were committed before: the seq it got then. */
  | { status: 'duplicate'; seq: number }
  /** The clock is not last + 1 and is not an identical retry. */
  | { status: 'clock-conflict'; expectedClock: number }
  | { status: 'quota-exceeded' }
  | { status: 'unknown-space' };

export interface RelayStorage {
  /** Create a space with its genesis op; false if the space already exists. */
  createSpace(spaceId: string, genesis: Uint8Array, now: number): boolean;
  /** True if the space exists. */
  hasSpace(spaceId: string): boolean;
  /** Every membership op of the space in chain order, or undefined for an unknown space. */
  listMembershipOps(spaceId: string): Uint8Array[] | undefined;
  /** Append op number `seq`; atomic with the check that `seq` is the next index. */
  appendMembershipOp(spaceId: string, seq: number, op: Uint8Array, quotaBytes: number): MembershipAppendResult;

  /** Store a new invite; false if an invite with this id already exists. */
  createInvite(invite: Omit<StoredInvite, 'usedAt'>, quotaBytes: number): 'created' | 'exists' | 'quota-exceeded' | 'unknown-space';
  /** The invite with this id, used or not. */
  getInvite(inviteId: string): StoredInvite | undefined;
  /** Mark the invite used and append the add-partner op `seq` in ONE transaction. */
  redeemInvite(inviteId: string, seq: number, op: Uint8Array, now: number, quotaBytes: number): MembershipAppendResult;

  /** Append an update: checks the author's clock and assigns the next per-document seq atomically. */
  appendUpdate(input: AppendUpdateInput): AppendUpdateResult;
  /** Updates with seq > afterSeq in seq order, stopping once `maxBytes` is reached (at least one). */
  listUpdates(spaceId: string, docId: string, afterSeq: number, maxBytes: number): SequencedEnvelope[];
  /** The last seq assigned in this document (0 if none). */
  headSeq(spaceId: string, docId: string): number;
  /** Bytes stored for the space (0 for an unknown space). */
  spaceBytes(spaceId: string): number;

  /** Release the storage; further calls throw. */
  close(): void;
}
