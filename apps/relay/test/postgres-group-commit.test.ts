// Group commit on a real private PostgreSQL (storage/postgres-append-batch.ts): appends waiting
// at the same time share one transaction and one round trip (one call of relay_append_updates),
// each keeps its own rules, a space is in at most one batch at a time (so one space's appends
// commit in the order they came), and nothing resolves before COMMIT has returned.
import './pg-under-vitest.js';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStorage, type PostgresRelayStorage } from '../src/storage/postgres.js';
import type { AppendUpdateInput } from '../src/storage/types.js';
import { usePrivatePostgres } from './fresh-databases.js';

const { freshDatabase } = usePrivatePostgres('groupcommit');

const spaceId = (i: number): string => `SPACE${String(i).padStart(16, '0')}A`;
const author = (i: number): Uint8Array => new Uint8Array(32).fill(i + 1);
const input = (space: number, clock: number, writer = 0, bytes = 3): AppendUpdateInput => ({
  spaceId: spaceId(space),
  docId: 'shared',
  partnerId: `PARTNER${writer}AAAAAAAAAAAAAAA`,
  author: author(writer),
  clock,
  envelope: new Uint8Array(bytes).fill(clock % 251).map((b, i) => (i === 0 ? space : b)),
  partnerQuotaBytes: 1_000_000,
  maxDocuments: 8,
});

let storage: PostgresRelayStorage | undefined;
let reader: pg.Client | undefined;
let batches: number[] = [];

async function open(spaces = 10): Promise<{ storage: PostgresRelayStorage; reader: pg.Client }> {
  const url = await freshDatabase();
  batches = [];
  storage = await openPostgresStorage(url, { maxConnections: 4, onBatch: (size) => batches.push(size) });
  reader = new pg.Client({ connectionString: url });
  await reader.connect();
  for (let i = 0; i < spaces; i++) expect(await storage.createSpace(spaceId(i), new Uint8Array([i]), 1)).toBe(true);
  return { storage, reader };
}

afterEach(async () => {
  await storage?.close().catch(() => undefined);
  await reader?.end().catch(() => undefined);
  storage = undefined;
  reader = undefined;
});

const storedSeqs = async (client: pg.Client, space: number): Promise<number[]> =>
  (await client.query<{ seq: string }>('SELECT seq FROM updates WHERE space_id = $1 ORDER BY seq', [spaceId(space)])).rows.map((r) => Number(r.seq));

describe('group commit on PostgreSQL', () => {
  it('commits the appends of many spaces waiting together in one transaction, each durable before it resolves', async () => {
    const { storage: db, reader: client } = await open();
    const inputs = Array.from({ length: 10 }, (_, i) => input(i, 1));
    const results = await Promise.all(
      inputs.map((entry, i) =>
        db.appendUpdate(entry).then(async (result) => {
          // At the moment this append resolves, another connection already reads it.
          expect(await storedSeqs(client, i)).toEqual([1]);
          return result;
        }),
      ),
    );
    expect(batches).toEqual([10]);
    expect(results).toEqual(inputs.map(() => ({ status: 'committed', seq: 1 })));
  });

  it('keeps one space in one batch at a time, so its appends commit in the order they came', async () => {
    const { storage: db, reader: client } = await open(2);
    // Space 0 gets 40 consecutive clocks at once, space 1 gets 3: never two batches of one space at
    // the same time (the second could take the row lock first and see clocks out of order).
    const inputs = [...Array.from({ length: 40 }, (_, i) => input(0, i + 1)), ...Array.from({ length: 3 }, (_, i) => input(1, i + 1))];
    const results = await Promise.all(inputs.map((entry) => db.appendUpdate(entry)));
    expect(results.map((r) => (r.status === 'committed' ? r.seq : r.status))).toEqual(inputs.map((entry) => entry.clock));
    expect(await storedSeqs(client, 0)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(batches.reduce((a, b) => a + b, 0)).toBe(43);
  });

  it('keeps up under load: 50 spaces, pushes arriving while earlier batches run, every one committed in order', async () => {
    const { storage: db, reader: client } = await open(50);
    // Each space's writer keeps 4 pushes unanswered, as a pipelining client would.
    const writer = async (space: number): Promise<number[]> => {
      const seqs: number[] = [];
      let next = 1;
      const one = async (): Promise<void> => {
        while (next <= 60) {
          const result = await db.appendUpdate(input(space, next++));
          if (result.status !== 'committed') throw new Error(`space ${space}: ${JSON.stringify(result)}`);
          seqs.push(result.seq);
        }
      };
      await Promise.all([one(), one(), one(), one()]);
      return seqs;
    };
    const all = await Promise.all(Array.from({ length: 50 }, (_, i) => writer(i)));
    for (const [i, seqs] of all.entries()) {
      expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, k) => k + 1));
      expect(await storedSeqs(client, i)).toHaveLength(60);
    }
    expect(Math.max(...batches)).toBeGreaterThan(1);
  });

  it('never deadlocks two nodes whose batches charge the same totals shards in different orders', async () => {
    const url = await freshDatabase();
    const nodes = await Promise.all([1, 2].map(() => openPostgresStorage(url, { maxConnections: 4 })));
    try {
      for (let i = 0; i < 40; i++) expect(await nodes[0]!.createSpace(spaceId(i), new Uint8Array([i]), 1)).toBe(true);
      // Node 1 writes spaces 0–19, node 2 spaces 20–39: disjoint spaces, but their batches share
      // the 16 totals shards; each batch must take those rows in one order or two wait in a circle.
      const writer = async (node: PostgresRelayStorage, space: number): Promise<void> => {
        for (let clock = 1; clock <= 25; clock++) {
          const result = await node.appendUpdate(input(space, clock));
          if (result.status !== 'committed') throw new Error(`space ${space}: ${JSON.stringify(result)}`);
        }
      };
      await Promise.all(Array.from({ length: 40 }, (_, i) => writer(nodes[i < 20 ? 0 : 1]!, i)));
      expect((await nodes[1]!.totals()).bytes).toBe(40 + 40 * 25 * 3);
    } finally {
      for (const node of nodes) await node.close();
    }
  });

  it('applies each rule per append inside one batch: conflict, duplicate, unknown space, quotas, new documents', async () => {
    const { storage: db, reader: client } = await open(3);
    expect(await db.appendUpdate(input(0, 1))).toEqual({ status: 'committed', seq: 1 });
    batches = [];
    const first = input(0, 1);
    const docs = (docId: string, clock: number): AppendUpdateInput => ({ ...input(2, clock, 3), docId, maxDocuments: 2 });
    const quota = (clock: number): AppendUpdateInput => ({ ...input(1, clock, 2, 40), partnerQuotaBytes: 100 });
    const inputs: AppendUpdateInput[] = [
      first, // identical retry of the committed one
      { ...first, envelope: new Uint8Array([9, 9, 9]) }, // same clock, other bytes
      input(0, 7), // a clock from the future
      input(0, 2), // the next clock: commits
      input(0, 3), // and the next, in the same batch
      { ...input(0, 1), spaceId: 'UNKNOWNSPACEAAAAAAAAAA' },
      quota(1), // 40 of 100
      quota(2), // 80 of 100
      quota(3), // 120 > 100: refused
      docs('shared', 1), // a first document (clocks count per document)
      docs('notes', 1), // a second (of at most 2)
      docs('extra', 1), // a third: refused
      docs('notes', 2), // a document that exists: fine
    ];
    const results = await Promise.all(inputs.map((entry) => db.appendUpdate(entry)));
    expect(batches.reduce((a, b) => a + b, 0)).toBe(inputs.length);
    expect(results).toEqual([
      { status: 'duplicate', seq: 1 },
      { status: 'clock-conflict', expectedClock: 2 },
      { status: 'clock-conflict', expectedClock: 2 },
      { status: 'committed', seq: 2 },
      { status: 'committed', seq: 3 },
      { status: 'unknown-space' },
      { status: 'committed', seq: 1 },
      { status: 'committed', seq: 2 },
      { status: 'partner-quota-exceeded' },
      { status: 'committed', seq: 1 },
      { status: 'committed', seq: 1 },
      { status: 'too-many-documents' },
      { status: 'committed', seq: 2 },
    ]);
    expect(await storedSeqs(client, 0)).toEqual([1, 2, 3]);
    // Only what committed was charged: 3 updates of 3 bytes (+1 record byte) in space 0, 2 × 40 in space 1.
    expect(await db.spaceBytes(spaceId(0))).toBe(1 + 9);
    expect(await db.partnerBytes(spaceId(1), quota(1).partnerId)).toBe(80);
    expect(await db.spaceBytes(spaceId(1))).toBe(1 + 80);
    expect(await db.spaceBytes(spaceId(2))).toBe(1 + 9);
    const totals = await db.totals();
    expect(totals.bytes).toBe(3 + 9 + 80 + 9);
  });

  it('answers an append that breaks the database alone, and commits the rest of its batch', async () => {
    const { storage: db, reader: client } = await open(3);
    const broken = { ...input(1, 1), partnerId: undefined as unknown as string }; // NOT NULL
    const settled = await Promise.allSettled([db.appendUpdate(input(0, 1)), db.appendUpdate(broken), db.appendUpdate(input(2, 1))]);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: { status: 'committed', seq: 1 } });
    expect(settled[1]?.status).toBe('rejected');
    expect(settled[2]).toEqual({ status: 'fulfilled', value: { status: 'committed', seq: 1 } });
    expect(await storedSeqs(client, 1)).toEqual([]);
    expect(await db.spaceBytes(spaceId(1))).toBe(1);
    expect(await db.appendUpdate(input(1, 1))).toEqual({ status: 'committed', seq: 1 });
  });

  it('rejects every append of a batch that cannot reach the database, and stores none', async () => {
    const { storage: db, reader: client } = await open(2);
    const pending = [db.appendUpdate(input(0, 1)), db.appendUpdate(input(1, 1))];
    await db.close(); // before the batch runs: the pool is gone
    const settled = await Promise.allSettled(pending);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect([...(await storedSeqs(client, 0)), ...(await storedSeqs(client, 1))]).toEqual([]);
  });
});
