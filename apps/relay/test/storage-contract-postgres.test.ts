// The storage contract (storage-contract.ts) on the PostgreSQL adapter, against a private
// PostgreSQL started for this file (test/services/postgres.ts). Each test gets a fresh database;
// a document's rows are counted with SQL. Also: the schema migrates once and refuses a newer one.
import './pg-under-vitest.js';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresStorage, POSTGRES_SCHEMA_VERSION } from '../src/storage/postgres.js';
import { POSTGRES_V1 } from '../src/storage/postgres-schema.js';
import type { RelayStorage } from '../src/storage/types.js';
import { usePrivatePostgres } from './fresh-databases.js';
import { describeStorageContract } from './storage-contract.js';

const { freshDatabase } = usePrivatePostgres('contract');
const urlOf = new WeakMap<RelayStorage, string>();

describeStorageContract('postgres', {
  open: async () => {
    const url = await freshDatabase();
    const storage = await openPostgresStorage(url, { maxConnections: 4 });
    urlOf.set(storage, url);
    return storage;
  },
  rowsForDoc: async (storage, spaceId, docId) => {
    const client = new pg.Client({ connectionString: urlOf.get(storage) });
    await client.connect();
    try {
      let total = 0;
      for (const table of ['updates', 'snapshots', 'author_clocks', 'documents']) {
        const result = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table} WHERE space_id = $1 AND doc_id = $2`, [spaceId, docId]);
        total += Number(result.rows[0]?.n ?? 0);
      }
      return total;
    } finally {
      await client.end();
    }
  },
});

describe('postgres schema migrations', () => {
  it('migrates a fresh database once, even with several nodes opening it at the same time, and refuses a newer schema', async () => {
    const url = await freshDatabase();
    const nodes = await Promise.all([1, 2, 3].map(() => openPostgresStorage(url, { maxConnections: 2 })));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const versions = await client.query<{ version: number }>('SELECT version FROM relay_schema');
      expect(versions.rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }]);
      // What one node writes, another reads.
      expect(await nodes[0]?.createSpace('AAAAAAAAAAAAAAAAAAAAAA', new Uint8Array([1]), 1)).toBe(true);
      expect(await nodes[2]?.hasSpace('AAAAAAAAAAAAAAAAAAAAAA')).toBe(true);
      for (const node of nodes) await node.close();
      await client.query('UPDATE relay_schema SET version = $1', [POSTGRES_SCHEMA_VERSION + 1]);
      await expect(openPostgresStorage(url)).rejects.toThrow(/schema version/);
    } finally {
      await client.end();
    }
  });

  it('upgrades a v1 database with its data to v2: pushes go on from the stored clocks and seqs', async () => {
    const url = await freshDatabase();
    const space = 'BBBBBBBBBBBBBBBBBBBBBB';
    const author = Buffer.alloc(32, 7);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // A database as a v1 relay left it: one space with one update of 3 bytes.
      await client.query(POSTGRES_V1);
      await client.query('CREATE TABLE relay_schema (version INTEGER NOT NULL); INSERT INTO relay_schema VALUES (1)');
      await client.query("INSERT INTO spaces (space_id, created_at, bytes) VALUES ($1, 1, 4)", [space]);
      await client.query("INSERT INTO membership_ops (space_id, seq, op) VALUES ($1, 0, '\\x01')", [space]);
      await client.query("INSERT INTO updates VALUES ($1, 'shared', 1, $2, 1, '\\x010203', 'PARTNERAAAAAAAAAAAAAAAA')", [space, author]);
      await client.query("INSERT INTO documents VALUES ($1, 'shared', 1)", [space]);
      await client.query("INSERT INTO author_clocks VALUES ($1, 'shared', $2, 1)", [space, author]);
      await client.query("INSERT INTO partner_bytes VALUES ($1, 'PARTNERAAAAAAAAAAAAAAAA', 3)", [space]);
      const storage = await openPostgresStorage(url, { maxConnections: 2 });
      try {
        expect((await client.query<{ version: number }>('SELECT version FROM relay_schema')).rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }]);
        const push = (clock: number, bytes: number[]) =>
          storage.appendUpdate({ spaceId: space, docId: 'shared', partnerId: 'PARTNERAAAAAAAAAAAAAAAA', author, clock, envelope: new Uint8Array(bytes), partnerQuotaBytes: 1000, maxDocuments: 8 });
        expect(await push(1, [1, 2, 3])).toEqual({ status: 'duplicate', seq: 1 });
        expect(await push(2, [4, 5])).toEqual({ status: 'committed', seq: 2 });
        expect(await storage.spaceBytes(space)).toBe(6);
        expect(await storage.partnerBytes(space, 'PARTNERAAAAAAAAAAAAAAAA')).toBe(5);
      } finally {
        await storage.close();
      }
    } finally {
      await client.end();
    }
  });
});
