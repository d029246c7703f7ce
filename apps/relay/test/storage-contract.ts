/**
 * The storage contract every adapter keeps (SQLite, memory, PostgreSQL): one suite, run by a
 * small test file per adapter. It holds the rules each method must apply inside its one
 * transaction: seq assignment and the author clock (last + 1, identical retry = duplicate),
 * quotas per partner and per space, invites redeemed atomically with the membership append,
 * snapshot compare-and-swap with pruning and byte accounting, device links, key wraps, atomic
 * membership batches, relay-wide totals and the sweeper's purges. What only one engine has
 * (SQLite's file, migrations and WAL) stays in that adapter's own tests.
 *
 *   describeStorageContract('memory', { open: async () => openMemoryRelayStorage(), rowsForDoc: … });
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MembershipBatchInput, RelayStorage } from '../src/storage/types.js';

export interface ContractAdapter {
  /** A fresh, EMPTY storage (the totals tests count every space). */
  open(): Promise<RelayStorage>;
  /** Rows left for a document in every table (or map) that holds document data. */
  rowsForDoc(storage: RelayStorage, spaceId: string, docId: string): Promise<number>;
  /** Called after each test, once the storage is closed. */
  cleanup?(): Promise<void>;
}

const SPACE = 'AAAAAAAAAAAAAAAAAAAAAA';
const OTHER_SPACE = 'BBBBBBBBBBBBBBBBBBBBBA';
const DOC = 'shared';
const QUOTA = 1_000_000;
const PARTNER = 'PPPPPPPPPPPPPPPPPPPPPA';
const alice = new Uint8Array(32).fill(1);
const bob = new Uint8Array(32).fill(2);
const carol = new Uint8Array(32).fill(3);
const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const hashOf = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);
const NO_PARENT = new Uint8Array(0);

/** Each test device belongs to its own partner, named after it. */
const partnerOf = (author: Uint8Array): string => `PARTNER${author[0] ?? 0}AAAAAAAAAAAAAAA`;

/** Run the contract against one adapter. */
export function describeStorageContract(name: string, adapter: ContractAdapter): void {
  let storage: RelayStorage;

  beforeEach(async () => {
    storage = await adapter.open();
    expect(await storage.createSpace(SPACE, bytes(9, 9, 9), 1)).toBe(true);
  });
  afterEach(async () => {
    await storage.close();
    await adapter.cleanup?.();
  });

  const pushWithin = (partnerQuotaBytes: number, author: Uint8Array, clock: number, envelope: Uint8Array, docId = DOC) =>
    storage.appendUpdate({ spaceId: SPACE, docId, partnerId: partnerOf(author), author, clock, envelope, partnerQuotaBytes, maxDocuments: 8 });
  const push = (author: Uint8Array, clock: number, envelope: Uint8Array, docId = DOC) => pushWithin(QUOTA, author, clock, envelope, docId);
  const put = (coversSeq: number, parentHash: Uint8Array, hash: Uint8Array, envelope: Uint8Array, partnerQuotaBytes = QUOTA, author = alice) =>
    storage.putSnapshot({ spaceId: SPACE, docId: DOC, partnerId: partnerOf(author), parentHash, coversSeq, hash, envelope, now: 5, partnerQuotaBytes });

  describe(`storage contract: ${name}`, () => {
  describe('spaces and membership', () => {
      it('creates a space once and lists its genesis op', async () => {
        expect(await storage.createSpace(SPACE, bytes(1), 2)).toBe(false);
        expect(await storage.hasSpace(SPACE)).toBe(true);
        expect(await storage.listMembershipOps(SPACE)).toEqual([bytes(9, 9, 9)]);
        expect(await storage.listMembershipOps(OTHER_SPACE)).toBeUndefined();
        expect(await storage.spaceBytes(SPACE)).toBe(3);
      });

      it('appends ops only at the next seq', async () => {
        expect(await storage.appendMembershipOp(SPACE, 2, bytes(1), QUOTA)).toEqual({ status: 'head-moved' });
        expect(await storage.appendMembershipOp(SPACE, 1, bytes(1), QUOTA)).toEqual({ status: 'appended', head: 1 });
        expect(await storage.appendMembershipOp(SPACE, 1, bytes(2), QUOTA)).toEqual({ status: 'head-moved' });
        expect(await storage.appendMembershipOp(OTHER_SPACE, 1, bytes(1), QUOTA)).toEqual({ status: 'unknown-space' });
        expect(await storage.listMembershipOps(SPACE)).toEqual([bytes(9, 9, 9), bytes(1)]);
      });
    });

    describe('invites', () => {
      const invite = { inviteId: 'IIIIIIIIIIIIIIIIIIIIIA', spaceId: SPACE, certificate: bytes(5, 5), payload: bytes(6), expiresAt: 100, createdAt: 1 };

      const redeem = (seq: number, op: Uint8Array, now: number, closeOthers = false) =>
        storage.redeemInvite({ inviteId: invite.inviteId, seq, op, now, quotaBytes: QUOTA, closeOthers });

      it('stores an invite once and redeems it with the op in one step, leaving only a tombstone', async () => {
        expect(await storage.createInvite(invite, QUOTA)).toBe('created');
        expect(await storage.createInvite(invite, QUOTA)).toBe('exists');
        expect(await storage.getInvite(invite.inviteId)).toEqual(invite);
        const before = await storage.spaceBytes(SPACE);
        expect(await redeem(1, bytes(7), 50)).toEqual({ status: 'appended', head: 1 });
        expect(await storage.getInvite(invite.inviteId)).toBeUndefined();
        expect(await storage.getEndedInvite(invite.inviteId)).toEqual({ reason: 'used', endedAt: 50 });
        // The invite's certificate and payload (3 bytes) went, the op (1 byte) came.
        expect(await storage.spaceBytes(SPACE)).toBe(before - 3 + 1);
        expect(await redeem(2, bytes(8), 51)).toEqual({ status: 'invite-used' });
        expect(await storage.listMembershipOps(SPACE)).toHaveLength(2);
        // An ended invite's id cannot be reused for a new one.
        expect(await storage.createInvite(invite, QUOTA)).toBe('exists');
      });

      it('leaves the invite open when the op cannot be appended', async () => {
        await storage.createInvite(invite, QUOTA);
        expect(await redeem(5, bytes(7), 50)).toEqual({ status: 'head-moved' });
        expect(await storage.getInvite(invite.inviteId)).toEqual(invite);
        expect(await storage.getEndedInvite(invite.inviteId)).toBeUndefined();
      });

      it('closes every sibling when asked (the space is full), and revokes all open invites of a space', async () => {
        const sibling = { ...invite, inviteId: 'JJJJJJJJJJJJJJJJJJJJJA' };
        const third = { ...invite, inviteId: 'KKKKKKKKKKKKKKKKKKKKKA' };
        for (const each of [invite, sibling]) await storage.createInvite(each, QUOTA);
        expect(await redeem(1, bytes(7), 50, true)).toMatchObject({ status: 'appended' });
        expect(await storage.getInvite(sibling.inviteId)).toBeUndefined();
        expect(await storage.getEndedInvite(sibling.inviteId)).toEqual({ reason: 'space-full', endedAt: 50 });
        await storage.createInvite(third, QUOTA);
        expect(await storage.revokeInvites(SPACE, 60)).toBe(1);
        expect(await storage.getEndedInvite(third.inviteId)).toEqual({ reason: 'revoked', endedAt: 60 });
        expect(await storage.revokeInvites(SPACE, 61)).toBe(0);
        // Only the two ops remain: no invite bytes are charged any more.
        expect(await storage.spaceBytes(SPACE)).toBe(3 + 1);
      });

      it('refuses an invite for an unknown space or over quota', async () => {
        expect(await storage.createInvite({ ...invite, spaceId: OTHER_SPACE }, QUOTA)).toBe('unknown-space');
        expect(await storage.createInvite(invite, 4)).toBe('quota-exceeded');
        expect(await storage.getInvite(invite.inviteId)).toBeUndefined();
      });
    });

    describe('updates', () => {
      it('assigns per-document seqs and checks each author clock', async () => {
        expect(await push(alice, 1, bytes(1))).toEqual({ status: 'committed', seq: 1 });
        expect(await push(bob, 1, bytes(2))).toEqual({ status: 'committed', seq: 2 });
        expect(await push(alice, 2, bytes(3))).toEqual({ status: 'committed', seq: 3 });
        expect(await push(alice, 4, bytes(4))).toEqual({ status: 'clock-conflict', expectedClock: 3 });
        expect(await push(alice, 2, bytes(99))).toEqual({ status: 'clock-conflict', expectedClock: 3 });
        expect(await storage.headSeq(SPACE, DOC)).toBe(3);
        expect(await storage.headSeq(SPACE, 'other')).toBe(0);
        expect(await storage.appendUpdate({ spaceId: SPACE, docId: 'other', partnerId: PARTNER, author: alice, clock: 1, envelope: bytes(1), partnerQuotaBytes: QUOTA, maxDocuments: 8 })).toEqual({
          status: 'committed',
          seq: 1,
        });
      });

      it('returns the same seq for an identical retry without storing it twice', async () => {
        await push(alice, 1, bytes(1, 2));
        await push(alice, 2, bytes(3));
        const before = await storage.spaceBytes(SPACE);
        expect(await push(alice, 1, bytes(1, 2))).toEqual({ status: 'duplicate', seq: 1 });
        expect(await storage.spaceBytes(SPACE)).toBe(before);
        expect((await storage.listUpdates(SPACE, DOC, 0, QUOTA)).map((e) => e.seq)).toEqual([1, 2]);
      });

      it('enforces the per-partner quota', async () => {
        expect(await pushWithin(10, alice, 1, new Uint8Array(10))).toEqual({ status: 'committed', seq: 1 });
        expect(await pushWithin(10, alice, 2, new Uint8Array(1))).toEqual({ status: 'partner-quota-exceeded' });
        expect(await storage.partnerBytes(SPACE, partnerOf(alice))).toBe(10);
        expect(await storage.spaceBytes(SPACE)).toBe(13);
      });

      it('lists after a seq within a byte budget, always at least one', async () => {
        for (let clock = 1; clock <= 5; clock++) await push(alice, clock, new Uint8Array(10).fill(clock));
        expect((await storage.listUpdates(SPACE, DOC, 0, 25)).map((e) => e.seq)).toEqual([1, 2]);
        expect((await storage.listUpdates(SPACE, DOC, 2, 1)).map((e) => e.seq)).toEqual([3]);
        expect(await storage.listUpdates(SPACE, DOC, 3, 1000)).toEqual([
          { seq: 4, envelope: new Uint8Array(10).fill(4) },
          { seq: 5, envelope: new Uint8Array(10).fill(5) },
        ]);
        expect(await storage.listUpdates(SPACE, DOC, 5, 1000)).toEqual([]);
      });
    });

  
    describe('snapshots', () => {
      it('stores the first snapshot only with an empty parent, prunes covered updates and lowers the byte count', async () => {
        for (let clock = 1; clock <= 4; clock++) await push(alice, clock, new Uint8Array(100).fill(clock));
        const before = await storage.spaceBytes(SPACE);
        expect(await put(3, hashOf(7), hashOf(1), new Uint8Array(20))).toEqual({ status: 'conflict', detail: 'the document has no snapshot yet' });
        expect(await put(3, NO_PARENT, hashOf(1), new Uint8Array(20))).toEqual({ status: 'stored', prunedBytes: 300 });
        expect(await storage.spaceBytes(SPACE)).toBe(before - 300 + 20);
        expect((await storage.listUpdates(SPACE, DOC, 0, QUOTA)).map((e) => e.seq)).toEqual([4]);
        expect(await storage.getSnapshot(SPACE, DOC)).toEqual({ coversSeq: 3, hash: hashOf(1), envelope: new Uint8Array(20) });
        // Head and clocks survive pruning: seqs continue, and an old clock is still refused.
        expect(await storage.headSeq(SPACE, DOC)).toBe(4);
        expect(await push(alice, 2, bytes(1))).toEqual({ status: 'clock-conflict', expectedClock: 5 });
        expect(await push(alice, 5, bytes(1))).toEqual({ status: 'committed', seq: 5 });
      });

      it('swaps only on the current parent hash and a coversSeq in (current, head]', async () => {
        for (let clock = 1; clock <= 6; clock++) await push(bob, clock, new Uint8Array(10));
        expect(await put(2, NO_PARENT, hashOf(1), bytes(1))).toMatchObject({ status: 'stored' });
        expect(await put(4, NO_PARENT, hashOf(2), bytes(2))).toEqual({ status: 'conflict', detail: 'parent is not the current snapshot' });
        expect(await put(4, hashOf(9), hashOf(2), bytes(2))).toEqual({ status: 'conflict', detail: 'parent is not the current snapshot' });
        expect(await put(2, hashOf(1), hashOf(2), bytes(2))).toEqual({ status: 'conflict', detail: 'must cover more than seq 2' });
        expect(await put(7, hashOf(1), hashOf(2), bytes(2))).toEqual({ status: 'conflict', detail: 'must cover a seq in 1..6' });
        const before = await storage.spaceBytes(SPACE);
        expect(await put(5, hashOf(1), hashOf(2), bytes(2, 2, 2))).toEqual({ status: 'stored', prunedBytes: 30 });
        // The replaced snapshot (1 byte) and three updates (30 bytes) went, the new one (3 bytes) came.
        expect(await storage.spaceBytes(SPACE)).toBe(before - 1 - 30 + 3);
        expect((await storage.getSnapshot(SPACE, DOC))?.coversSeq).toBe(5);
        expect((await storage.listUpdates(SPACE, DOC, 0, QUOTA)).map((e) => e.seq)).toEqual([6]);
      });

      it('refuses a snapshot of an empty document or one that would exceed the quota', async () => {
        expect(await put(1, NO_PARENT, hashOf(1), bytes(1))).toEqual({ status: 'conflict', detail: 'must cover a seq in 1..0' });
        await push(alice, 1, new Uint8Array(10));
        const limit = await storage.partnerBytes(SPACE, partnerOf(alice)) + 5;
        // Frees 10 bytes of the author's updates, adds 16: six over the current share, one over the limit.
        expect(await put(1, NO_PARENT, hashOf(1), new Uint8Array(16), limit)).toEqual({ status: 'partner-quota-exceeded' });
        expect(await put(1, NO_PARENT, hashOf(1), new Uint8Array(15), limit)).toMatchObject({ status: 'stored' });
        expect(await storage.getSnapshot(SPACE, 'other')).toBeUndefined();
      });

      it('reads a catch-up turn as one state: the snapshot only past afterSeq, the updates after it, the head', async () => {
        expect(await storage.readCatchUp(SPACE, DOC, 0, QUOTA)).toEqual({ snapshot: undefined, updates: [], headSeq: 0 });
        for (let clock = 1; clock <= 6; clock++) await push(alice, clock, new Uint8Array(10).fill(clock));
        // No snapshot yet: the updates after afterSeq, within the byte budget (at least one).
        expect(await storage.readCatchUp(SPACE, DOC, 1, 25)).toEqual({
          snapshot: undefined,
          updates: [
            { seq: 2, envelope: new Uint8Array(10).fill(2) },
            { seq: 3, envelope: new Uint8Array(10).fill(3) },
          ],
          headSeq: 6,
        });
        expect((await storage.readCatchUp(SPACE, DOC, 5, 1)).updates.map((e) => e.seq)).toEqual([6]);
        expect(await put(4, NO_PARENT, hashOf(1), bytes(4, 4))).toMatchObject({ status: 'stored' });
        // Behind the snapshot: the snapshot, then the updates after what it covers.
        expect(await storage.readCatchUp(SPACE, DOC, 2, QUOTA)).toEqual({
          snapshot: { coversSeq: 4, hash: hashOf(1), envelope: bytes(4, 4) },
          updates: [
            { seq: 5, envelope: new Uint8Array(10).fill(5) },
            { seq: 6, envelope: new Uint8Array(10).fill(6) },
          ],
          headSeq: 6,
        });
        // At or past the snapshot: no snapshot, the updates after afterSeq.
        expect(await storage.readCatchUp(SPACE, DOC, 4, QUOTA)).toMatchObject({ snapshot: undefined, headSeq: 6 });
        expect((await storage.readCatchUp(SPACE, DOC, 5, QUOTA)).updates.map((e) => e.seq)).toEqual([6]);
        expect(await storage.readCatchUp(SPACE, DOC, 6, QUOTA)).toEqual({ snapshot: undefined, updates: [], headSeq: 6 });
        // A client that claims more than the head hears the lower head.
        expect(await storage.readCatchUp(SPACE, DOC, 9, QUOTA)).toEqual({ snapshot: undefined, updates: [], headSeq: 6 });
        expect(await storage.readCatchUp(SPACE, 'other', 0, QUOTA)).toEqual({ snapshot: undefined, updates: [], headSeq: 0 });
      });
    });

    describe('device links', () => {
      const link = { linkId: 'LLLLLLLLLLLLLLLLLLLLLA', spaceId: SPACE, partnerId: 'PPPPPPPPPPPPPPPPPPPPPA', certificate: bytes(4, 4), expiresAt: 100, createdAt: 10 };

      it('moves open → requested once, answers an identical repeat, and counts its bytes', async () => {
        const before = await storage.spaceBytes(SPACE);
        expect(await storage.createDeviceLink(link, QUOTA)).toBe('created');
        expect(await storage.createDeviceLink(link, QUOTA)).toBe('exists');
        expect(await storage.getDeviceLink(link.linkId)).toEqual({ ...link, status: 'open', request: undefined, requestDevice: undefined, usedAt: undefined });
        expect(await storage.requestDeviceLink(link.linkId, bytes(7, 7, 7), carol, QUOTA)).toBe('requested');
        expect(await storage.requestDeviceLink(link.linkId, bytes(7, 7, 7), carol, QUOTA)).toBe('already-requested');
        expect(await storage.requestDeviceLink(link.linkId, bytes(8), bob, QUOTA)).toBe('not-open');
        expect(await storage.requestDeviceLink('XXXXXXXXXXXXXXXXXXXXXA', bytes(8), bob, QUOTA)).toBe('not-open');
        expect(await storage.getDeviceLink(link.linkId)).toMatchObject({ status: 'requested', request: bytes(7, 7, 7), requestDevice: carol });
        expect(await storage.spaceBytes(SPACE)).toBe(before + 2 + 3);
      });

      it('drops expired unconsumed links of the space when a new one is created', async () => {
        await storage.createDeviceLink(link, QUOTA);
        const before = await storage.spaceBytes(SPACE);
        const later = { ...link, linkId: 'MMMMMMMMMMMMMMMMMMMMMA', createdAt: 100, expiresAt: 200 };
        expect(await storage.createDeviceLink(later, QUOTA)).toBe('created');
        expect(await storage.getDeviceLink(link.linkId)).toBeUndefined();
        expect(await storage.spaceBytes(SPACE)).toBe(before);
      });

      it('refuses a link for an unknown space or over quota', async () => {
        expect(await storage.createDeviceLink({ ...link, spaceId: OTHER_SPACE }, QUOTA)).toBe('unknown-space');
        expect(await storage.createDeviceLink(link, await storage.spaceBytes(SPACE) + 1)).toBe('quota-exceeded');
      });
    });

    describe('membership batches and key wraps', () => {
      const batch = (overrides: Partial<MembershipBatchInput>): MembershipBatchInput => ({
        spaceId: SPACE,
        firstSeq: 1,
        ops: [bytes(1)],
        wraps: [],
        linksUsed: [],
        revokedDevices: [],
        deletedDocs: [],
        now: 50,
        quotaBytes: QUOTA,
        ...overrides,
      });

      it('appends ops with their wraps; wraps list per recipient after an id', async () => {
        const result = await storage.appendMembershipBatch(
          batch({ ops: [bytes(1), bytes(2)], wraps: [{ recipient: alice, wrap: bytes(10) }, { recipient: bob, wrap: bytes(20) }] }),
        );
        expect(result).toEqual({ status: 'appended', head: 2 });
        expect(await storage.membershipHead(SPACE)).toBe(2);
        expect(await storage.membershipHead(OTHER_SPACE)).toBeUndefined();
        await storage.appendMembershipBatch(batch({ firstSeq: 3, ops: [bytes(3)], wraps: [{ recipient: alice, wrap: bytes(11) }] }));
        const wraps = await storage.listKeyWraps(SPACE, alice, 0);
        expect(wraps.map((w) => w.wrap)).toEqual([bytes(10), bytes(11)]);
        expect((await storage.listKeyWraps(SPACE, alice, wraps[0]?.id ?? 0)).map((w) => w.wrap)).toEqual([bytes(11)]);
        expect(await storage.listKeyWraps(SPACE, carol, 0)).toEqual([]);
        expect(await storage.listKeyWraps(OTHER_SPACE, alice, 0)).toEqual([]);
      });

      it('rolls everything back when one op cannot be appended', async () => {
        const before = await storage.spaceBytes(SPACE);
        const result = await storage.appendMembershipBatch(batch({ firstSeq: 2, ops: [bytes(1)], wraps: [{ recipient: alice, wrap: bytes(1) }] }));
        expect(result).toEqual({ status: 'head-moved' });
        expect(await storage.appendMembershipBatch(batch({ wraps: [{ recipient: alice, wrap: new Uint8Array(100) }], quotaBytes: before + 50 }))).toEqual({
          status: 'quota-exceeded',
        });
        expect(await storage.listMembershipOps(SPACE)).toHaveLength(1);
        expect(await storage.listKeyWraps(SPACE, alice, 0)).toEqual([]);
        expect(await storage.spaceBytes(SPACE)).toBe(before);
      });

      it('consumes a requested link only for the device that requested it, before it expires', async () => {
        const link = { linkId: 'LLLLLLLLLLLLLLLLLLLLLA', spaceId: SPACE, partnerId: 'PPPPPPPPPPPPPPPPPPPPPA', certificate: bytes(4), expiresAt: 100, createdAt: 10 };
        await storage.createDeviceLink(link, QUOTA);
        const use = (device: Uint8Array, now = 50) => storage.appendMembershipBatch(batch({ linksUsed: [{ linkId: link.linkId, device }], now }));
        expect(await use(carol)).toEqual({ status: 'link-unavailable', linkId: link.linkId });
        await storage.requestDeviceLink(link.linkId, bytes(7), carol, QUOTA);
        expect(await use(bob)).toEqual({ status: 'link-unavailable', linkId: link.linkId });
        expect(await use(carol, 100)).toEqual({ status: 'link-unavailable', linkId: link.linkId });
        expect(await storage.listMembershipOps(SPACE)).toHaveLength(1);
        expect(await use(carol)).toEqual({ status: 'appended', head: 1 });
        expect(await storage.getDeviceLink(link.linkId)).toMatchObject({ status: 'linked', usedAt: 50 });
        expect(await storage.appendMembershipBatch(batch({ firstSeq: 2, linksUsed: [{ linkId: link.linkId, device: carol }] }))).toEqual({
          status: 'link-unavailable',
          linkId: link.linkId,
        });
      });

      it('deletes a revoked device’s wraps and a deleted document with every row and byte', async () => {
        const privateDoc = 'private-PPPPPPPPPPPPPPPPPPPPPA';
        await storage.appendMembershipBatch(batch({ wraps: [{ recipient: bob, wrap: new Uint8Array(40) }, { recipient: alice, wrap: bytes(1) }] }));
        await push(bob, 1, new Uint8Array(30), privateDoc);
        await push(bob, 2, new Uint8Array(30), privateDoc);
        await storage.putSnapshot({ spaceId: SPACE, docId: privateDoc, partnerId: partnerOf(bob), parentHash: NO_PARENT, coversSeq: 1, hash: hashOf(1), envelope: new Uint8Array(25), now: 1, partnerQuotaBytes: QUOTA });
        await push(alice, 1, bytes(1));
        const before = await storage.spaceBytes(SPACE);
        const result = await storage.appendMembershipBatch(batch({ firstSeq: 2, ops: [bytes(2)], revokedDevices: [bob], deletedDocs: [privateDoc] }));
        expect(result).toEqual({ status: 'appended', head: 2 });
        expect(await storage.listKeyWraps(SPACE, bob, 0)).toEqual([]);
        expect(await storage.listKeyWraps(SPACE, alice, 0)).toHaveLength(1);
        expect(await adapter.rowsForDoc(storage, SPACE, privateDoc)).toBe(0);
        expect(await adapter.rowsForDoc(storage, SPACE, DOC)).toBeGreaterThan(0);
        expect(await storage.headSeq(SPACE, privateDoc)).toBe(0);
        // 40 (wrap) + 30 (update 2) + 25 (snapshot) released; the op's byte added.
        expect(await storage.spaceBytes(SPACE)).toBe(before - 40 - 30 - 25 + 1);
        // Bob's share is empty again; Alice's one byte is hers.
        expect(await storage.partnerBytes(SPACE, partnerOf(bob))).toBe(0);
        expect(await storage.partnerBytes(SPACE, partnerOf(alice))).toBe(1);
      });
    });
    describe('totals and the sweeper', () => {
      it('keeps relay-wide totals of spaces and bytes, and leaves them untouched by a refused write', async () => {
        expect(await storage.totals()).toEqual({ spaces: 1, bytes: 3 });
        expect(await storage.createSpace(OTHER_SPACE, bytes(1, 1), 1)).toBe(true);
        await push(alice, 1, new Uint8Array(10));
        expect(await storage.totals()).toEqual({ spaces: 2, bytes: 15 });
        // Refused (over the quota, a wrong clock, a rolled-back batch): no byte moves.
        expect(await pushWithin(5, alice, 2, new Uint8Array(10))).toEqual({ status: 'partner-quota-exceeded' });
        expect(await push(alice, 5, bytes(1))).toMatchObject({ status: 'clock-conflict' });
        const wraps = [{ recipient: alice, wrap: new Uint8Array(100) }];
        const batch = { spaceId: SPACE, firstSeq: 1, ops: [bytes(1)], wraps, linksUsed: [], revokedDevices: [], deletedDocs: [], now: 1, quotaBytes: 50 };
        expect(await storage.appendMembershipBatch(batch)).toEqual({ status: 'quota-exceeded' });
        expect(await storage.totals()).toEqual({ spaces: 2, bytes: 15 });
      });

      it('purges expired invites (tombstone "expired"), then old tombstones, within maxRows', async () => {
        const invite = (id: string, expiresAt: number) => ({ inviteId: id, spaceId: SPACE, certificate: bytes(1), payload: bytes(2), expiresAt, createdAt: 1 });
        for (const id of ['IIIIIIIIIIIIIIIIIIIIIA', 'JJJJJJJJJJJJJJJJJJJJJA', 'KKKKKKKKKKKKKKKKKKKKKA']) await storage.createInvite(invite(id, 10), QUOTA);
        await storage.createInvite(invite('LLLLLLLLLLLLLLLLLLLLLA', 1000), QUOTA);
        expect(await storage.purgeExpiredInvites(10, 2)).toBe(2);
        expect(await storage.purgeExpiredInvites(10, 2)).toBe(1);
        expect(await storage.purgeExpiredInvites(10, 2)).toBe(0);
        expect(await storage.getEndedInvite('IIIIIIIIIIIIIIIIIIIIIA')).toEqual({ reason: 'expired', endedAt: 10 });
        expect(await storage.getInvite('LLLLLLLLLLLLLLLLLLLLLA')).toBeDefined();
        // Only the open invite's 2 bytes are still charged, with the genesis op's 3.
        expect(await storage.spaceBytes(SPACE)).toBe(3 + 2);
        expect(await storage.purgeInviteTombstones(9, 10)).toBe(0);
        expect(await storage.purgeInviteTombstones(10, 10)).toBe(3);
        expect(await storage.getEndedInvite('IIIIIIIIIIIIIIIIIIIIIA')).toBeUndefined();
      });

      it('purges unconsumed links once expired and consumed ones after their grace', async () => {
        const link = (linkId: string) => ({ linkId, spaceId: SPACE, partnerId: PARTNER, certificate: bytes(4, 4), expiresAt: 100, createdAt: 10 });
        await storage.createDeviceLink(link('LLLLLLLLLLLLLLLLLLLLLA'), QUOTA);
        await storage.createDeviceLink(link('MMMMMMMMMMMMMMMMMMMMMA'), QUOTA);
        await storage.requestDeviceLink('MMMMMMMMMMMMMMMMMMMMMA', bytes(7), carol, QUOTA);
        const batch = { spaceId: SPACE, firstSeq: 1, ops: [bytes(1)], wraps: [], linksUsed: [{ linkId: 'MMMMMMMMMMMMMMMMMMMMMA', device: carol }], revokedDevices: [], deletedDocs: [], now: 50, quotaBytes: QUOTA };
        expect(await storage.appendMembershipBatch(batch)).toEqual({ status: 'appended', head: 1 });
        expect(await storage.purgeDeviceLinks(99, 49, 10)).toBe(0);
        expect(await storage.purgeDeviceLinks(100, 49, 10)).toBe(1);
        expect(await storage.getDeviceLink('LLLLLLLLLLLLLLLLLLLLLA')).toBeUndefined();
        expect(await storage.purgeDeviceLinks(100, 50, 10)).toBe(1);
        expect(await storage.getDeviceLink('MMMMMMMMMMMMMMMMMMMMMA')).toBeUndefined();
        // Genesis and the op remain.
        expect(await storage.spaceBytes(SPACE)).toBe(3 + 1);
      });

      it('deletes an abandoned space in bounded passes; unknown from the first, paired and young spaces kept', async () => {
        for (let clock = 1; clock <= 5; clock++) await push(alice, clock, new Uint8Array(10));
        expect(await storage.createSpace(OTHER_SPACE, bytes(1), 100)).toBe(true);
        // Paired: an invite was redeemed.
        const paired = 'CCCCCCCCCCCCCCCCCCCCCA';
        await storage.createSpace(paired, bytes(1), 1);
        await storage.createInvite({ inviteId: 'IIIIIIIIIIIIIIIIIIIIIA', spaceId: paired, certificate: bytes(1), payload: bytes(1), expiresAt: 1000, createdAt: 1 }, QUOTA);
        expect(await storage.redeemInvite({ inviteId: 'IIIIIIIIIIIIIIIIIIIIIA', seq: 1, op: bytes(2), now: 2, quotaBytes: QUOTA, closeOthers: true })).toMatchObject({ status: 'appended' });
        expect(await storage.purgeAbandonedSpaces(50, 60, 3)).toBe(0);
        expect(await storage.hasSpace(SPACE)).toBe(false);
        expect(await storage.membershipTip(SPACE)).toBeUndefined();
        // The first pass spent its 3 rows on updates; the second deletes the last 2 and the rest.
        expect(await storage.listUpdates(SPACE, DOC, 0, QUOTA)).toHaveLength(2);
        expect(await storage.purgeAbandonedSpaces(50, 60, 3)).toBe(1);
        expect(await storage.listUpdates(SPACE, DOC, 0, QUOTA)).toEqual([]);
        expect(await adapter.rowsForDoc(storage, SPACE, DOC)).toBe(0);
        expect(await storage.hasSpace(OTHER_SPACE)).toBe(true);
        expect(await storage.hasSpace(paired)).toBe(true);
        expect(await storage.totals()).toEqual({ spaces: 2, bytes: 1 + 1 + 1 });
        // The id is free again.
        expect(await storage.createSpace(SPACE, bytes(5), 70)).toBe(true);
        expect(await storage.membershipTip(SPACE)).toEqual({ head: 0, createdAt: 70 });
      });
    });
  });
}
