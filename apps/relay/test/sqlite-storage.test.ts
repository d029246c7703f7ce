// SqliteStorage against a real database file: what only the SQLite adapter has (reopening from
// disk, WAL, the schema version). The rules every adapter keeps (seqs, clocks, retries, quotas,
// invites) are in the storage contract suite (storage-contract.ts).
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

const PARTNER = 'PPPPPPPPPPPPPPPPPPPPPA';
const push = (author: Uint8Array, clock: number, envelope: Uint8Array, partnerQuotaBytes = QUOTA) =>
  storage.appendUpdate({ spaceId: SPACE, docId: DOC, partnerId: PARTNER, author, clock, envelope, partnerQuotaBytes, maxDocuments: 8 });

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
