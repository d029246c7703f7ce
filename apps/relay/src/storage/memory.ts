/**
 * The storage contract in memory, for fast unit tests of sessions and routes (nothing survives
 * the process). It keeps the same rules as the SQLite adapter, byte for byte of accounting, and
 * the contract suite (test/storage-contract.ts) holds both to them. Each method checks
 * everything before it changes anything, so a refused call leaves no trace: the in-memory form
 * of one transaction.
 *
 *   const storage = openMemoryRelayStorage();        // RelayStorage, asynchronous like the others
 *   await storage.createSpace(spaceId, genesis, Date.now());
 */
import { bytesEqual, type SequencedEnvelope } from '@securebase/protocol';
import { resolvedStorage } from './resolved.js';
import { readCatchUpFrom } from './catch-up-read.js';
import type {
  CatchUpRead,
  AppendUpdateInput,
  AppendUpdateResult,
  EndedInvite,
  InviteEndReason,
  MembershipAppendResult,
  MembershipBatchInput,
  MembershipBatchResult,
  MembershipTip,
  NewDeviceLink,
  PutSnapshotInput,
  PutSnapshotResult,
  RedeemInviteInput,
  RelayStorage,
  RelayTotals,
  RequestDeviceLinkResult,
  StoredDeviceLink,
  StoredInvite,
  StoredKeyWrap,
  StoredSnapshot,
  SyncRelayStorage,
} from './types.js';

interface StoredUpdate {
  seq: number;
  authorKey: string;
  clock: number;
  envelope: Uint8Array;
  partnerId: string;
}

interface DocumentState {
  head: number;
  /** Updates by seq, ascending (seqs only ever grow; pruning removes a prefix). */
  updates: Map<number, StoredUpdate>;
  /** Each author's last clock; survives pruning, like author_clocks. */
  clocks: Map<string, number>;
  snapshot: (StoredSnapshot & { partnerId: string }) | undefined;
}

interface KeyWrapRow {
  id: number;
  recipientKey: string;
  wrap: Uint8Array;
}

interface SpaceState {
  createdAt: number;
  bytes: number;
  pairedAt: number | undefined;
  abandonedAt: number | undefined;
  ops: Uint8Array[];
  partnerBytes: Map<string, number>;
  docs: Map<string, DocumentState>;
  wraps: KeyWrapRow[];
}

interface Tombstone extends EndedInvite {
  spaceId: string;
}

const keyOf = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
// Callers may reuse their buffers: keep and hand out copies, as a database would.
const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);
const linkBytes = (link: StoredDeviceLink): number => link.certificate.byteLength + (link.request?.byteLength ?? 0);

/** RelayStorage in memory (synchronous; `openMemoryRelayStorage` gives the asynchronous seam). */
export class MemoryStorage implements SyncRelayStorage {
  readonly #spaces = new Map<string, SpaceState>();
  readonly #invites = new Map<string, StoredInvite>();
  readonly #tombstones = new Map<string, Tombstone>();
  readonly #links = new Map<string, StoredDeviceLink>();
  #nextWrapId = 1;
  #totalBytes = 0;
  #closed = false;

  /** A space that exists and is not being deleted by the sweeper. */
  #live(spaceId: string): SpaceState | undefined {
    this.#check();
    const space = this.#spaces.get(spaceId);
    return space && space.abandonedAt === undefined ? space : undefined;
  }

  #check(): void {
    if (this.#closed) throw new Error('the storage is closed');
  }

  #recordBytes(space: SpaceState): number {
    let shares = 0;
    for (const bytes of space.partnerBytes.values()) shares += bytes;
    return space.bytes - shares;
  }

  #charge(space: SpaceState, delta: number, partnerId?: string): void {
    if (delta === 0) return;
    space.bytes += delta;
    this.#totalBytes += delta;
    if (partnerId !== undefined) space.partnerBytes.set(partnerId, (space.partnerBytes.get(partnerId) ?? 0) + delta);
  }

  createSpace(spaceId: string, genesis: Uint8Array, now: number): boolean {
    this.#check();
    if (this.#spaces.has(spaceId)) return false;
    this.#spaces.set(spaceId, {
      createdAt: now,
      bytes: genesis.byteLength,
      pairedAt: undefined,
      abandonedAt: undefined,
      ops: [copy(genesis)],
      partnerBytes: new Map(),
      docs: new Map(),
      wraps: [],
    });
    this.#totalBytes += genesis.byteLength;
    return true;
  }

  hasSpace(spaceId: string): boolean {
    return this.#live(spaceId) !== undefined;
  }

  listMembershipOps(spaceId: string, afterSeq = -1): Uint8Array[] | undefined {
    return this.#live(spaceId)?.ops.slice(Math.max(0, afterSeq + 1)).map(copy);
  }

  /** The checks of appending op `seq` (nothing changed). */
  #canAppendOp(space: SpaceState | undefined, seq: number, size: number, quotaBytes: number, extraRecords = 0): MembershipAppendResult {
    if (!space) return { status: 'unknown-space' };
    if (seq !== space.ops.length) return { status: 'head-moved' };
    if (this.#recordBytes(space) + extraRecords + size > quotaBytes) return { status: 'quota-exceeded' };
    return { status: 'appended', head: seq };
  }

  appendMembershipOp(spaceId: string, seq: number, op: Uint8Array, quotaBytes: number): MembershipAppendResult {
    const space = this.#live(spaceId);
    const result = this.#canAppendOp(space, seq, op.byteLength, quotaBytes);
    if (result.status !== 'appended' || !space) return result;
    space.ops.push(copy(op));
    this.#charge(space, op.byteLength);
    return result;
  }

  createInvite(invite: StoredInvite, quotaBytes: number): 'created' | 'exists' | 'quota-exceeded' | 'unknown-space' {
    const space = this.#live(invite.spaceId);
    if (!space) return 'unknown-space';
    const size = invite.certificate.byteLength + invite.payload.byteLength;
    if (this.#recordBytes(space) + size > quotaBytes) return 'quota-exceeded';
    // An ended invite's id stays taken while its tombstone lasts: its link must keep saying why.
    if (this.#tombstones.has(invite.inviteId) || this.#invites.has(invite.inviteId)) return 'exists';
    this.#invites.set(invite.inviteId, { ...invite, certificate: copy(invite.certificate), payload: copy(invite.payload) });
    this.#charge(space, size);
    return 'created';
  }

  getInvite(inviteId: string): StoredInvite | undefined {
    this.#check();
    const invite = this.#invites.get(inviteId);
    return invite && { ...invite, certificate: copy(invite.certificate), payload: copy(invite.payload) };
  }

  getEndedInvite(inviteId: string): EndedInvite | undefined {
    this.#check();
    const ended = this.#tombstones.get(inviteId);
    return ended && { reason: ended.reason, endedAt: ended.endedAt };
  }

  #endInvite(invite: StoredInvite, reason: InviteEndReason, now: number): void {
    this.#invites.delete(invite.inviteId);
    this.#tombstones.set(invite.inviteId, { spaceId: invite.spaceId, reason, endedAt: now });
    const space = this.#spaces.get(invite.spaceId);
    if (space) this.#charge(space, -(invite.certificate.byteLength + invite.payload.byteLength));
  }

  #invitesOf(spaceId: string): StoredInvite[] {
    return [...this.#invites.values()].filter((invite) => invite.spaceId === spaceId);
  }

  redeemInvite(input: RedeemInviteInput): MembershipAppendResult {
    this.#check();
    const invite = this.#invites.get(input.inviteId);
    if (!invite) return { status: 'invite-used' };
    const space = this.#live(invite.spaceId);
    const result = this.#canAppendOp(space, input.seq, input.op.byteLength, input.quotaBytes);
    if (result.status !== 'appended' || !space) return result;
    space.ops.push(copy(input.op));
    this.#charge(space, input.op.byteLength);
    this.#endInvite(invite, 'used', input.now);
    space.pairedAt ??= input.now;
    if (input.closeOthers) for (const other of this.#invitesOf(invite.spaceId)) this.#endInvite(other, 'space-full', input.now);
    return result;
  }

  revokeInvites(spaceId: string, now: number): number {
    this.#check();
    const open = this.#invitesOf(spaceId);
    for (const invite of open) this.#endInvite(invite, 'revoked', now);
    return open.length;
  }

  appendUpdate(input: AppendUpdateInput): AppendUpdateResult {
    const { docId, partnerId, clock, envelope } = input;
    const space = this.#live(input.spaceId);
    if (!space) return { status: 'unknown-space' };
    const author = keyOf(input.author);
    const doc = space.docs.get(docId);
    const last = doc?.clocks.get(author) ?? 0;
    if (clock !== last + 1) {
      // An identical retry (the ack was lost) gets the seq it was given the first time.
      const earlier = doc && clock <= last ? [...doc.updates.values()].find((u) => u.authorKey === author && u.clock === clock) : undefined;
      if (earlier && bytesEqual(earlier.envelope, envelope)) return { status: 'duplicate', seq: earlier.seq };
      return { status: 'clock-conflict', expectedClock: last + 1 };
    }
    if (!doc && space.docs.size >= input.maxDocuments) return { status: 'too-many-documents' };
    const share = space.partnerBytes.get(partnerId) ?? 0;
    if (share + envelope.byteLength > input.partnerQuotaBytes) return { status: 'partner-quota-exceeded' };
    const target = doc ?? { head: 0, updates: new Map(), clocks: new Map(), snapshot: undefined };
    space.docs.set(docId, target);
    const seq = target.head + 1;
    target.head = seq;
    target.updates.set(seq, { seq, authorKey: author, clock, envelope: copy(envelope), partnerId });
    target.clocks.set(author, clock);
    this.#charge(space, envelope.byteLength, partnerId);
    return { status: 'committed', seq };
  }

  listUpdates(spaceId: string, docId: string, afterSeq: number, maxBytes: number): SequencedEnvelope[] {
    this.#check();
    // Like the SQL query, this does not hide a space the sweeper is deleting.
    const doc = this.#spaces.get(spaceId)?.docs.get(docId);
    const entries: SequencedEnvelope[] = [];
    let total = 0;
    for (const update of doc?.updates.values() ?? []) {
      if (update.seq <= afterSeq) continue;
      if (entries.length > 0 && total + update.envelope.byteLength > maxBytes) break;
      entries.push({ seq: update.seq, envelope: copy(update.envelope) });
      total += update.envelope.byteLength;
    }
    return entries;
  }

  headSeq(spaceId: string, docId: string): number {
    this.#check();
    return this.#spaces.get(spaceId)?.docs.get(docId)?.head ?? 0;
  }

  spaceBytes(spaceId: string): number {
    return this.#live(spaceId)?.bytes ?? 0;
  }

  partnerBytes(spaceId: string, partnerId: string): number {
    this.#check();
    return this.#spaces.get(spaceId)?.partnerBytes.get(partnerId) ?? 0;
  }

  membershipHead(spaceId: string): number | undefined {
    return this.membershipTip(spaceId)?.head;
  }

  membershipTip(spaceId: string): MembershipTip | undefined {
    const space = this.#live(spaceId);
    if (!space || space.ops.length === 0) return undefined;
    return { head: space.ops.length - 1, createdAt: space.createdAt };
  }

  appendMembershipBatch(input: MembershipBatchInput): MembershipBatchResult {
    const { spaceId, now } = input;
    this.#check();
    for (const use of input.linksUsed) {
      const link = this.#links.get(use.linkId);
      const usable =
        link !== undefined &&
        link.spaceId === spaceId &&
        link.status === 'requested' &&
        link.expiresAt > now &&
        link.requestDevice !== undefined &&
        bytesEqual(link.requestDevice, use.device);
      if (!usable) return { status: 'link-unavailable', linkId: use.linkId };
    }
    // Every check first, on what the batch would leave: then nothing needs rolling back.
    const space = this.#live(spaceId);
    let added = 0;
    for (const [index, op] of input.ops.entries()) {
      const seq = input.firstSeq + index;
      const check = this.#canAppendOp(space, seq - index, op.byteLength, input.quotaBytes, added);
      if (check.status !== 'appended') return check;
      added += op.byteLength;
    }
    if (!space) return { status: 'unknown-space' };
    const revoked = new Set(input.revokedDevices.map(keyOf));
    const freed = space.wraps.filter((row) => revoked.has(row.recipientKey)).reduce((sum, row) => sum + row.wrap.byteLength, 0);
    const wrapBytes = input.wraps.reduce((sum, entry) => sum + entry.wrap.byteLength, 0);
    if (this.#recordBytes(space) + added - freed + wrapBytes > input.quotaBytes) return { status: 'quota-exceeded' };

    for (const op of input.ops) space.ops.push(copy(op));
    this.#charge(space, added);
    for (const use of input.linksUsed) {
      const link = this.#links.get(use.linkId);
      if (link) this.#links.set(use.linkId, { ...link, status: 'linked', usedAt: now });
    }
    space.wraps = space.wraps.filter((row) => !revoked.has(row.recipientKey));
    this.#charge(space, -freed);
    for (const docId of input.deletedDocs) this.#deleteDocument(space, docId);
    for (const entry of input.wraps) space.wraps.push({ id: this.#nextWrapId++, recipientKey: keyOf(entry.recipient), wrap: copy(entry.wrap) });
    this.#charge(space, wrapBytes);
    return { status: 'appended', head: input.firstSeq + input.ops.length - 1 };
  }

  #deleteDocument(space: SpaceState, docId: string): void {
    const doc = space.docs.get(docId);
    if (!doc) return;
    space.docs.delete(docId);
    for (const update of doc.updates.values()) this.#charge(space, -update.envelope.byteLength, update.partnerId);
    if (doc.snapshot) this.#charge(space, -doc.snapshot.envelope.byteLength, doc.snapshot.partnerId);
  }

  createDeviceLink(link: NewDeviceLink, quotaBytes: number): 'created' | 'exists' | 'quota-exceeded' | 'unknown-space' {
    const space = this.#live(link.spaceId);
    if (!space) return 'unknown-space';
    // Links that expired unconsumed can never be used: drop them instead of letting them pile up.
    for (const [id, other] of this.#links) {
      if (other.spaceId === link.spaceId && other.expiresAt <= link.createdAt && other.status !== 'linked') {
        this.#links.delete(id);
        this.#charge(space, -linkBytes(other));
      }
    }
    if (this.#recordBytes(space) + link.certificate.byteLength > quotaBytes) return 'quota-exceeded';
    if (this.#links.has(link.linkId)) return 'exists';
    this.#links.set(link.linkId, {
      ...link,
      certificate: copy(link.certificate),
      status: 'open',
      request: undefined,
      requestDevice: undefined,
      usedAt: undefined,
    });
    this.#charge(space, link.certificate.byteLength);
    return 'created';
  }

  getDeviceLink(linkId: string): StoredDeviceLink | undefined {
    this.#check();
    const link = this.#links.get(linkId);
    return link && { ...link, certificate: copy(link.certificate), request: link.request && copy(link.request), requestDevice: link.requestDevice && copy(link.requestDevice) };
  }

  requestDeviceLink(linkId: string, request: Uint8Array, device: Uint8Array, quotaBytes: number): RequestDeviceLinkResult {
    this.#check();
    const link = this.#links.get(linkId);
    if (!link) return 'not-open';
    if (link.status !== 'open') {
      // The new device retrying after a lost response gets the same answer again.
      const same = link.status === 'requested' && link.request !== undefined && bytesEqual(link.request, request);
      return same ? 'already-requested' : 'not-open';
    }
    const space = this.#spaces.get(link.spaceId);
    if (!space) return 'not-open';
    if (this.#recordBytes(space) + request.byteLength > quotaBytes) return 'quota-exceeded';
    this.#links.set(linkId, { ...link, status: 'requested', request: copy(request), requestDevice: copy(device) });
    this.#charge(space, request.byteLength);
    return 'requested';
  }

  listKeyWraps(spaceId: string, recipient: Uint8Array, afterId: number): StoredKeyWrap[] {
    this.#check();
    const key = keyOf(recipient);
    const rows = this.#spaces.get(spaceId)?.wraps ?? [];
    return rows.filter((row) => row.recipientKey === key && row.id > afterId).map((row) => ({ id: row.id, wrap: copy(row.wrap) }));
  }

  snapshotCoversSeq(spaceId: string, docId: string): number {
    this.#check();
    return this.#spaces.get(spaceId)?.docs.get(docId)?.snapshot?.coversSeq ?? 0;
  }

  getSnapshot(spaceId: string, docId: string): StoredSnapshot | undefined {
    this.#check();
    const snapshot = this.#spaces.get(spaceId)?.docs.get(docId)?.snapshot;
    return snapshot && { coversSeq: snapshot.coversSeq, hash: copy(snapshot.hash), envelope: copy(snapshot.envelope) };
  }

  readCatchUp(spaceId: string, docId: string, afterSeq: number, maxBytes: number): CatchUpRead {
    return readCatchUpFrom(this, spaceId, docId, afterSeq, maxBytes);
  }

  putSnapshot(input: PutSnapshotInput): PutSnapshotResult {
    const { docId, partnerId, coversSeq } = input;
    const space = this.#live(input.spaceId);
    if (!space) return { status: 'unknown-space' };
    const doc = space.docs.get(docId);
    const current = doc?.snapshot;
    if (current) {
      if (!bytesEqual(current.hash, input.parentHash)) return { status: 'conflict', detail: 'parent is not the current snapshot' };
      if (coversSeq <= current.coversSeq) return { status: 'conflict', detail: `must cover more than seq ${current.coversSeq}` };
    } else if (input.parentHash.byteLength !== 0) {
      return { status: 'conflict', detail: 'the document has no snapshot yet' };
    }
    const head = doc?.head ?? 0;
    if (!doc || coversSeq < 1 || coversSeq > head) return { status: 'conflict', detail: `must cover a seq in 1..${head}` };
    // What each partner gets back: the updates of theirs that are pruned, the snapshot replaced.
    const released = new Map<string, number>();
    const pruned: number[] = [];
    for (const update of doc.updates.values()) {
      if (update.seq > coversSeq) continue;
      pruned.push(update.seq);
      released.set(update.partnerId, (released.get(update.partnerId) ?? 0) + update.envelope.byteLength);
    }
    if (current) released.set(current.partnerId, (released.get(current.partnerId) ?? 0) + current.envelope.byteLength);
    const share = space.partnerBytes.get(partnerId) ?? 0;
    const after = share + input.envelope.byteLength - (released.get(partnerId) ?? 0);
    // A snapshot that shrinks its author's share is always welcome, even over the quota.
    if (after > share && after > input.partnerQuotaBytes) return { status: 'partner-quota-exceeded' };
    doc.snapshot = { coversSeq, hash: copy(input.hash), envelope: copy(input.envelope), partnerId };
    // Covered updates go; the clocks stay, so the clock rule still holds after pruning.
    for (const seq of pruned) doc.updates.delete(seq);
    this.#charge(space, input.envelope.byteLength, partnerId);
    for (const [owner, bytes] of released) this.#charge(space, -bytes, owner);
    const prunedBytes = [...released.values()].reduce((sum, bytes) => sum + bytes, 0) - (current?.envelope.byteLength ?? 0);
    return { status: 'stored', prunedBytes };
  }

  totals(): RelayTotals {
    this.#check();
    return { spaces: this.#spaces.size, bytes: this.#totalBytes };
  }

  purgeExpiredInvites(now: number, maxRows: number): number {
    this.#check();
    const expired = [...this.#invites.values()].filter((invite) => invite.expiresAt <= now).slice(0, maxRows);
    for (const invite of expired) this.#endInvite(invite, 'expired', now);
    return expired.length;
  }

  purgeInviteTombstones(endedBefore: number, maxRows: number): number {
    this.#check();
    const old = [...this.#tombstones].filter(([, ended]) => ended.endedAt <= endedBefore).slice(0, maxRows);
    for (const [inviteId] of old) this.#tombstones.delete(inviteId);
    return old.length;
  }

  purgeDeviceLinks(now: number, consumedBefore: number, maxRows: number): number {
    this.#check();
    const links = [...this.#links.values()];
    const stale = [
      ...links.filter((link) => link.status !== 'linked' && link.expiresAt <= now),
      ...links.filter((link) => link.status === 'linked' && link.usedAt !== undefined && link.usedAt <= consumedBefore),
    ].slice(0, maxRows);
    for (const link of stale) {
      this.#links.delete(link.linkId);
      const space = this.#spaces.get(link.spaceId);
      if (space) this.#charge(space, -linkBytes(link));
    }
    return stale.length;
  }

  purgeAbandonedSpaces(createdBefore: number, now: number, maxRows: number): number {
    this.#check();
    // Marking first makes a space unknown to every other call; rows then go in bounded passes.
    let marked = 0;
    for (const [spaceId, space] of this.#spaces) {
      if (marked >= maxRows) break;
      if (space.pairedAt !== undefined || space.abandonedAt !== undefined || space.createdAt > createdBefore) continue;
      if (this.#invitesOf(spaceId).some((invite) => invite.expiresAt > now)) continue;
      space.abandonedAt = now;
      marked++;
    }
    let budget = maxRows;
    let finished = 0;
    while (budget > 0) {
      const next = [...this.#spaces].find(([, space]) => space.abandonedAt !== undefined);
      if (!next) break;
      const [spaceId, space] = next;
      budget -= this.#deleteUpdateRows(space, budget);
      if (budget <= 0) break;
      // The other rows of an unpaired space are few (bounded by its records quota), counted like table rows.
      budget -= this.#deleteSpaceRows(spaceId, space);
      finished++;
    }
    return finished;
  }

  /** Delete up to `budget` update rows of the space; how many. */
  #deleteUpdateRows(space: SpaceState, budget: number): number {
    let deleted = 0;
    for (const doc of space.docs.values()) {
      for (const update of doc.updates.values()) {
        if (deleted >= budget) return deleted;
        doc.updates.delete(update.seq);
        this.#charge(space, -update.envelope.byteLength, update.partnerId);
        deleted++;
      }
    }
    return deleted;
  }

  /** Delete the space with everything else it holds; how many rows that was. */
  #deleteSpaceRows(spaceId: string, space: SpaceState): number {
    let rows = space.ops.length + space.wraps.length + space.partnerBytes.size + 1;
    for (const doc of space.docs.values()) rows += 1 + doc.clocks.size + (doc.snapshot ? 1 : 0);
    for (const invite of this.#invitesOf(spaceId)) {
      this.#invites.delete(invite.inviteId);
      rows++;
    }
    for (const [inviteId, ended] of this.#tombstones) {
      if (ended.spaceId !== spaceId) continue;
      this.#tombstones.delete(inviteId);
      rows++;
    }
    for (const [linkId, link] of this.#links) {
      if (link.spaceId !== spaceId) continue;
      this.#links.delete(linkId);
      rows++;
    }
    this.#totalBytes -= space.bytes;
    this.#spaces.delete(spaceId);
    return rows;
  }

  /** What a document still holds, counted like table rows (head, updates, clocks, snapshot): for tests. */
  documentRows(spaceId: string, docId: string): number {
    const doc = this.#spaces.get(spaceId)?.docs.get(docId);
    if (!doc) return 0;
    return 1 + doc.updates.size + doc.clocks.size + (doc.snapshot ? 1 : 0);
  }

  close(): void {
    this.#closed = true;
  }
}

/** A fresh, empty in-memory storage behind the asynchronous seam. */
export function openMemoryRelayStorage(): RelayStorage {
  return resolvedStorage(new MemoryStorage());
}
