// A client that keeps many pushes unanswered (as the provider does while typing fast) through a
// relay node on PostgreSQL: every push is acked, in the order sent, at consecutive seqs, and the
// node logs no internal error. Group commit (postgres-append-batch.ts) batches them; the
// session's pushes still reach storage one after the other.
import './pg-under-vitest.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto } from '@securebase/crypto';
import { SHARED_DOC_ID, type Frame } from '@securebase/protocol';
import { newEnvelope } from './fixtures.js';
import { usePrivatePostgres } from './fresh-databases.js';
import { authenticated, pairedCouple } from './pairing-fixtures.js';
import { directClient, startRelayNode, type RelayNode } from './relay-node-process.js';

const { freshDatabase } = usePrivatePostgres('pipelined');
const METRICS_TOKEN = 'pipelined-pushes-metrics-token-0123456789';
const started: RelayNode[] = [];

beforeAll(() => readyCrypto());
afterAll(async () => {
  for (const node of started) await node.kill();
});

describe('pipelined pushes on PostgreSQL', () => {
  it('acks 200 pushes sent 16 at a time, in order, at seqs 1..200, with no internal error', async () => {
    const node = await startRelayNode({ options: { databaseUrl: await freshDatabase(), nodeId: 'pipelined', webRoot: '/nonexistent', metricsToken: METRICS_TOKEN } });
    started.push(node);
    const c = await pairedCouple(directClient(node));
    const device = c.alice.devices[0]!;
    const socket = await authenticated(directClient(node), c, device);
    const total = 200;
    let sent = 0;
    const send = (): void => {
      sent += 1;
      socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: sent, envelope: newEnvelope(c.space, device, sent) });
    };
    for (let k = 0; k < 16; k++) send();
    const answers: Frame[] = [];
    while (answers.length < total) {
      const frame = await socket.next();
      answers.push(frame);
      if (frame.type !== 'ack') break;
      if (sent < total) send();
    }
    socket.terminate();
    expect(answers.filter((f) => f.type !== 'ack')).toEqual([]);
    expect(answers.map((f) => (f.type === 'ack' ? [f.ref, f.seq] : []))).toEqual(Array.from({ length: total }, (_, i) => [i + 1, i + 1]));
    expect(node.logLines.filter((line) => line.includes('internal'))).toEqual([]);
    // Every push went through a group commit, and /metrics says how many shared one.
    const metrics = await (await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const sample = (name: string): number => Number(metrics.split('\n').find((line) => line.startsWith(`${name} `))?.split(' ')[1]);
    expect(sample('securebase_commit_batch_size_sum')).toBe(total);
    expect(sample('securebase_commit_batch_size_count')).toBeGreaterThan(0);
  }, 60_000);
});
