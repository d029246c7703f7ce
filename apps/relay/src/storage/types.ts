/**
 * The relay's storage interface. The relay only stores opaque bytes plus the few public fields it
 * needs to enforce its rules (ids, seq numbers, author keys, clocks, expiry). Adapters implement
 * it: SQLite is the default (sqlite.ts), PostgreSQL serves several relay nodes (postgres.ts), and
 * an in-memory adapter (memory.ts) serves fast unit tests.
 *
 * `RelayStorage` is asynchronous (the seam): every method returns a Promise and is ONE atomic
 * transaction with its rules inside it (clock last+1, identical-retry duplicate, quotas, snapshot
 * compare-and-swap + prune, invite redemption, membership batches), so no caller ever does a
 * check-then-write across two calls. `SyncRelayStorage` is the same contract for adapters whose
 * engine is synchronous (better-sqlite3, memory); `resolvedStorage` turns one into a RelayStorage.
 *
 *   const storage: RelayStorage = openSqliteRelayStorage('./data');
 *   await storage.createSpace(spaceId, genesisBytes, Date.now());
 *   const result = await storage.appendUpdate({ spaceId, docId, partnerId, author, clock: 1, envelope, partnerQuotaBytes, maxDocuments });
 *
 * Storage is charged in two parts. Updates and snapshots count against their author's partner
 * (`partnerQuotaBytes`: each partner has their own headroom); everything else (membership ops,
 * invites, device links, key wraps) counts against the space (`quotaBytes`). `spaceBytes` is the
 * sum of both, and `totals()` sums every space.
 */
import type { SequencedEnvelope } from '@securebase/protocol';

/**
 * An open invite as the relay keeps it: the certificate and the payload stay opaque bytes. Only
 * open invites exist: redeeming, revoking, the space filling up or expiry delete the invite with
 * its payload and leave an `EndedInvite` tombstone.
 */
export interface StoredInvite {
  inviteId: string;
  spaceId: string;
  certificate: Uint8Array;
  payload: Uint8Array;
  expiresAt: number;
  createdAt: number;
}

/** Why an invite stopped being open. */
export type InviteEndReason = 'used' | 'revoked' | 'space-full' | 'expired';

/** What is left of an invite that ended: its id, why and when (never its payload). */
export interface EndedInvite {
  reason: InviteEndReason;
  endedAt: number;
}

/** Outcome of appending a membership op or redeeming an invite. */
export type MembershipAppendResult =
  | { status: 'appended'; head: number }
  /** Another op took this seq first: reload the chain and verify again. */
  | { status: 'head-moved' }
  | { status: 'unknown-space' }
  | { status: 'invite-used' }
  /** The space's records (ops, invites, links, wraps) would exceed `quotaBytes`. */
  | { status: 'quota-exceeded' };

export interface AppendUpdateInput {
  spaceId: string;
  docId: string;
  /** The author device's partner: the update counts against this partner's share. */
  partnerId: string;
  /** Author device key from the envelope header. */
  author: Uint8Array;
  /** The author's per-document clock from the envelope header. */
  clock: number;
  envelope: Uint8Array;
  /** Refuse the write if the partner would then be charged more than this many bytes. */
  partnerQuotaBytes: number;
  /** Refuse an update that would start a new document once the space has this many. */
  maxDocuments: number;
}

export type AppendUpdateResult =
  | { status: 'committed'; seq: number }
  /** The same author, clock and bytes were committed before: the seq it got then. */
  | { status: 'duplicate'; seq: number }
  /** The clock is not last + 1 and is not an identical retry. */
  | { status: 'clock-conflict'; expectedClock: number }
  /** The author's partner has used up their share of the space. */
  | { status: 'partner-quota-exceeded' }
  /** The update would start a new document and the space already has `maxDocuments`. */
  | { status: 'too-many-documents' }
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

/** What one catch-up turn reads (see readCatchUp): one consistent state of the document. */
export interface CatchUpRead {
  /** The newest snapshot, only if it covers more than the `afterSeq` asked from. */
  snapshot: StoredSnapshot | undefined;
  /** Updates after the snapshot (if any) or `afterSeq`, budgeted as listUpdates. */
  updates: SequencedEnvelope[];
  /** The document's head in the same state. */
  headSeq: number;
}

export interface PutSnapshotInput {
  spaceId: string;
  docId: string;
  /** The author device's partner: the snapshot counts against this partner's share. */
  partnerId: string;
  /** Hash of the snapshot this one replaces; empty when the document has none yet. */
  parentHash: Uint8Array;
  coversSeq: number;
  hash: Uint8Array;
  envelope: Uint8Array;
  now: number;
  /** Refuse a snapshot that would grow its author's partner past this many bytes. */
  partnerQuotaBytes: number;
}

export type PutSnapshotResult =
  /** Stored; `prunedBytes` of covered updates were deleted with it. */
  | { status: 'stored'; prunedBytes: number }
  /** The parent is not the current snapshot, or coversSeq is not in (current coversSeq, head]. */
  | { status: 'conflict'; detail: string }
  /** The author's partner has used up their share of the space. */
  | { status: 'partner-quota-exceeded' }
  | { status: 'unknown-space' };

/** Input of `redeemInvite`. */
export interface RedeemInviteInput {
  inviteId: string;
  seq: number;
  op: Uint8Array;
  now: number;
  /** Quota of the space's records (the op counts against it; the freed invite gives back). */
  quotaBytes: number;
  /** The space has its two partners once this op lands: close every other open invite. */
  closeOthers: boolean;
}

/** See `membershipTip`. */
export interface MembershipTip {
  head: number;
  createdAt: number;
}

/** What the whole relay holds: every space (paired or not) and every byte charged to any of them. */
export interface RelayTotals {
  spaces: number;
  bytes: number;
}

/** The storage contract with synchronous methods (see the file comment); read it as the rules of RelayStorage. */
export interface SyncRelayStorage {
  /** Create a space with its genesis op; false if the space already exists. */
  createSpace(spaceId: string, genesis: Uint8Array, now: number): boolean;
  /** True if the space exists. */
  hasSpace(spaceId: string): boolean;
  /** Membership ops with seq > afterSeq (default: all) in chain order, or undefined for an unknown space. */
  listMembershipOps(spaceId: string, afterSeq?: number): Uint8Array[] | undefined;
  /** Append op number `seq`; atomic with the check that `seq` is the next index. */
  appendMembershipOp(spaceId: string, seq: number, op: Uint8Array, quotaBytes: number): MembershipAppendResult;

  /** Store a new invite; 'exists' if an open or ended invite already has this id. */
  createInvite(invite: StoredInvite, quotaBytes: number): 'created' | 'exists' | 'quota-exceeded' | 'unknown-space';
  /** The open invite with this id. */
  getInvite(inviteId: string): StoredInvite | undefined;
  /** The tombstone of an invite that is no longer open. */
  getEndedInvite(inviteId: string): EndedInvite | undefined;
  /**
   * Append the add-partner op `seq`, delete the invite with its payload (tombstone 'used') and
   * mark the space paired, in ONE transaction; with `closeOthers` (the space now has its two
   * partners) every other open invite of the space is deleted too (tombstone 'space-full').
   */
  redeemInvite(input: RedeemInviteInput): MembershipAppendResult;
  /** Delete every open invite of the space with its payload (tombstone 'revoked'); how many. */
  revokeInvites(spaceId: string, now: number): number;

  /** Append an update: checks the author's clock and assigns the next per-document seq atomically. */
  appendUpdate(input: AppendUpdateInput): AppendUpdateResult;
  /** Updates with seq > afterSeq in seq order, stopping once `maxBytes` is reached (at least one). Pruned updates are gone. */
  listUpdates(spaceId: string, docId: string, afterSeq: number, maxBytes: number): SequencedEnvelope[];
  /** The last seq assigned in this document (0 if none). */
  headSeq(spaceId: string, docId: string): number;
  /** Bytes stored for the space, records and both partners' shares (0 for an unknown space). */
  spaceBytes(spaceId: string): number;
  /** Bytes of updates and snapshots charged to one partner of the space. */
  partnerBytes(spaceId: string, partnerId: string): number;

  /** Number of the newest membership op, or undefined for an unknown space (cheap: no op bytes). */
  membershipHead(spaceId: string): number | undefined;
  /**
   * The newest op's number with the space's creation time, or undefined for an unknown space:
   * a cached verified state is only valid for the same space, and a space id freed by the
   * sweeper could be created again.
   */
  membershipTip(spaceId: string): MembershipTip | undefined;
  /** Append ops, wraps, link use and deletions of a membership request atomically. */
  appendMembershipBatch(input: MembershipBatchInput): MembershipBatchResult;

  /** Store a new device link (and drop the space's expired, unconsumed ones); records quota `quotaBytes`. */
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
  /**
   * One catch-up turn as one consistent state of the document: the snapshot if it covers more
   * than `afterSeq`, the updates after what the client then has (budgeted as listUpdates), and
   * the head. A prune committed meanwhile (on any node) is wholly seen or not at all, so the
   * updates always start right after the snapshot or `afterSeq`, or the log truly has a gap.
   */
  readCatchUp(spaceId: string, docId: string, afterSeq: number, maxBytes: number): CatchUpRead;
  /** Compare-and-swap the document's snapshot and prune the updates it covers, in one transaction. */
  putSnapshot(input: PutSnapshotInput): PutSnapshotResult;

  /** Spaces and stored bytes across the whole relay, for the global caps (O(1): a one-row table). */
  totals(): RelayTotals;

  /** Delete up to `maxRows` invites that expired at or before `now`, payload included (tombstone 'expired'). */
  purgeExpiredInvites(now: number, maxRows: number): number;
  /** Delete up to `maxRows` invite tombstones that ended at or before `endedBefore`. */
  purgeInviteTombstones(endedBefore: number, maxRows: number): number;
  /** Delete up to `maxRows` device links: unconsumed ones expired by `now`, consumed ones used by `consumedBefore`. */
  purgeDeviceLinks(now: number, consumedBefore: number, maxRows: number): number;
  /**
   * Delete spaces created at or before `createdBefore` that never got a second partner and hold
   * no invite still open at `now`, with every row they hold; at most about `maxRows` rows per
   * call (a large space is finished by later calls). Returns the spaces fully deleted.
   */
  purgeAbandonedSpaces(createdBefore: number, now: number, maxRows: number): number;

  /** Release the storage; further calls throw. */
  close(): void;
}

/** A method of SyncRelayStorage, answering through a Promise. */
type Promised<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;

/** The relay's storage seam: every SyncRelayStorage method, asynchronous, each one atomic transaction. */
export type RelayStorage = { [K in keyof SyncRelayStorage]: Promised<SyncRelayStorage[K]> };
