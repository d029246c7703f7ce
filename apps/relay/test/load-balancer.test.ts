// Three relay nodes behind nginx (issue 14): Debian's nginx runs infra/nginx/securebase.conf, the
// deployed configuration, over TLS in front of three relay processes started with the real entry
// and flags (src/main.ts: --node-id, --trust-proxy, --metrics-token-file; the database and the bus
// from SECUREBASE_DATABASE_URL / SECUREBASE_BUS_URL, as compose and Kubernetes pass them), on one
// private PostgreSQL and one private Redis. Which node holds a socket is read from each node's own
// /metrics (securebase_connections), straight from the node, not through the proxy.
import './pg-under-vitest.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto, type DeviceKeys } from '@securebase/crypto';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { startPrivateNginx, type PrivateNginx } from '../../../test/services/nginx.js';
import { startPrivatePostgres, type PrivatePostgres } from '../../../test/services/postgres.js';
import { startPrivateRedis, type PrivateRedis } from '../../../test/services/redis.js';
import { newEnvelope } from './fixtures.js';
import { authenticated, pairedCouple, subscribe, type TestCouple } from './pairing-fixtures.js';
import { proxiedRelay, type ProxiedRelay } from './proxied-relay.js';
import type { FrameSocket } from './relay-harness.js';
import { startRelayNode, type RelayNode } from './relay-node-process.js';

const NODES = 3;
const METRICS_TOKEN = 'load-balancer-test-metrics-token';
const WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

let postgres: PrivatePostgres;
let redis: PrivateRedis;
let proxy: PrivateNginx;
let front: ProxiedRelay;
let dir: string;
const nodes: RelayNode[] = [];

beforeAll(async () => {
  await readyCrypto();
  [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE securebase');
  await admin.end();
  dir = mkdtempSync(join(tmpdir(), 'securebase-lb-'));
  const tokenFile = join(dir, 'metrics-token');
  writeFileSync(tokenFile, `${METRICS_TOKEN}\n`);
  const env = { SECUREBASE_DATABASE_URL: postgres.url.replace(/\/postgres$/, '/securebase'), SECUREBASE_BUS_URL: redis.url };
  for (let i = 1; i <= NODES; i++) {
    const flags = ['--port', '0', '--node-id', `relay-${i}`, '--trust-proxy', '127.0.0.1', '--metrics-token-file', tokenFile];
    nodes.push(await startRelayNode({ flags, env }));
  }
  proxy = await startPrivateNginx({ upstreams: nodes.map((node) => `127.0.0.1:${node.port}`) });
  front = proxiedRelay(proxy);
}, 120_000);

afterAll(async () => {
  for (const node of nodes) await node.stop();
  await proxy?.stop();
  await Promise.all([postgres?.stop(), redis?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Authenticated sessions each node holds now, from its own /metrics. */
async function sessionsPerNode(): Promise<number[]> {
  return Promise.all(
    nodes.map(async (node) => {
      const response = await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).catch(() => undefined);
      // A killed node holds nothing.
      if (!response) return 0;
      const match = /^securebase_connections (\d+)$/m.exec(await response.text());
      if (!match?.[1]) throw new Error('no securebase_connections in /metrics');
      return Number(match[1]);
    }),
  );
}

/** Poll until the per-node counts settle on `expected` total (sessions open and close asynchronously). */
async function settledSessions(total: number): Promise<number[]> {
  for (let tries = 0; ; tries++) {
    const counts = await sessionsPerNode();
    if (counts.reduce((a, b) => a + b, 0) === total) return counts;
    if (tries > 100) throw new Error(`sessions per node ${counts.join('/')} never added up to ${total}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Open an authenticated socket through nginx and tell which node took it. */
async function openCounted(c: TestCouple, device: DeviceKeys, open: number): Promise<{ socket: FrameSocket; node: number }> {
  const before = await settledSessions(open);
  const socket = await authenticated(front, c, device);
  const after = await settledSessions(open + 1);
  const node = after.findIndex((count, i) => count > (before[i] ?? 0));
  return { socket, node };
}

/** Push `clocks` as `device`, one ack at a time; the seqs the acks named. */
async function pushAcked(socket: FrameSocket, c: TestCouple, device: DeviceKeys, clocks: number[], sent: Map<number, Uint8Array>): Promise<number[]> {
  const seqs: number[] = [];
  for (const clock of clocks) {
    const envelope = newEnvelope(c.space, device, clock);
    socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: clock, envelope });
    const ack = await socket.expect('ack');
    expect(ack.ref).toBe(clock);
    sent.set(ack.seq, envelope);
    seqs.push(ack.seq);
  }
  return seqs;
}

/** Read live `updates` until seq `lastSeq`; returns seq → envelope. */
async function readUntil(socket: FrameSocket, lastSeq: number): Promise<Map<number, Uint8Array>> {
  const got = new Map<number, Uint8Array>();
  while (!got.has(lastSeq)) {
    const frame = await socket.next();
    if (frame.type === 'updates') for (const entry of frame.entries) got.set(entry.seq, entry.envelope);
    else if (frame.type !== 'synced') throw new Error(`unexpected ${frame.type}`);
  }
  return got;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('three relay nodes behind nginx', () => {
  it('serves /healthz and the web app through nginx over TLS, with HSTS; plain HTTP redirects', async () => {
    const health = await front.fetchJson('/healthz');
    expect(health).toEqual({ status: 200, body: { ok: true, database: 'ready', bus: 'ready' } });

    const index = readFileSync(join(WEB_ROOT, 'index.html'));
    const page = await front.fetchRaw('/');
    expect(page.status).toBe(200);
    expect(page.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    expect(page.body.equals(index)).toBe(true);
    // A real asset of the built app, byte for byte (larger than one proxy buffer).
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.toString('utf8'))?.[1];
    if (!asset) throw new Error('no script in apps/web/dist/index.html: build the web app (scripts/pnpm --filter @securebase/web build)');
    const script = await front.fetchRaw(asset);
    expect(script.status).toBe(200);
    expect(script.body.equals(readFileSync(join(WEB_ROOT, asset)))).toBe(true);

    const plain = await fetch(`${proxy.httpUrl}/healthz`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe('https://localhost/healthz');
    // The access log names the node that answered and never a path (paths hold ids).
    const answered = new Set(proxy.accessLog().map((line) => /upstream=(\S+)$/.exec(line)?.[1]));
    expect(answered.size).toBeGreaterThan(1);
    expect(proxy.accessLog().some((line) => line.includes('/assets/') || line.includes('/healthz'))).toBe(false);
  });

  it('spreads WebSocket sessions over the nodes (least_conn)', async () => {
    const c = await pairedCouple(front);
    const device = c.alice.devices[0];
    if (!device) throw new Error('no device');
    const sockets: FrameSocket[] = [];
    for (let i = 0; i < 2 * NODES; i++) sockets.push(await authenticated(front, c, device));
    expect(await settledSessions(2 * NODES)).toEqual([2, 2, 2]);
    for (const socket of sockets) socket.close();
    await settledSessions(0);
  });

  it('pairs and syncs through nginx with the partners on different nodes: live over the bus, and on catch-up', async () => {
    for (let round = 0; round < 2; round++) {
      const c = await pairedCouple(front);
      const [alice] = c.alice.devices;
      const [bob] = c.bob.devices;
      if (!alice || !bob) throw new Error('no devices');
      const a = await openCounted(c, alice, 0);
      const b = await openCounted(c, bob, 1);
      expect(b.node).not.toBe(a.node);
      await subscribe(a.socket);
      await subscribe(b.socket);

      const sent = new Map<number, Uint8Array>();
      const aliceSeqs = await pushAcked(a.socket, c, alice, [1, 2, 3, 4, 5], sent);
      // Bob, on another node, hears of Alice's commits through the bus.
      const live = await readUntil(b.socket, aliceSeqs.at(-1) ?? 0);
      const bobSeqs = await pushAcked(b.socket, c, bob, [1, 2, 3], sent);
      const liveBack = await readUntil(a.socket, bobSeqs.at(-1) ?? 0);
      expect([...aliceSeqs, ...bobSeqs]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      for (const seq of aliceSeqs) expect(hex(live.get(seq) ?? new Uint8Array())).toBe(hex(sent.get(seq) ?? new Uint8Array([0])));
      for (const seq of bobSeqs) expect(hex(liveBack.get(seq) ?? new Uint8Array())).toBe(hex(sent.get(seq) ?? new Uint8Array([0])));

      // A new session, wherever nginx puts it, catches up on everything from PostgreSQL.
      a.socket.close();
      b.socket.close();
      await settledSessions(0);
      const again = await authenticated(front, c, bob);
      const caughtUp = await subscribe(again);
      expect(caughtUp.seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(caughtUp.headSeq).toBe(8);
      again.close();
      await settledSessions(0);
    }
  });

  it('a node killed (SIGKILL): its clients reconnect through nginx to another node and lose nothing', async () => {
    const c = await pairedCouple(front);
    const [alice] = c.alice.devices;
    const [bob] = c.bob.devices;
    if (!alice || !bob) throw new Error('no devices');
    const a = await openCounted(c, alice, 0);
    const b = await openCounted(c, bob, 1);
    await subscribe(a.socket);
    await subscribe(b.socket);
    const sent = new Map<number, Uint8Array>();
    const before = await pushAcked(a.socket, c, alice, Array.from({ length: 20 }, (_, i) => i + 1), sent);
    await readUntil(b.socket, 20);

    const victim = nodes[a.node];
    if (!victim) throw new Error('no node for alice');
    await victim.kill();
    // nginx sees the upstream end and drops Alice's socket: no close frame (the relay said nothing).
    expect((await a.socket.closed).code).toBe(CLOSE_ABNORMAL);

    // She reconnects through the same address: nginx skips the dead node and retries on a live one.
    const back = await authenticated(front, c, alice);
    const resumed = await subscribe(back, 20);
    expect(resumed.seqs).toEqual([]);
    expect(resumed.headSeq).toBe(20);
    const after = await pushAcked(back, c, alice, Array.from({ length: 20 }, (_, i) => i + 21), sent);
    expect([...before, ...after]).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));

    // Bob (his own node alive, or reconnected if it was the same) ends with all 40, byte for byte.
    let bobSocket = b.socket;
    if (b.node === a.node) {
      expect((await b.socket.closed).code).toBe(CLOSE_ABNORMAL);
      bobSocket = await authenticated(front, c, bob);
      await subscribe(bobSocket, 20);
    }
    const rest = await readUntil(bobSocket, 40);
    for (let seq = 21; seq <= 40; seq++) expect(hex(rest.get(seq) ?? new Uint8Array())).toBe(hex(sent.get(seq) ?? new Uint8Array([0])));
    const fresh = await authenticated(front, c, bob);
    expect((await subscribe(fresh)).seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const socket of [back, bobSocket, fresh]) socket.close();
  });
});

/** WebSocket close code for a connection that ended without a close frame (RFC 6455). */
const CLOSE_ABNORMAL = 1006;
