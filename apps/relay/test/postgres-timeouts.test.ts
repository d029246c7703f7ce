// Time limits on the PostgreSQL adapter (issue 14): a write stuck behind a lock nobody releases
// fails within the statement timeout instead of holding its session's queue forever (the client
// retries; nothing is acknowledged), and a node that stops in the middle of a transaction (a
// paused VM, a stuck event loop) has its session ended by the server, so its row locks do not stall
// every other node's writes to that space; and a network that goes silent mid-transaction (no
// reset, no answer) fails the push after the query timeout instead of hanging it behind a
// ROLLBACK that can never be answered. Against a private PostgreSQL (test/services/postgres.ts).
import './pg-under-vitest.js';
import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresStorage, postgresSessionSettings } from '../src/storage/postgres.js';
import { usePrivatePostgres } from './fresh-databases.js';

const SPACE = 'AAAAAAAAAAAAAAAAAAAAAA';
const author = new Uint8Array(32).fill(7);
const push = (clock: number) => ({ spaceId: SPACE, docId: 'shared', partnerId: 'PARTNER7AAAAAAAAAAAAAAA', author, clock, envelope: new Uint8Array([clock]), partnerQuotaBytes: 1_000_000, maxDocuments: 8 });
const TIMEOUTS = { statementTimeoutMs: 400, idleInTransactionTimeoutMs: 400, queryTimeoutMs: 2000 };

const { freshDatabase } = usePrivatePostgres('timeouts');

describe('postgres time limits', () => {
  it('a push blocked by a lock that is never released fails within the statement timeout, and succeeds once the lock is gone', async () => {
    const url = await freshDatabase();
    const storage = await openPostgresStorage(url, { maxConnections: 2, ...TIMEOUTS });
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      expect(await storage.createSpace(SPACE, new Uint8Array([1]), 1)).toBe(true);
      expect(await storage.appendUpdate(push(1))).toMatchObject({ seq: 1 });
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM spaces WHERE space_id = $1 FOR UPDATE', [SPACE]);
      const started = Date.now();
      await expect(storage.appendUpdate(push(2))).rejects.toThrow(/statement timeout|canceling statement/);
      expect(Date.now() - started).toBeLessThan(5000);
      await holder.query('ROLLBACK');
      // Nothing of the refused push was stored: the retry gets the next seq, with no gap.
      expect(await storage.appendUpdate(push(2))).toMatchObject({ seq: 2 });
    } finally {
      await holder.end().catch(() => undefined);
      await storage.close();
    }
  });

  it('a node session left idle inside a transaction is ended by the server, releasing its locks for the other nodes', async () => {
    const url = await freshDatabase();
    const storage = await openPostgresStorage(url, { maxConnections: 2, ...TIMEOUTS });
    // A node's own session, with the settings every pooled connection gets, that stops mid-transaction.
    const stuck = new pg.Client({ connectionString: url, ...postgresSessionSettings(TIMEOUTS) });
    const ended = new Promise<void>((done) => stuck.on('error', () => done()));
    await stuck.connect();
    try {
      expect(await storage.createSpace(SPACE, new Uint8Array([1]), 1)).toBe(true);
      await stuck.query('BEGIN');
      await stuck.query('SELECT 1 FROM spaces WHERE space_id = $1 FOR UPDATE', [SPACE]);
      await ended;
      expect(await storage.appendUpdate(push(1))).toMatchObject({ seq: 1 });
    } finally {
      await stuck.end().catch(() => undefined);
      await storage.close();
    }
  });

  it('a network that goes silent in the middle of a push fails it after the query timeout, and the next push goes through', async () => {
    const url = await freshDatabase();
    const proxy = await silenceableProxy(new URL(url));
    const proxied = new URL(url);
    proxied.port = String(proxy.port);
    const storage = await openPostgresStorage(proxied.toString(), { maxConnections: 2, statementTimeoutMs: 60_000, idleInTransactionTimeoutMs: 60_000, queryTimeoutMs: 800 });
    try {
      expect(await storage.createSpace(SPACE, new Uint8Array([1]), 1)).toBe(true);
      expect(await storage.appendUpdate(push(1))).toMatchObject({ seq: 1 });
      proxy.silence();
      const started = Date.now();
      await expect(storage.appendUpdate(push(2))).rejects.toThrow(/timeout/i);
      expect(Date.now() - started).toBeLessThan(10_000);
      proxy.speak();
      // The silent connection was dropped, not reused; the retry commits seq 2 with no gap.
      expect(await storage.appendUpdate(push(2))).toMatchObject({ seq: 2 });
    } finally {
      proxy.speak();
      await storage.close();
      await proxy.close();
    }
  }, 30_000);
});

/**
 * A TCP proxy to PostgreSQL that can go silent: while silenced it forwards nothing either way and
 * accepts no new connection, as a cable pulled without a reset would; connections made while it
 * speaks work normally.
 */
async function silenceableProxy(target: URL): Promise<{ port: number; silence: () => void; speak: () => void; close: () => Promise<void> }> {
  let silent = false;
  const pairs = new Set<[Socket, Socket]>();
  const server: Server = createServer((client) => {
    if (silent) return client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    // Bytes that arrive while silent are dropped, as on a dead link.
    client.on('data', (chunk) => !silent && upstream.write(chunk));
    upstream.on('data', (chunk) => !silent && client.write(chunk));
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    silence: () => {
      silent = true;
    },
    speak: () => {
      silent = false;
      // The connections that saw silence are as good as dead: a real link would have reset them.
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
