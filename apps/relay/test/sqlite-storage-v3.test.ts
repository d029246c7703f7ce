// SqliteStorage schema v3 against a real database file: the v2 → v3 migration of a database
// written with the v2 DDL (used invites kept with their payload, one shared byte count), then the
// per-partner accounting, the relay-wide totals and the sweeper's storage calls on the result.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openSqliteStorage, type SqliteStorage } from '../src/storage/sqlite.js';

const PAIRED = 'AAAAAAAAAAAAAAAAAAAAAA';
const LONELY = 'BBBBBBBBBBBBBBBBBBBBBA';
const DOC = 'shared';
const QUOTA = 1_000_000;
const alice = Buffer.alloc(32, 1);
const PARTNER_A = 'PPPPPPPPPPPPPPPPPPPPPA';
const PARTNER_B = 'QQQQQQQQQQQQQQQQQQQQQA';
const payload = (fill: number): Buffer => Buffer.alloc(64, fill);

// The v1 and v2 DDL as databases in the field have it, written out on purpose (see the v1 test).
const V2_DDL = `
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
  CREATE TABLE device_links (link_id TEXT PRIMARY KEY, space_id TEXT NOT NULL REFERENCES spaces(space_id), partner_id TEXT NOT NULL,
    certificate BLOB NOT NULL, expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'requested', 'linked')), request BLOB, request_device BLOB, used_at INTEGER) STRICT;
  CREATE INDEX device_links_by_space ON device_links (space_id, expires_at);
  CREATE TABLE key_wraps (id INTEGER PRIMARY KEY AUTOINCREMENT, space_id TEXT NOT NULL REFERENCES spaces(space_id),
    recipient BLOB NOT NULL, wrap BLOB NOT NULL, created_at INTEGER NOT NULL) STRICT;
  CREATE INDEX key_wraps_by_recipient ON key_wraps (space_id, recipient, id);
  CREATE TABLE snapshots (space_id TEXT NOT NULL REFERENCES spaces(space_id), doc_id TEXT NOT NULL, covers_seq INTEGER NOT NULL,
    hash BLOB NOT NULL, envelope BLOB NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (space_id, doc_id)) STRICT;
`;

let dir: string;
let storage: SqliteStorage | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-storage-v3-'));
});
afterEach(() => {
  storage?.close();
  storage = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A v2 database: a paired space (a used invite and an older sibling, both with payloads) and a lonely one. */
function writeV2Database(): void {
  const raw = new Database(join(dir, DATABASE_FILE));
  raw.exec(V2_DDL);
  raw.pragma('user_version = 2');
  const cert = Buffer.alloc(10, 7);
  // Paired: genesis 3 + add-partner 4 + updates 20 + 30 + snapshot 5 + used invite 74 + sibling 74.
  raw.prepare('INSERT INTO spaces VALUES (?, 1, ?)').run(PAIRED, 3 + 4 + 20 + 30 + 5 + 74 + 74);
  raw.prepare('INSERT INTO membership_ops VALUES (?, 0, ?)').run(PAIRED, Buffer.alloc(3, 9));
  raw.prepare('INSERT INTO membership_ops VALUES (?, 1, ?)').run(PAIRED, Buffer.alloc(4, 9));
  raw.prepare('INSERT INTO invites VALUES (?, ?, ?, ?, 1000, 2, 50)').run('IIIIIIIIIIIIIIIIIIIIIA', PAIRED, cert, payload(0xa1));
  raw.prepare('INSERT INTO invites VALUES (?, ?, ?, ?, 1000, 3, NULL)').run('JJJJJJJJJJJJJJJJJJJJJA', PAIRED, cert, payload(0xa2));
  raw.prepare('INSERT INTO documents VALUES (?, ?, 2)').run(PAIRED, DOC);
  raw.prepare('INSERT INTO author_clocks VALUES (?, ?, ?, 2)').run(PAIRED, DOC, alice);
  raw.prepare('INSERT INTO updates VALUES (?, ?, 1, ?, 1, ?)').run(PAIRED, DOC, alice, Buffer.alloc(20, 1));
  raw.prepare('INSERT INTO updates VALUES (?, ?, 2, ?, 2, ?)').run(PAIRED, DOC, alice, Buffer.alloc(30, 2));
  raw.prepare('INSERT INTO snapshots VALUES (?, ?, 0, ?, ?, 4)').run(PAIRED, DOC, Buffer.alloc(32, 3), Buffer.alloc(5, 3));
  // Lonely: genesis 3 + an open invite 74, never used.
  raw.prepare('INSERT INTO spaces VALUES (?, 1, ?)').run(LONELY, 3 + 74);
  raw.prepare('INSERT INTO membership_ops VALUES (?, 0, ?)').run(LONELY, Buffer.alloc(3, 8));
  raw.prepare('INSERT INTO invites VALUES (?, ?, ?, ?, 1000, 5, NULL)').run('KKKKKKKKKKKKKKKKKKKKKA', LONELY, cert, payload(0xa3));
  raw.close();
}

function onDisk(needle: Buffer): boolean {
  const base = join(dir, DATABASE_FILE);
  return [base, `${base}-wal`].some((file) => {
    try {
      return readFileSync(file).includes(needle);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  });
}

describe('migration from schema v2', () => {
  it('keeps every document row, turns used and superseded invites into tombstones and leaves no payload of them', () => {
    writeV2Database();
    expect(onDisk(payload(0xa1))).toBe(true);
    storage = openSqliteStorage(dir);
    const s = storage;

    expect(s.listUpdates(PAIRED, DOC, 0, QUOTA).map((e) => e.seq)).toEqual([1, 2]);
    expect(s.listMembershipOps(PAIRED)).toHaveLength(2);
    expect(s.getEndedInvite('IIIIIIIIIIIIIIIIIIIIIA')).toEqual({ reason: 'used', endedAt: 50 });
    expect(s.getEndedInvite('JJJJJJJJJJJJJJJJJJJJJA')).toEqual({ reason: 'space-full', endedAt: 50 });
    expect(s.getInvite('KKKKKKKKKKKKKKKKKKKKKA')?.payload).toEqual(new Uint8Array(payload(0xa3)));
    expect(onDisk(payload(0xa1))).toBe(false);
    expect(onDisk(payload(0xa2))).toBe(false);

    // The invites' bytes went; the documents' 55 bytes are unattributed (partner ''), nobody's share.
    expect(s.spaceBytes(PAIRED)).toBe(3 + 4 + 55);
    expect(s.partnerBytes(PAIRED, '')).toBe(55);
    expect(s.partnerBytes(PAIRED, PARTNER_A)).toBe(0);
    expect(s.totals()).toEqual({ spaces: 2, bytes: 3 + 4 + 55 + 3 + 74 });

    // A paired space is never deleted; the lonely one goes once old enough (and its invite expired).
    expect(s.purgeAbandonedSpaces(0, 2000, 100)).toBe(0);
    expect(s.purgeAbandonedSpaces(10, 2000, 100)).toBe(1);
    expect(s.hasSpace(LONELY)).toBe(false);
    expect(s.hasSpace(PAIRED)).toBe(true);
    expect(s.totals()).toEqual({ spaces: 1, bytes: 3 + 4 + 55 });
  });

  it('charges new writes per partner, and a snapshot frees the unattributed bytes it prunes', () => {
    writeV2Database();
    storage = openSqliteStorage(dir);
    const s = storage;
    const push = (partnerId: string, author: Uint8Array, clock: number, size: number) =>
      s.appendUpdate({ spaceId: PAIRED, docId: DOC, partnerId, author, clock, envelope: new Uint8Array(size), partnerQuotaBytes: 100, maxDocuments: 8 });
    expect(push(PARTNER_A, alice, 3, 60)).toEqual({ status: 'committed', seq: 3 });
    expect(push(PARTNER_B, new Uint8Array(32).fill(2), 1, 90)).toEqual({ status: 'committed', seq: 4 });
    expect(push(PARTNER_A, alice, 4, 50)).toEqual({ status: 'partner-quota-exceeded' });
    // B compacts everything: the legacy 55 bytes, A's 60 and B's own 90 go back to their owners.
    const parentHash = new Uint8Array(32).fill(3);
    const put = s.putSnapshot({
      spaceId: PAIRED,
      docId: DOC,
      partnerId: PARTNER_B,
      parentHash,
      coversSeq: 4,
      hash: new Uint8Array(32).fill(4),
      envelope: new Uint8Array(40),
      now: 9,
      partnerQuotaBytes: 100,
    });
    expect(put).toEqual({ status: 'stored', prunedBytes: 20 + 30 + 60 + 90 });
    expect([s.partnerBytes(PAIRED, ''), s.partnerBytes(PAIRED, PARTNER_A), s.partnerBytes(PAIRED, PARTNER_B)]).toEqual([0, 0, 40]);
    expect(s.spaceBytes(PAIRED)).toBe(3 + 4 + 40);
    expect(s.totals().bytes).toBe(3 + 4 + 40 + 3 + 74);
    expect(push(PARTNER_A, alice, 4, 100)).toEqual({ status: 'committed', seq: 5 });
  });

  it('deletes a large abandoned space over several bounded passes; it is unknown from the first', () => {
    storage = openSqliteStorage(dir);
    const s = storage;
    expect(s.createSpace(LONELY, new Uint8Array(3), 1)).toBe(true);
    for (let clock = 1; clock <= 5; clock++) {
      s.appendUpdate({ spaceId: LONELY, docId: DOC, partnerId: PARTNER_A, author: alice, clock, envelope: new Uint8Array(10), partnerQuotaBytes: QUOTA, maxDocuments: 8 });
    }
    expect(s.totals()).toEqual({ spaces: 1, bytes: 53 });
    expect(s.purgeAbandonedSpaces(10, 20, 2)).toBe(0);
    expect(s.hasSpace(LONELY)).toBe(false);
    expect(s.membershipTip(LONELY)).toBeUndefined();
    expect(s.totals()).toEqual({ spaces: 1, bytes: 33 });
    expect(s.purgeAbandonedSpaces(10, 20, 2)).toBe(0);
    expect(s.purgeAbandonedSpaces(10, 20, 2)).toBe(1);
    expect(s.totals()).toEqual({ spaces: 0, bytes: 0 });
    // The id is free again: a new space with it starts from nothing.
    expect(s.createSpace(LONELY, new Uint8Array(4), 30)).toBe(true);
    expect(s.membershipTip(LONELY)).toEqual({ head: 0, createdAt: 30 });
  });

  it('keeps the totals right when a transaction rolls back', () => {
    writeV2Database();
    storage = openSqliteStorage(dir);
    const before = storage.totals();
    const result = storage.appendMembershipBatch({
      spaceId: PAIRED,
      firstSeq: 2,
      ops: [new Uint8Array(5)],
      wraps: [{ recipient: alice, wrap: new Uint8Array(50) }],
      linksUsed: [],
      revokedDevices: [],
      deletedDocs: [],
      now: 10,
      quotaBytes: 3 + 4 + 5 + 10,
    });
    expect(result).toEqual({ status: 'quota-exceeded' });
    expect(storage.totals()).toEqual(before);
  });
});
