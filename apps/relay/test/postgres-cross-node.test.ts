// Cross-node rules of the PostgreSQL adapter, with two storages (two nodes' pools) on one private
// PostgreSQL: a catch-up turn read while another node prunes is one consistent state (never a
// gap, never a lost entry), and two nodes racing a snapshot compare-and-swap on the same base
// have exactly one winner, with the pruned log, the stored snapshot and the byte counts agreeing.
import './pg-under-vitest.js';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStorage, type PostgresRelayStorage } from '../src/storage/postgres.js';
import { usePrivatePostgres } from './fresh-databases.js';

const SPACE = 'AAAAAAAAAAAAAAAAAAAAAA';
const DOC = 'shared';
const QUOTA = 1_000_000;
const NO_PARENT = new Uint8Array(0);
const GENESIS = new Uint8Array([9, 9, 9]);
const alice = new Uint8Array(32).fill(1);
const bob = new Uint8Array(32).fill(2);
const partnerOf = (author: Uint8Array): string => `PARTNER${author[0] ?? 0}AAAAAAAAAAAAAAA`;

const { freshDatabase } = usePrivatePostgres('cross');
let open: { storages: PostgresRelayStorage[]; clients: pg.Client[] } = { storages: [], clients: [] };

afterEach(async () => {
  for (const client of open.clients) await client.end().catch(() => undefined);
  for (const storage of open.storages) await storage.close();
  open = { storages: [], clients: [] };
});

/** Two nodes' storages on one fresh database, the space created, and a plain SQL client on it. */
async function twoNodes(): Promise<{ one: PostgresRelayStorage; two: PostgresRelayStorage; sql: pg.Client }> {
  const url = await freshDatabase();
  const one = await openPostgresStorage(url, { maxConnections: 4 });
  const two = await openPostgresStorage(url, { maxConnections: 4 });
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  open.storages.push(one, two);
  open.clients.push(sql);
  expect(await one.createSpace(SPACE, GENESIS, 1)).toBe(true);
  return { one, two, sql };
}

async function push(storage: PostgresRelayStorage, author: Uint8Array, clock: number, size: number): Promise<number> {
  const result = await storage.appendUpdate({
    spaceId: SPACE, docId: DOC, partnerId: partnerOf(author), author, clock, envelope: new Uint8Array(size).fill(clock), partnerQuotaBytes: QUOTA, maxDocuments: 8,
  });
  if (result.status !== 'committed') throw new Error(`push ${clock}: ${result.status}`);
  return result.seq;
}

/** Poll until a statement of another connection waits for a lock on `table`. */
async function untilWaitingOn(sql: pg.Client, table: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const { rows } = await sql.query<{ n: string }>(
      'SELECT COUNT(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = $1 AND NOT l.granted',
      [table],
    );
    if (Number(rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nothing waited on ${table}`);
}

describe('postgres across nodes', () => {
  it.each([
    ['a client behind no snapshot', 3],
    ['a client behind the snapshot', 1],
  ])('a catch-up read while another node prunes sees one consistent state (%s)', async (_name, afterSeq) => {
    const { one, two, sql } = await twoNodes();
    for (let clock = 1; clock <= 6; clock++) await push(two, alice, clock, 10);
    const put = await two.putSnapshot({ spaceId: SPACE, docId: DOC, partnerId: partnerOf(alice), parentHash: NO_PARENT, coversSeq: 2, hash: new Uint8Array(32).fill(1), envelope: new Uint8Array(20), now: 2, partnerQuotaBytes: QUOTA });
    expect(put.status).toBe('stored');

    // The prune runs in a transaction that holds the updates table, so the catch-up's read of
    // the updates waits for it and resumes right after it commits: the worst interleaving.
    await sql.query('BEGIN');
    await sql.query('LOCK TABLE updates IN ACCESS EXCLUSIVE MODE');
    const reading = one.readCatchUp(SPACE, DOC, afterSeq, QUOTA);
    await untilWaitingOn(sql, 'updates');
    await sql.query(
      'UPDATE snapshots SET covers_seq = 5, hash = $3, envelope = $4 WHERE space_id = $1 AND doc_id = $2',
      [SPACE, DOC, Buffer.alloc(32, 2), Buffer.alloc(20)],
    );
    await sql.query('DELETE FROM updates WHERE space_id = $1 AND doc_id = $2 AND seq <= 5', [SPACE, DOC]);
    await sql.query('COMMIT');
    const read = await reading;

    // What the client holds after this turn, and the seqs it is then sent: no gap, nothing lost.
    const base = read.snapshot ? read.snapshot.coversSeq : afterSeq;
    expect(read.updates.map((entry) => entry.seq)).toEqual(Array.from({ length: 6 - base }, (_, i) => base + 1 + i));
    expect(read.headSeq).toBe(6);
    // Either the state before the prune or after it, never a mix of the two.
    if (read.snapshot?.coversSeq === 5) expect(read.snapshot.hash).toEqual(new Uint8Array(32).fill(2));
  });

  it('two nodes racing a snapshot on the same base: exactly one wins, 30 rounds, log, snapshot and bytes agree', async () => {
    const { one, two, sql } = await twoNodes();
    let parentHash: Uint8Array = NO_PARENT;
    let clock = 0;
    for (let round = 1; round <= 30; round++) {
      for (let i = 0; i < 3; i++) {
        clock++;
        await push(round % 2 ? one : two, alice, clock, 7 + (clock % 5));
      }
      const head = await one.headSeq(SPACE, DOC);
      const attempt = (storage: PostgresRelayStorage, author: Uint8Array, coversSeq: number, fill: number) =>
        storage.putSnapshot({
          spaceId: SPACE, docId: DOC, partnerId: partnerOf(author), parentHash, coversSeq, hash: new Uint8Array(32).fill(fill), envelope: new Uint8Array(30 + fill), now: round, partnerQuotaBytes: QUOTA,
        });
      const aliceFill = (round * 2) % 250;
      const bobFill = aliceFill + 1;
      // Same base; alice covers the head, bob one less (both valid on their own).
      const results = await Promise.all([attempt(one, alice, head, aliceFill), attempt(two, bob, head - 1, bobFill)]);
      const statuses = results.map((result) => result.status).sort();
      expect(statuses, `round ${round}`).toEqual(['conflict', 'stored']);
      const aliceWon = results[0]?.status === 'stored';
      const covers = aliceWon ? head : head - 1;
      const stored = await two.getSnapshot(SPACE, DOC);
      expect(stored?.coversSeq).toBe(covers);
      expect(stored?.hash).toEqual(new Uint8Array(32).fill(aliceWon ? aliceFill : bobFill));
      parentHash = stored?.hash ?? NO_PARENT;
      // The log holds exactly the updates after the winner's cover; both nodes read the same.
      for (const storage of [one, two]) {
        const read = await storage.readCatchUp(SPACE, DOC, 0, QUOTA);
        expect(read.snapshot?.coversSeq).toBe(covers);
        expect(read.updates.map((entry) => entry.seq)).toEqual(head > covers ? [head] : []);
      }
      // Bytes: genesis + the one stored snapshot + the updates left, and the partners' shares sum to it.
      const { rows } = await sql.query<{ n: string }>('SELECT COALESCE(SUM(octet_length(envelope)), 0) AS n FROM updates WHERE space_id = $1', [SPACE]);
      const left = Number(rows[0]?.n ?? 0);
      const snapshotBytes = stored?.envelope.byteLength ?? 0;
      expect(await one.spaceBytes(SPACE)).toBe(GENESIS.byteLength + snapshotBytes + left);
      expect((await one.partnerBytes(SPACE, partnerOf(alice))) + (await two.partnerBytes(SPACE, partnerOf(bob)))).toBe(snapshotBytes + left);
    }
  }, 120_000);
});
