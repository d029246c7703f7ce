// SqliteStorage against a real database file: seq assignment, clock rules, idempotent retries,
// quotas, invites redeemed atomically with the membership append, and reopening from disk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, SCHEMA_VERSION, openSqliteStorage, type SqliteStorage } from '../src/storage/sqlite.js';

const SPACE = 'AAAAAAAAAAAAAAAAAAAAAA';
const DOC = 'shared';
const QUOTA = 1_000_000;
const alice = new Uint8Array(32).fill(1);
const bob = new Uint8Array(32).fill(2);
const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

let dir: string;
let storage: SqliteStorage;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-storage-'));
  storage = openSqliteStorage(dir);
  expect(storage.createSpace(SPACE, bytes(9, 9, 9), 1)).toBe(true);
});

afterEach(() => {
  storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const push = (author: Uint8Array, clock: number, envelope: Uint8Array, quotaBytes = QUOTA) =>
  storage.appendUpdate({ spaceId: SPACE, docId: DOC, author, clock, envelope, quotaBytes });

describe('spaces and membership', () => {
  it('creates a space once and lists its genesis op', () => {
    expect(storage.createSpace(SPACE, bytes(1), 2)).toBe(false);
    expect(storage.hasSpace(SPACE)).toBe(true);
    expect(storage.listMembershipOps(SPACE)).toEqual([bytes(9, 9, 9)]);
    expect(storage.listMembershipOps('BBBBBBBBBBBBBBBBBBBBBA')).toBeUndefined();
    expect(storage.spaceBytes(SPACE)).toBe(3);
  });

  it('appends ops only at the next seq', () => {
    expect(storage.appendMembershipOp(SPACE, 2, bytes(1), QUOTA)).toEqual({ status: 'head-moved' });
    expect(storage.appendMembershipOp(SPACE, 1, bytes(1), QUOTA)).toEqual({ status: 'appended', head: 1 });
    expect(storage.appendMembershipOp(SPACE, 1, bytes(2), QUOTA)).toEqual({ status: 'head-moved' });
    expect(storage.appendMembershipOp('BBBBBBBBBBBBBBBBBBBBBA', 1, bytes(1), QUOTA)).toEqual({ status: 'unknown-space' });
    expect(storage.listMembershipOps(SPACE)).toEqual([bytes(9, 9, 9), bytes(1)]);
  });
});

describe('invites', () => {
  const invite = { inviteId: 'IIIIIIIIIIIIIIIIIIIIIA', spaceId: SPACE, certificate: bytes(5, 5), payload: bytes(6), expiresAt: 100, createdAt: 1 };

  it('stores an invite once and redeems it with the op in one step', () => {
    expect(storage.createInvite(invite, QUOTA)).toBe('created');
    expect(storage.createInvite(invite, QUOTA)).toBe('exists');
    expect(storage.getInvite(invite.inviteId)).toEqual({ ...invite, usedAt: undefined });
    expect(storage.redeemInvite(invite.inviteId, 1, bytes(7), 50, QUOTA)).toEqual({ status: 'appended', head: 1 });
    expect(storage.getInvite(invite.inviteId)?.usedAt).toBe(50);
    expect(storage.redeemInvite(invite.inviteId, 2, bytes(8), 51, QUOTA)).toEqual({ status: 'invite-used' });
    expect(storage.listMembershipOps(SPACE)).toHaveLength(2);
  });

  it('leaves the invite unused when the op cannot be appended', () => {
    storage.createInvite(invite, QUOTA);
    expect(storage.redeemInvite(invite.inviteId, 5, bytes(7), 50, QUOTA)).toEqual({ status: 'head-moved' });
    expect(storage.getInvite(invite.inviteId)?.usedAt).toBeUndefined();
  });

  it('refuses an invite for an unknown space or over quota', () => {
    expect(storage.createInvite({ ...invite, spaceId: 'BBBBBBBBBBBBBBBBBBBBBA' }, QUOTA)).toBe('unknown-space');
    expect(storage.createInvite(invite, 4)).toBe('quota-exceeded');
    expect(storage.getInvite(invite.inviteId)).toBeUndefined();
  });
});

describe('updates', () => {
  it('assigns per-document seqs and checks each author clock', () => {
    expect(push(alice, 1, bytes(1))).toEqual({ status: 'committed', seq: 1 });
    expect(push(bob, 1, bytes(2))).toEqual({ status: 'committed', seq: 2 });
    expect(push(alice, 2, bytes(3))).toEqual({ status: 'committed', seq: 3 });
    expect(push(alice, 4, bytes(4))).toEqual({ status: 'clock-conflict', expectedClock: 3 });
    expect(push(alice, 2, bytes(99))).toEqual({ status: 'clock-conflict', expectedClock: 3 });
    expect(storage.headSeq(SPACE, DOC)).toBe(3);
    expect(storage.headSeq(SPACE, 'other')).toBe(0);
    expect(storage.appendUpdate({ spaceId: SPACE, docId: 'other', author: alice, clock: 1, envelope: bytes(1), quotaBytes: QUOTA })).toEqual({
      status: 'committed',
      seq: 1,
    });
  });

  it('returns the same seq for an identical retry without storing it twice', () => {
    push(alice, 1, bytes(1, 2));
    push(alice, 2, bytes(3));
    const before = storage.spaceBytes(SPACE);
    expect(push(alice, 1, bytes(1, 2))).toEqual({ status: 'duplicate', seq: 1 });
    expect(storage.spaceBytes(SPACE)).toBe(before);
    expect(storage.listUpdates(SPACE, DOC, 0, QUOTA).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('enforces the per-space quota', () => {
    expect(push(alice, 1, new Uint8Array(10), 13)).toEqual({ status: 'committed', seq: 1 });
    expect(push(alice, 2, new Uint8Array(1), 13)).toEqual({ status: 'quota-exceeded' });
    expect(storage.spaceBytes(SPACE)).toBe(13);
  });

  it('lists after a seq within a byte budget, always at least one', () => {
    for (let clock = 1; clock <= 5; clock++) push(alice, clock, new Uint8Array(10).fill(clock));
    expect(storage.listUpdates(SPACE, DOC, 0, 25).map((e) => e.seq)).toEqual([1, 2]);
    expect(storage.listUpdates(SPACE, DOC, 2, 1).map((e) => e.seq)).toEqual([3]);
    expect(storage.listUpdates(SPACE, DOC, 3, 1000)).toEqual([
      { seq: 4, envelope: new Uint8Array(10).fill(4) },
      { seq: 5, envelope: new Uint8Array(10).fill(5) },
    ]);
    expect(storage.listUpdates(SPACE, DOC, 5, 1000)).toEqual([]);
  });
});

describe('on disk', () => {
  it('keeps everything across close and reopen, in WAL mode with a schema version', () => {
    push(alice, 1, bytes(1));
    storage.appendMembershipOp(SPACE, 1, bytes(2), QUOTA);
    storage.close();
    const raw = new Database(join(dir, DATABASE_FILE), { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    storage = openSqliteStorage(dir);
    expect(storage.listMembershipOps(SPACE)).toEqual([bytes(9, 9, 9), bytes(2)]);
    expect(storage.listUpdates(SPACE, DOC, 0, QUOTA)).toEqual([{ seq: 1, envelope: bytes(1) }]);
    expect(push(alice, 2, bytes(3))).toEqual({ status: 'committed', seq: 2 });
  });

  it('refuses a database from a newer schema', () => {
    storage.close();
    const raw = new Database(join(dir, DATABASE_FILE));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openSqliteStorage(dir)).toThrow(/schema version/);
    // Put the version back so afterEach has an open storage to close.
    const fix = new Database(join(dir, DATABASE_FILE));
    fix.pragma(`user_version = ${SCHEMA_VERSION}`);
    fix.close();
    storage = openSqliteStorage(dir);
  });
});
