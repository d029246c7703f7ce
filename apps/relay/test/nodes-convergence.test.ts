// Convergence across three relay PROCESSES on one private PostgreSQL and one private Redis
// (issue 14): the two partners of a real concurrent editing trace (friendsforever, from
// ../shared/traces, see its README) write through the real EncryptedProvider, Alice on node 1 and
// Bob on node 2, while a third provider (Bob's credentials again) only reads on node 3. The whole
// trace (26,078 transactions) runs in about 40 s here, so no prefix is needed. At the end the
// three Yjs states are equal and hold the trace's endContent, every provider's log hash and seq
// are equal and match the head PostgreSQL stored, and no provider reported an error (an
// integrity event among them).
import './pg-under-vitest.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { readyCrypto } from '@securebase/crypto';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { createInviteLink, createSpace, EncryptedProvider, joinSpace, MemoryStateStore, type Credentials } from '@securebase/sync';
// The provider keeps its log hash to itself; its persisted progress is the one place to read it.
import { decodeInbox, stateKeys } from '../../../packages/sync/src/provider-state.js';
import { replayTrace } from '../../../test/bench/replay-driver.js';
import { loadConcurrentTrace, precomputeConcurrent } from '../../../test/bench/traces.js';
import { startPrivatePostgres, type PrivatePostgres } from '../../../test/services/postgres.js';
import { startPrivateRedis, type PrivateRedis } from '../../../test/services/redis.js';
import { startRelayNode, type RelayNode } from './relay-node-process.js';

const TEXT = 'narrative';
const LIMITS = { maxFramesPerSecond: 1e6, frameBurst: 1e6, httpRequestsPerMinute: 1e6, wsConnectsPerMinute: 1e6 };
// reason: `ws` implements the browser WebSocket API the provider uses, but its class type is not the DOM one.
const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

let postgres: PrivatePostgres;
let redis: PrivateRedis;
let databaseUrl: string;
const nodes: RelayNode[] = [];

beforeAll(async () => {
  await readyCrypto();
  [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE convergence');
  await admin.end();
  databaseUrl = postgres.url.replace(/\/postgres$/, '/convergence');
  for (let i = 1; i <= 3; i++) nodes.push(await startRelayNode({ options: { databaseUrl, busUrl: redis.url, nodeId: `converge-${i}`, limits: LIMITS, webRoot: '/nonexistent' } }));
}, 90_000);
afterAll(async () => {
  for (const node of nodes) await node.stop();
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

interface Client {
  doc: Y.Doc;
  provider: EncryptedProvider;
  store: MemoryStateStore;
  errors: string[];
}

function open(node: RelayNode, credentials: Credentials): Client {
  const doc = new Y.Doc();
  const store = new MemoryStateStore();
  const provider = new EncryptedProvider(node.url, SHARED_DOC_ID, doc, { credentials, store, WebSocketPolyfill: NodeWebSocket });
  const errors: string[] = [];
  provider.on('error', (error) => errors.push(error.code));
  return { doc, provider, store, errors };
}

describe('clients on three relay nodes replay a real trace', () => {
  it('the whole friendsforever trace through nodes 1 and 2, read on node 3: equal Yjs states, log hashes and heads everywhere, no integrity event', async () => {
    const [one, two, three] = nodes;
    if (!one || !two || !three) throw new Error('three nodes');
    const trace = loadConcurrentTrace('friendsforever');
    // Checked against the trace's endContent inside.
    const { steps, finalState } = precomputeConcurrent(trace, TEXT);
    const expected = new Y.Doc();
    Y.applyUpdate(expected, finalState);

    const alice = await createSpace(one.url);
    const { link } = await createInviteLink(alice);
    const bob = await joinSpace(link);
    const clients = [open(one, alice), open(two, bob), open(three, bob)];
    await Promise.all(clients.map((client) => client.provider.whenSynced()));

    // As fast as each replica may go: a transaction waits only for its ancestors from the other partner.
    const replay = await replayTrace(steps, [clients[0]!.doc, clients[1]!.doc], { schedule: steps.map(() => 0), timeoutMs: 60_000 });
    await Promise.all(clients.map((client) => client.provider.flush()));

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const headOf = async (): Promise<number> =>
      Number((await db.query<{ head_seq: string }>('SELECT head_seq FROM documents WHERE space_id = $1 AND doc_id = $2', [alice.spaceId, SHARED_DOC_ID])).rows[0]?.head_seq ?? 0);
    // Everyone reads to the stored head (the reader on node 3 only through the bus and catch-up).
    let head = await headOf();
    for (let waited = 0; clients.some((client) => client.provider.lastSeq < head); waited += 20) {
      if (waited > 30_000) throw new Error(`clients stopped at seqs ${clients.map((client) => client.provider.lastSeq).join(', ')} of ${head}`);
      await sleep(20);
      head = await headOf();
    }
    await db.end();

    const text = trace.endContent;
    const states = clients.map((client) => hex(Y.encodeStateVector(client.doc)));
    for (const client of clients) expect(client.doc.getText(TEXT).toString()).toBe(text);
    expect(new Set(states)).toEqual(new Set([hex(Y.encodeStateVector(expected))]));

    const logs = await Promise.all(
      clients.map(async (client) => {
        await client.provider.persistNow();
        const bytes = await client.store.get(stateKeys(alice.spaceId, SHARED_DOC_ID).inbox);
        if (!bytes) throw new Error('a provider persisted no progress');
        const inbox = decodeInbox(bytes);
        return { seq: inbox.lastSeq, hash: hex(inbox.logHash) };
      }),
    );
    expect(logs.map((log) => log.seq)).toEqual([head, head, head]);
    expect(new Set(logs.map((log) => log.hash)).size).toBe(1);
    expect(clients.flatMap((client) => client.errors)).toEqual([]);
    console.log(
      `convergence over 3 nodes: ${steps.length} trace transactions in ${(replay.durationMs / 1000).toFixed(1)} s, ${head} envelopes stored, ` +
        `${replay.stalls} stalls, cross-node latency p50 ${percentile(replay.latenciesMs, 0.5)} ms`,
    );
    await Promise.all(clients.map((client) => client.provider.destroy()));
  }, 180_000);
});

function percentile(values: number[], p: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1);
}
