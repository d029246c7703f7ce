// The failpoints of src/failpoint.ts while pushes of two sessions overlap, as they do under load
// (issue 14: node-faults waited for an armed node that committed hundreds of pushes and never
// died). A relay node process on a private PostgreSQL, armed for its first push at a point after
// the COMMIT; the test holds the space's row lock, so both sessions' pushes are checked and waiting
// on their write at once (one group commit holds the space; the other push is in it or waits for
// the next, postgres-append-batch.ts); then lets them go. The first push whose COMMIT returns must
// kill the node at that point, whatever the other push did meanwhile.
import './pg-under-vitest.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto } from '@securebase/crypto';
import { SHARED_DOC_ID, type Frame } from '@securebase/protocol';
import { startPrivatePostgres, type PrivatePostgres } from '../../../test/services/postgres.js';
import type { FailpointName } from '../src/failpoint.js';
import { newEnvelope } from './fixtures.js';
import { authenticated, pairedCouple } from './pairing-fixtures.js';
import type { FrameSocket } from './relay-harness.js';
import { directClient, startRelayNode, type RelayNode } from './relay-node-process.js';

let postgres: PrivatePostgres;
let databaseUrl: string;
const started: RelayNode[] = [];

beforeAll(async () => {
  await readyCrypto();
  postgres = await startPrivatePostgres();
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE failpoints');
  await admin.end();
  databaseUrl = postgres.url.replace(/\/postgres$/, '/failpoints');
}, 60_000);
afterAll(async () => {
  for (const node of started) await node.kill();
  await postgres?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The socket's next frame, or undefined once it has closed. */
async function nextOrClosed(socket: FrameSocket): Promise<Frame | undefined> {
  try {
    return await socket.next();
  } catch (error) {
    if (error instanceof Error && error.message.includes('socket closed')) return undefined;
    throw error;
  }
}

/**
 * Wait until `n` backends of the database wait on a lock: the pushes are in their transactions.
 * Asked outside any transaction: inside one, pg_stat_activity keeps the snapshot of its first read.
 */
async function untilWaitingOnLocks(n: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await pollLockWaits(client, n);
  } finally {
    await client.end();
  }
}

async function pollLockWaits(client: pg.Client, n: number): Promise<void> {
  for (;;) {
    const { rows } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (Number(rows[0]?.n) >= n) return;
    await sleep(10);
  }
}

describe('failpoints with overlapping pushes', () => {
  for (const name of ['after-commit', 'after-ack'] satisfies FailpointName[]) {
    it(`${name} armed for the first push kills the node when the first of two overlapping pushes gets there`, async () => {
      const node = await startRelayNode({
        options: { databaseUrl, nodeId: `failpoint-${name}`, webRoot: '/nonexistent' },
        env: { SECUREBASE_TEST_FAILPOINTS: '1', SECUREBASE_FAILPOINT: name, SECUREBASE_FAILPOINT_PUSH: '1' },
      });
      started.push(node);
      const c = await pairedCouple(directClient(node));
      const devices = [c.alice.devices[0], c.bob.devices[0]].filter((device) => device !== undefined);
      const sockets = await Promise.all(devices.map((device) => authenticated(directClient(node), c, device)));

      const locker = new pg.Client({ connectionString: databaseUrl });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('SELECT 1 FROM spaces WHERE space_id = $1 FOR UPDATE', [c.space.spaceId]);
        sockets.forEach((socket, i) => socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: 1, envelope: newEnvelope(c.space, devices[i]!, 1) }));
        // The space's group commit waits on its lock; give the other push time to reach the node too.
        await untilWaitingOnLocks(1);
        await sleep(200);
        await locker.query('ROLLBACK');

        const answers = await Promise.all(sockets.map(nextOrClosed));
        const acks = answers.filter((frame) => frame?.type === 'ack');
        // after-commit: no ack at all; after-ack: the dying node may have got its one ack onto the wire.
        expect(acks.length).toBeLessThanOrEqual(name === 'after-ack' ? 1 : 0);
        expect(answers.filter((frame) => frame !== undefined && frame.type !== 'ack')).toEqual([]);
        const exit = await node.exited;
        expect(exit.signal).toBe('SIGKILL');
        expect(node.logLines.filter((line) => line.includes('"event":"failpoint"'))).toEqual([JSON.stringify({ event: 'failpoint', failpoint: name })]);
        // The first COMMIT returned (that is where the node died): the other push was in that
        // same group commit, or waiting for the next one, which never ran.
        const { rows } = await locker.query<{ n: string }>('SELECT count(*) AS n FROM updates WHERE space_id = $1', [c.space.spaceId]);
        expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(1);
        expect(Number(rows[0]?.n)).toBeLessThanOrEqual(2);
      } finally {
        for (const socket of sockets) socket.terminate();
        await locker.end();
      }
    }, 60_000);
  }
});
