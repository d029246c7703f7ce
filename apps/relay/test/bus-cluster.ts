/**
 * Several real relay nodes on one private PostgreSQL and one private Redis bus, for the bus
 * tests: each test gets a fresh database, the nodes are stopped after it.
 *
 *   const cluster = await startServices();          // beforeAll
 *   const [one, two] = await cluster.nodes(2);
 *   await cluster.stopNodes();                       // afterEach
 *   await cluster.stop();                            // afterAll
 */
import './pg-under-vitest.js';
import pg from 'pg';
import { startPrivatePostgres, type PrivatePostgres } from '../../../test/services/postgres.js';
import { startPrivateRedis, type PrivateRedis } from '../../../test/services/redis.js';
import type { RelayLimits } from '../src/limits.js';
import { startTestRelay, type FrameSocket, type TestRelay } from './relay-harness.js';

export interface BusServices {
  postgres: PrivatePostgres;
  redis: PrivateRedis;
  /** `count` nodes on a fresh database and the shared bus, named node-1, node-2, … */
  nodes(count: number, limits?: Partial<RelayLimits>): Promise<TestRelay[]>;
  stopNodes(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServices(): Promise<BusServices> {
  const [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  let running: TestRelay[] = [];
  let databases = 0;
  const freshDatabase = async (): Promise<string> => {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    const name = `bus_${++databases}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return postgres.url.replace(/\/postgres$/, `/${name}`);
  };
  const stopNodes = async (): Promise<void> => {
    for (const node of running) await node.stop();
    running = [];
  };
  return {
    postgres,
    redis,
    async nodes(count, limits) {
      const databaseUrl = await freshDatabase();
      const started: TestRelay[] = [];
      for (let i = 1; i <= count; i++) started.push(await startTestRelay({ databaseUrl, busUrl: redis.url, nodeId: `node-${i}`, limits }));
      running.push(...started);
      return started;
    },
    stopNodes,
    async stop() {
      await stopNodes();
      await Promise.all([postgres.stop(), redis.stop()]);
    },
  };
}

/** Poll /healthz until `ready` says what the bus should be (true: 200 with bus ready). */
export async function waitForBus(node: TestRelay, ready: boolean, timeoutMs = 10_000): Promise<{ status: number; body: unknown }> {
  const started = Date.now();
  for (;;) {
    const answer = await node.fetchJson('/healthz');
    const busReady = (answer.body as { bus?: string } | undefined)?.bus === 'ready';
    if (busReady === ready) return answer;
    if (Date.now() - started > timeoutMs) throw new Error(`the bus did not become ${ready ? 'ready' : 'unavailable'} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Read `updates` frames until the entries' seqs reach `lastSeq`; `synced` frames in between are skipped. */
export async function readEntriesUntil(socket: FrameSocket, lastSeq: number): Promise<{ seq: number; envelope: Uint8Array }[]> {
  const entries: { seq: number; envelope: Uint8Array }[] = [];
  while ((entries.at(-1)?.seq ?? 0) < lastSeq) {
    const frame = await socket.next();
    if (frame.type === 'updates') entries.push(...frame.entries);
    else if (frame.type !== 'synced') throw new Error(`unexpected ${frame.type}`);
  }
  return entries;
}
