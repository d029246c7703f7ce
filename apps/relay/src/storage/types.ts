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

/** Where a device link is in its life: created, asked for by a new device, consumed by link-device. */
export type DeviceLinkStatus = 'open' | 'requested' | 'linked';

/** A device link as the relay keeps it; certificate and request stay opaque bytes. */
export interface StoredDeviceLink {
  linkId: string;
  spaceId: string;
  /** The partner the new device will belong to (from the verified certificate). */
  partnerId: string;
  certificate: Uint8Array;
  expiresAt: number;
  createdAt: number;
  status: DeviceLinkStatus;
  /** The new device's signed request, once posted. */
  request: Uint8Array | undefined;
  /** The device key the verified request names. */
  requestDevice: Uint8Array | undefined;
  /** When a link-device op consumed the link. */
  usedAt: number | undefined;
}

export type NewDeviceLink = Pick<StoredDeviceLink, 'linkId' | 'spaceId' | 'partnerId' | 'certificate' | 'expiresAt' | 'createdAt'>;

export type RequestDeviceLinkResult = 'requested' | 'already-requested' | 'not-open' | 'quota-exceeded';

/** A sealed key bundle waiting for its recipient device. */
export interface StoredKeyWrap {
  /** Increasing across the relay; clients fetch the wraps after the last id they saw. */
  id: number;
  wrap: Uint8Array;
}

/** Everything one membership request changes, applied in ONE transaction or not at all. */
export interface MembershipBatchInput {
  spaceId: string;
  /** Seq of the first op; the others follow it. */
  firstSeq: number;
  ops: Uint8Array[];
  wraps: { recipient: Uint8Array; wrap: Uint8Array }[];
  /** Links consumed by link-device ops: each must still be requested by exactly `device` and unexpired. */
  linksUsed: { linkId: string; device: Uint8Array }[];
  /** Devices that stop being members: their stored wraps are deleted. */
  revokedDevices: Uint8Array[];
  /** Documents deleted with every update, snapshot and clock (a leaving partner's private document). */
  deletedDocs: string[];
  now: number;
  quotaBytes: number;
}

export type MembershipBatchResult = MembershipAppendResult | { status: 'link-unavailable'; linkId: string };

/** The newest snapshot of a document. */
export interface StoredSnapshot {
  coversSeq: number;
  /** BLAKE2b-256 of the envelope: the `parentHash` the next snapshot must name. */
  hash: Uint8Array;
  envelope: Uint8Array;
}

export interface PutSnapshotInput {
  spaceId: string;
  docId: string;
  /** Hash of the snapshot this one replaces; empty when the document has none yet. */
  parentHash: Uint8Array;
  coversSeq: number;
  hash: Uint8Array;
  envelope: Uint8Array;
  now: number;
  quotaBytes: number;
}

export type PutSnapshotResult =
  /** Stored; `prunedBytes` of covered updates were deleted with it. */
  | { status: 'stored'; prunedBytes: number }
  /** The parent is not the current snapshot, or coversSeq is not in (current coversSeq, head]. */
  | { status: 'conflict'; detail: string }
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
  /** Updates with seq > afterSeq in seq order, stopping once `maxBytes` is reached (at least one). Pruned updates are gone. */
  listUpdates(spaceId: string, docId: string, afterSeq: number, maxBytes: number): SequencedEnvelope[];
  /** The last seq assigned in this document (0 if none). */
  headSeq(spaceId: string, docId: string): number;
  /** Bytes stored for the space (0 for an unknown space). */
  spaceBytes(spaceId: string): number;

  /** Number of the newest membership op, or undefined for an unknown space (cheap: no op bytes). */
  membershipHead(spaceId: string): number | undefined;
  /** Append ops, wraps, link use and deletions of a membership request atomically. */
  appendMembershipBatch(input: MembershipBatchInput): MembershipBatchResult;

  /** Store a new device link (and drop the space's expired, unconsumed ones). */
  createDeviceLink(link: NewDeviceLink, quotaBytes: number): 'created' | 'exists' | 'quota-exceeded' | 'unknown-space';
  /** The device link with this id, in any status. */
  getDeviceLink(linkId: string): StoredDeviceLink | undefined;
  /** Record the new device's request on an open link; an identical repeat is 'already-requested'. */
  requestDeviceLink(linkId: string, request: Uint8Array, device: Uint8Array, quotaBytes: number): RequestDeviceLinkResult;

  /** Wraps for `recipient` in the space with id > afterId, oldest first. */
  listKeyWraps(spaceId: string, recipient: Uint8Array, afterId: number): StoredKeyWrap[];

  /** The seq the newest snapshot of a document covers (0 if none), without reading its bytes. */
  snapshotCoversSeq(spaceId: string, docId: string): number;
  /** The newest snapshot of a document, if any. */
  getSnapshot(spaceId: string, docId: string): StoredSnapshot | undefined;
  /** Compare-and-swap the document's snapshot and prune the updates it covers, in one transaction. */
  putSnapshot(input: PutSnapshotInput): PutSnapshotResult;

  /** Release the storage; further calls throw. */
  close(): void;
}
