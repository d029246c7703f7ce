// SqliteStorage schema v2 against a real database file: the v1 → v2 migration of a database
// written with the walking skeleton's DDL, snapshot compare-and-swap with pruning and byte
// accounting, device links, key wraps, and atomic membership batches (all or nothing).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, SCHEMA_VERSION, openSqliteStorage, type SqliteStorage } from '../src/storage/sqlite.js';
import type { MembershipBatchInput } from '../src/storage/types.js';

const SPACE = 'AAAAAAAAAAAAAAAAAAAAAA';
const DOC = 'shared';
const QUOTA = 1_000_000;
const alice = new Uint8Array(32).fill(1);
const bob = new Uint8Array(32).fill(2);
const carol = new Uint8Array(32).fill(3);
const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const hashOf = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);
const NO_PARENT = new Uint8Array(0);

let dir: string;
let storage: SqliteStorage;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-storage-v2-'));
  storage = openSqliteStorage(dir);
  expect(storage.createSpace(SPACE, bytes(9, 9, 9), 1)).toBe(true);
});

afterEach(() => {
  storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const push = (author: Uint8Array, clock: number, envelope: Uint8Array, docId = DOC) =>
  storage.appendUpdate({ spaceId: SPACE, docId, author, clock, envelope, quotaBytes: QUOTA });

const put = (coversSeq: number, parentHash: Uint8Array, hash: Uint8Array, envelope: Uint8Array, quotaBytes = QUOTA) =>
  storage.putSnapshot({ spaceId: SPACE, docId: DOC, parentHash, coversSeq, hash, envelope, now: 5, quotaBytes });

/** Rows left for a document in every table that holds document data, read straight from the file. */
function rowsForDoc(docId: string): number {
  const raw = new Database(join(dir, DATABASE_FILE), { readonly: true });
  const count = (table: string): number =>
    (raw.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE space_id = ? AND doc_id = ?`).get(SPACE, docId) as { n: number }).n;
  const total = count('updates') + count('snapshots') + count('author_clocks') + count('documents');
  raw.close();
  return total;
}

describe('migration from schema v1', () => {
  // The walking skeleton's DDL, written out here on purpose: the test must keep describing the
  // databases that exist in the field even if the relay's own copy of v1 were edited.
  const V1_DDL = `
    CREATE TABLE spaces (space_id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, bytes INTEGER NOT NULL DEFAULT 0) STRICT;
    CREATE TABLE membership_ops (space_id TEXT NOT NULL REFERENCES spaces(space_id), seq INTEGER NOT NULL, op BLOB NOT NULL,
      PRIMARY KEY (space_id, seq)) STRICT;
    CREATE TABLE invites (invite_id TEXT PRIMARY KEY, space_id TEXT NOT NULL REFERENCES spaces(space_id), certificate BLOB NOT NULL,
      payload BLOB NOT NULL, expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL, used_at INTEGER) STRICT;
    CREATE TABLE documents (space_id TEXT NOT NULL REFERENCES spaces(space_id), doc_id TEXT NOT NULL, head_seq INTEGER NOT NULL,
      PRIMARY KEY (space_id, doc_id)) STRICT;
    CREATE TABLE author_clocks (space_id TEXT NOT NULL, doc_id TEXT NOT NULL, author BLOB NOT NULL, clock INTEGER NOT NULL,
      PRIMARY KEY (space_id, doc_id, author)) STRICT;
    CREATE TABLE updates (space_id TEXT NOT NULL, doc_id TEXT NOT NULL, seq INTEGER NOT NULL, author BLOB NOT NULL,
      clock INTEGER NOT NULL, envelope BLOB NOT NULL, PRIMARY KEY (space_id, doc_id, seq)) STRICT;
    CREATE UNIQUE INDEX updates_by_author_clock ON updates (space_id, doc_id, author, clock);
  `;

  it('upgrades a v1 database in place and keeps every row', () => {
    const v1Dir = mkdtempSync(join(tmpdir(), 'relay-v1-'));
    try {
      const raw = new Database(join(v1Dir, DATABASE_FILE));
      raw.exec(V1_DDL);
      raw.pragma('user_version = 1');
      raw.prepare('INSERT INTO spaces VALUES (?, 1, 7)').run(SPACE);
      raw.prepare('INSERT INTO membership_ops VALUES (?, 0, ?)').run(SPACE, Buffer.from([9, 9, 9]));
      raw.prepare('INSERT INTO documents VALUES (?, ?, 2)').run(SPACE, DOC);
      raw.prepare('INSERT INTO author_clocks VALUES (?, ?, ?, 2)').run(SPACE, DOC, Buffer.from(alice));
      raw.prepare('INSERT INTO updates VALUES (?, ?, 1, ?, 1, ?)').run(SPACE, DOC, Buffer.from(alice), Buffer.from([1, 1]));
      raw.prepare('INSERT INTO updates VALUES (?, ?, 2, ?, 2, ?)').run(SPACE, DOC, Buffer.from(alice), Buffer.from([2, 2]));
      raw.close();

      const upgraded = openSqliteStorage(v1Dir);
      expect(upgraded.listMembershipOps(SPACE)).toEqual([bytes(9, 9, 9)]);
      expect(upgraded.listUpdates(SPACE, DOC, 0, QUOTA).map((e) => e.seq)).toEqual([1, 2]);
      expect(upgraded.spaceBytes(SPACE)).toBe(7);
      // The clock table came through: the next update must be clock 3.
      expect(upgraded.appendUpdate({ spaceId: SPACE, docId: DOC, author: alice, clock: 2, envelope: bytes(5), quotaBytes: QUOTA })).toEqual({
        status: 'clock-conflict',
        expectedClock: 3,
      });
      // The v2 tables work.
      expect(upgraded.putSnapshot({ spaceId: SPACE, docId: DOC, parentHash: NO_PARENT, coversSeq: 2, hash: hashOf(1), envelope: bytes(8), now: 3, quotaBytes: QUOTA })).toEqual({
        status: 'stored',
        prunedBytes: 4,
      });
      upgraded.close();

      const check = new Database(join(v1Dir, DATABASE_FILE), { readonly: true });
      expect(check.pragma('user_version', { simple: true })).toBe(2);
      const tables = (check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['device_links', 'key_wraps', 'snapshots', 'updates']));
      check.close();
    } finally {
      rmSync(v1Dir, { recursive: true, force: true });
    }
  });

  it('creates a fresh database at the current version', () => {
    const raw = new Database(join(dir, DATABASE_FILE), { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(2);
    raw.close();
  });
});

describe('snapshots', () => {
  it('stores the first snapshot only with an empty parent, prunes covered updates and lowers the byte count', () => {
    for (let clock = 1; clock <= 4; clock++) push(alice, clock, new Uint8Array(100).fill(clock));
    const before = storage.spaceBytes(SPACE);
    expect(put(3, hashOf(7), hashOf(1), new Uint8Array(20))).toEqual({ status: 'conflict', detail: 'the document has no snapshot yet' });
    expect(put(3, NO_PARENT, hashOf(1), new Uint8Array(20))).toEqual({ status: 'stored', prunedBytes: 300 });
    expect(storage.spaceBytes(SPACE)).toBe(before - 300 + 20);
    expect(storage.listUpdates(SPACE, DOC, 0, QUOTA).map((e) => e.seq)).toEqual([4]);
    expect(storage.getSnapshot(SPACE, DOC)).toEqual({ coversSeq: 3, hash: hashOf(1), envelope: new Uint8Array(20) });
    // Head and clocks survive pruning: seqs continue, and an old clock is still refused.
    expect(storage.headSeq(SPACE, DOC)).toBe(4);
    expect(push(alice, 2, bytes(1))).toEqual({ status: 'clock-conflict', expectedClock: 5 });
    expect(push(alice, 5, bytes(1))).toEqual({ status: 'committed', seq: 5 });
  });

  it('swaps only on the current parent hash and a coversSeq in (current, head]', () => {
    for (let clock = 1; clock <= 6; clock++) push(bob, clock, new Uint8Array(10));
    expect(put(2, NO_PARENT, hashOf(1), bytes(1))).toMatchObject({ status: 'stored' });
    expect(put(4, NO_PARENT, hashOf(2), bytes(2))).toEqual({ status: 'conflict', detail: 'parent is not the current snapshot' });
    expect(put(4, hashOf(9), hashOf(2), bytes(2))).toEqual({ status: 'conflict', detail: 'parent is not the current snapshot' });
    expect(put(2, hashOf(1), hashOf(2), bytes(2))).toEqual({ status: 'conflict', detail: 'must cover more than seq 2' });
    expect(put(7, hashOf(1), hashOf(2), bytes(2))).toEqual({ status: 'conflict', detail: 'must cover a seq in 1..6' });
    const before = storage.spaceBytes(SPACE);
    expect(put(5, hashOf(1), hashOf(2), bytes(2, 2, 2))).toEqual({ status: 'stored', prunedBytes: 30 });
    // The replaced snapshot (1 byte) and three updates (30 bytes) went, the new one (3 bytes) came.
    expect(storage.spaceBytes(SPACE)).toBe(before - 1 - 30 + 3);
    expect(storage.getSnapshot(SPACE, DOC)?.coversSeq).toBe(5);
    expect(storage.listUpdates(SPACE, DOC, 0, QUOTA).map((e) => e.seq)).toEqual([6]);
  });

  it('refuses a snapshot of an empty document or one that would exceed the quota', () => {
    expect(put(1, NO_PARENT, hashOf(1), bytes(1))).toEqual({ status: 'conflict', detail: 'must cover a seq in 1..0' });
    push(alice, 1, new Uint8Array(10));
    const limit = storage.spaceBytes(SPACE) + 5;
    // Frees 10 bytes of updates, adds 16: six over the current count, one over the limit.
    expect(put(1, NO_PARENT, hashOf(1), new Uint8Array(16), limit)).toEqual({ status: 'quota-exceeded' });
    expect(put(1, NO_PARENT, hashOf(1), new Uint8Array(15), limit)).toMatchObject({ status: 'stored' });
    expect(storage.getSnapshot(SPACE, 'other')).toBeUndefined();
  });
});

describe('device links', () => {
  const link = { linkId: 'LLLLLLLLLLLLLLLLLLLLLA', spaceId: SPACE, partnerId: 'PPPPPPPPPPPPPPPPPPPPPA', certificate: bytes(4, 4), expiresAt: 100, createdAt: 10 };

  it('moves open → requested once, answers an identical repeat, and counts its bytes', () => {
    const before = storage.spaceBytes(SPACE);
    expect(storage.createDeviceLink(link, QUOTA)).toBe('created');
    expect(storage.createDeviceLink(link, QUOTA)).toBe('exists');
    expect(storage.getDeviceLink(link.linkId)).toEqual({ ...link, status: 'open', request: undefined, requestDevice: undefined, usedAt: undefined });
    expect(storage.requestDeviceLink(link.linkId, bytes(7, 7, 7), carol, QUOTA)).toBe('requested');
    expect(storage.requestDeviceLink(link.linkId, bytes(7, 7, 7), carol, QUOTA)).toBe('already-requested');
    expect(storage.requestDeviceLink(link.linkId, bytes(8), bob, QUOTA)).toBe('not-open');
    expect(storage.requestDeviceLink('XXXXXXXXXXXXXXXXXXXXXA', bytes(8), bob, QUOTA)).toBe('not-open');
    expect(storage.getDeviceLink(link.linkId)).toMatchObject({ status: 'requested', request: bytes(7, 7, 7), requestDevice: carol });
    expect(storage.spaceBytes(SPACE)).toBe(before + 2 + 3);
  });

  it('drops expired unconsumed links of the space when a new one is created', () => {
    storage.createDeviceLink(link, QUOTA);
    const before = storage.spaceBytes(SPACE);
    const later = { ...link, linkId: 'MMMMMMMMMMMMMMMMMMMMMA', createdAt: 100, expiresAt: 200 };
    expect(storage.createDeviceLink(later, QUOTA)).toBe('created');
    expect(storage.getDeviceLink(link.linkId)).toBeUndefined();
    expect(storage.spaceBytes(SPACE)).toBe(before);
  });

  it('refuses a link for an unknown space or over quota', () => {
    expect(storage.createDeviceLink({ ...link, spaceId: 'BBBBBBBBBBBBBBBBBBBBBA' }, QUOTA)).toBe('unknown-space');
    expect(storage.createDeviceLink(link, storage.spaceBytes(SPACE) + 1)).toBe('quota-exceeded');
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

  it('appends ops with their wraps; wraps list per recipient after an id', () => {
    const result = storage.appendMembershipBatch(
      batch({ ops: [bytes(1), bytes(2)], wraps: [{ recipient: alice, wrap: bytes(10) }, { recipient: bob, wrap: bytes(20) }] }),
    );
    expect(result).toEqual({ status: 'appended', head: 2 });
    expect(storage.membershipHead(SPACE)).toBe(2);
    expect(storage.membershipHead('BBBBBBBBBBBBBBBBBBBBBA')).toBeUndefined();
    storage.appendMembershipBatch(batch({ firstSeq: 3, ops: [bytes(3)], wraps: [{ recipient: alice, wrap: bytes(11) }] }));
    const wraps = storage.listKeyWraps(SPACE, alice, 0);
    expect(wraps.map((w) => w.wrap)).toEqual([bytes(10), bytes(11)]);
    expect(storage.listKeyWraps(SPACE, alice, wraps[0]?.id ?? 0).map((w) => w.wrap)).toEqual([bytes(11)]);
    expect(storage.listKeyWraps(SPACE, carol, 0)).toEqual([]);
    expect(storage.listKeyWraps('BBBBBBBBBBBBBBBBBBBBBA', alice, 0)).toEqual([]);
  });

  it('rolls everything back when one op cannot be appended', () => {
    const before = storage.spaceBytes(SPACE);
    const result = storage.appendMembershipBatch(batch({ firstSeq: 2, ops: [bytes(1)], wraps: [{ recipient: alice, wrap: bytes(1) }] }));
    expect(result).toEqual({ status: 'head-moved' });
    expect(storage.appendMembershipBatch(batch({ wraps: [{ recipient: alice, wrap: new Uint8Array(100) }], quotaBytes: before + 50 }))).toEqual({
      status: 'quota-exceeded',
    });
    expect(storage.listMembershipOps(SPACE)).toHaveLength(1);
    expect(storage.listKeyWraps(SPACE, alice, 0)).toEqual([]);
    expect(storage.spaceBytes(SPACE)).toBe(before);
  });

  it('consumes a requested link only for the device that requested it, before it expires', () => {
    const link = { linkId: 'LLLLLLLLLLLLLLLLLLLLLA', spaceId: SPACE, partnerId: 'PPPPPPPPPPPPPPPPPPPPPA', certificate: bytes(4), expiresAt: 100, createdAt: 10 };
    storage.createDeviceLink(link, QUOTA);
    const use = (device: Uint8Array, now = 50) => storage.appendMembershipBatch(batch({ linksUsed: [{ linkId: link.linkId, device }], now }));
    expect(use(carol)).toEqual({ status: 'link-unavailable', linkId: link.linkId });
    storage.requestDeviceLink(link.linkId, bytes(7), carol, QUOTA);
    expect(use(bob)).toEqual({ status: 'link-unavailable', linkId: link.linkId });
    expect(use(carol, 100)).toEqual({ status: 'link-unavailable', linkId: link.linkId });
    expect(storage.listMembershipOps(SPACE)).toHaveLength(1);
    expect(use(carol)).toEqual({ status: 'appended', head: 1 });
    expect(storage.getDeviceLink(link.linkId)).toMatchObject({ status: 'linked', usedAt: 50 });
    expect(storage.appendMembershipBatch(batch({ firstSeq: 2, linksUsed: [{ linkId: link.linkId, device: carol }] }))).toEqual({
      status: 'link-unavailable',
      linkId: link.linkId,
    });
  });

  it('deletes a revoked device’s wraps and a deleted document with every row and byte', () => {
    const privateDoc = 'private-PPPPPPPPPPPPPPPPPPPPPA';
    storage.appendMembershipBatch(batch({ wraps: [{ recipient: bob, wrap: new Uint8Array(40) }, { recipient: alice, wrap: bytes(1) }] }));
    push(bob, 1, new Uint8Array(30), privateDoc);
    push(bob, 2, new Uint8Array(30), privateDoc);
    storage.putSnapshot({ spaceId: SPACE, docId: privateDoc, parentHash: NO_PARENT, coversSeq: 1, hash: hashOf(1), envelope: new Uint8Array(25), now: 1, quotaBytes: QUOTA });
    push(alice, 1, bytes(1));
    const before = storage.spaceBytes(SPACE);
    const result = storage.appendMembershipBatch(batch({ firstSeq: 2, ops: [bytes(2)], revokedDevices: [bob], deletedDocs: [privateDoc] }));
    expect(result).toEqual({ status: 'appended', head: 2 });
    expect(storage.listKeyWraps(SPACE, bob, 0)).toEqual([]);
    expect(storage.listKeyWraps(SPACE, alice, 0)).toHaveLength(1);
    expect(rowsForDoc(privateDoc)).toBe(0);
    expect(rowsForDoc(DOC)).toBeGreaterThan(0);
    expect(storage.headSeq(SPACE, privateDoc)).toBe(0);
    // 40 (wrap) + 30 (update 2) + 25 (snapshot) released; the op's byte added.
    expect(storage.spaceBytes(SPACE)).toBe(before - 40 - 30 - 25 + 1);
  });
});
