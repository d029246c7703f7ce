// The storage contract (storage-contract.ts) on the SQLite adapter, a real database file per test;
// a document's rows are counted straight from the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE, openSqliteRelayStorage } from '../src/storage/sqlite.js';
import { describeStorageContract } from './storage-contract.js';

let dir = '';

describeStorageContract('sqlite', {
  open: () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-contract-'));
    return Promise.resolve(openSqliteRelayStorage(dir));
  },
  rowsForDoc: (_storage, spaceId, docId) => {
    const raw = new Database(join(dir, DATABASE_FILE), { readonly: true });
    try {
      const count = (table: string): number =>
        (raw.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE space_id = ? AND doc_id = ?`).get(spaceId, docId) as { n: number }).n;
      return Promise.resolve(count('updates') + count('snapshots') + count('author_clocks') + count('documents'));
    } finally {
      raw.close();
    }
  },
  cleanup: () => {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  },
});
