// SqliteStorage schema v2 against a real database file: the v1 → v2 migration of a database
// written with the walking skeleton's DDL. Snapshot compare-and-swap, device links, key wraps and
// atomic membership batches are rules of every adapter: the storage contract suite holds them.
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

/** Each test device belongs to its own partner, named after it. */
const partnerOf = (author: Uint8Array): string => `PARTNER${author[0] ?? 0}AAAAAAAAAAAAAAA`;

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
      expect(upgraded.appendUpdate({ spaceId: SPACE, docId: DOC, partnerId: partnerOf(alice), author: alice, clock: 2, envelope: bytes(5), partnerQuotaBytes: QUOTA, maxDocuments: 8 })).toEqual({
        status: 'clock-conflict',
        expectedClock: 3,
      });
      // The v2 tables work.
      expect(upgraded.putSnapshot({ spaceId: SPACE, docId: DOC, partnerId: partnerOf(alice), parentHash: NO_PARENT, coversSeq: 2, hash: hashOf(1), envelope: bytes(8), now: 3, partnerQuotaBytes: QUOTA })).toEqual({
        status: 'stored',
        prunedBytes: 4,
      });
      upgraded.close();

      const check = new Database(join(v1Dir, DATABASE_FILE), { readonly: true });
      expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
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
    expect(SCHEMA_VERSION).toBe(3);
    raw.close();
  });
});
