// Faults under write load across three relay PROCESSES on one private PostgreSQL and one private
// Redis (issue 14). Writers push into one document through whichever node answers, moving to the
// next node every few acks and whenever a socket ends or a push fails, and send again what was not
// acked (byte for byte, as the sync client does: an identical retry is acked with its first seq).
// Readers, one per node, follow the document live and reconnect where they can. Meanwhile: 20
// nodes killed with SIGKILL (17 from outside at random moments, 3 by the failpoints of
// src/failpoint.ts: right before the commit, right after it, right after the ack), each restarted;
// Redis killed and restarted; PostgreSQL stopped fast and immediate, then started again.
// Asserted: no node exits but the killed ones; no ack arrives while the database is down; every
// acked (author, clock) is stored at the seq its ack named and the stored seqs are exactly 1..n;
// every writer and reader has everything within 10 s of the last fault.
import './pg-under-vitest.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto, type DeviceKeys } from '@securebase/crypto';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { startPrivatePostgres, type PrivatePostgres } from '../../../test/services/postgres.js';
import { startPrivateRedis, type PrivateRedis } from '../../../test/services/redis.js';
import type { FailpointName } from '../src/failpoint.js';
import { newEnvelope } from './fixtures.js';
import { authenticated, linkDevice, pairedCouple, type TestCouple } from './pairing-fixtures.js';
import type { FrameSocket } from './relay-harness.js';
import { directClient, startRelayNode, type RelayNode } from './relay-node-process.js';

const SLOTS = 3;
/** Pushes a writer keeps in flight. */
const WINDOW = 4;
/** A writer moves to the next node after this many acks, so every node (a failpoint node too) gets pushes. */
const ROTATE_EVERY = 20;
const OUTSIDE_KILLS = 17;
const FAILPOINTS: FailpointName[] = ['before-commit', 'after-commit', 'after-ack'];
/** How long the database stays down in each PostgreSQL fault. */
const DATABASE_DOWN_MS = 1500;
/**
 * An ack whose COMMIT returned just before the shutdown finished may still be on the wire when
 * pg_ctl returns: acks are counted as "while down" from this long after pg_ctl returned.
 */
const ACK_IN_FLIGHT_MS = 100;
/** The issue's bound for convergence after the last fault: a correctness bound, not a speed target. */
const CONVERGE_WITHIN_MS = 10_000;
const LIMITS = {
  maxFramesPerSecond: 1e6,
  frameBurst: 1e6,
  httpRequestsPerMinute: 1e6,
  wsConnectsPerMinute: 1e6,
  connectionsPerAddress: 10_000,
  maxConnectionsPerSpace: 10_000,
};

/** What every database connection is doing (for a stall's failure message). */
async function databaseActivity(): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const samples: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { rows } = await client.query(
        `SELECT pid, client_port AS port, state, wait_event, backend_xid IS NOT NULL AS writing,
                round(extract(epoch FROM clock_timestamp() - xact_start)::numeric, 2) AS xact_s,
                round(extract(epoch FROM clock_timestamp() - state_change)::numeric, 2) AS state_s,
                left(query, 60) AS query, pg_blocking_pids(pid) AS blocked_by
         FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle' ORDER BY xact_start NULLS LAST`,
      );
      samples.push(`sample ${i}:`, ...rows.map((row) => JSON.stringify(row)));
      await sleep(1000);
    }
    const rows = samples.map((line) => ({ line }));
    return rows.map((row) => row.line).join('\n');
  } catch (error) {
    return `pg_stat_activity: ${String(error)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The token the nodes serve /metrics with (for a stall's failure message). */
const METRICS_TOKEN = 'node-faults';

/** A node's own counters of frames, sessions and commits, from its /metrics (for a stall's failure message). */
async function frameCounters(node: RelayNode): Promise<string> {
  try {
    const response = await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const wanted = /^securebase_(frames_total|connections|sockets_open|auth_failures_total|limit_hits_total|commit_seconds_count)\b/;
    return (await response.text()).split('\n').filter((line) => wanted.test(line)).join('\n');
  } catch (error) {
    return `/metrics: ${String(error)}`;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const isClosed = (error: unknown): boolean => error instanceof Error && error.message.includes('socket closed');

let postgres: PrivatePostgres;
let redis: PrivateRedis;
let databaseUrl: string;
const slots: (RelayNode | undefined)[] = [];
/** Nodes the test killed or armed to kill themselves: their exits are expected. */
const doomed = new Set<RelayNode>();
const unexpectedExits: string[] = [];
const started: RelayNode[] = [];

beforeAll(async () => {
  await readyCrypto();
  [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE faults');
  await admin.end();
  databaseUrl = postgres.url.replace(/\/postgres$/, '/faults');
}, 60_000);
afterAll(async () => {
  for (const node of started) {
    doomed.add(node);
    await node.stop();
  }
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

/** Start the node of `slot` (optionally armed with a failpoint) and watch how it exits. */
async function startSlot(slot: number, failpoint?: FailpointName): Promise<RelayNode> {
  const env: Record<string, string> = failpoint ? { SECUREBASE_TEST_FAILPOINTS: '1', SECUREBASE_FAILPOINT: failpoint, SECUREBASE_FAILPOINT_PUSH: '3' } : {};
  const node = await startRelayNode({ options: { databaseUrl, busUrl: redis.url, nodeId: `faults-${slot + 1}`, metricsToken: METRICS_TOKEN, limits: LIMITS, webRoot: '/nonexistent' }, env });
  started.push(node);
  if (failpoint) doomed.add(node);
  void node.exited.then(({ code, signal }) => {
    if (!doomed.has(node)) unexpectedExits.push(`node ${slot + 1} exited by itself (code ${code}, signal ${signal}):\n${node.logLines.slice(-5).join('\n')}`);
  });
  slots[slot] = node;
  return node;
}

async function killSlot(slot: number): Promise<void> {
  const node = slots[slot];
  if (!node) throw new Error(`no node in slot ${slot}`);
  slots[slot] = undefined;
  doomed.add(node);
  await node.kill();
}

/** Keep the newest `PLACEMENTS_KEPT` entries of a placement record. */
const PLACEMENTS_KEPT = 12;
function note(placements: string[] | undefined, entry: string): void {
  placements?.push(entry);
  if (placements && placements.length > PLACEMENTS_KEPT) placements.splice(0, placements.length - PLACEMENTS_KEPT);
}

/**
 * An authenticated socket on the first node from `n` on that answers, and the next `n`. Nodes that
 * refused go into `placements` (port and why), for a stall's failure message.
 */
async function connectFrom(n: number, c: TestCouple, device: DeviceKeys, running: () => boolean, placements?: string[]): Promise<{ socket: FrameSocket; next: number } | undefined> {
  for (; running(); n++) {
    const node = slots[n % SLOTS];
    if (node) {
      try {
        return { socket: await authenticated(directClient(node), c, device), next: n + 1 };
      } catch (error) {
        note(placements, `${node.port} refused (${String(error).slice(0, 60)})`);
        // Down, starting, or its database is: try the next node.
      }
    }
    await sleep(25);
  }
  return undefined;
}

interface Writer {
  acked: number;
  /** The highest clock ever sent: once writing stops, everything up to it must be acked. */
  highestSent: number;
  socket: FrameSocket | undefined;
  /** The node the writer's socket is on (for a report when it stalls). */
  node: RelayNode | undefined;
  /** What the writer is doing (for a report when it stalls). */
  phase?: string;
  /** The newest nodes it was on (port and acks got there) or refused by (for a report when it stalls). */
  placements: string[];
}

interface Load {
  stopping: boolean;
  /** Set when writers did not finish in time: they give up so the test can report it. */
  abandoned: boolean;
  /** Receipt times of every ack (performance.now()), counted or not. */
  ackTimes: number[];
  acks: Map<string, number>;
  errors: number;
  reconnects: number;
}

async function write(c: TestCouple, device: DeviceKeys, first: number, state: Writer, load: Load): Promise<void> {
  const envelopes: Uint8Array[] = [];
  const envelope = (clock: number): Uint8Array => (envelopes[clock - 1] ??= newEnvelope(c.space, device, clock));
  const finished = (): boolean => load.abandoned || (load.stopping && state.acked >= state.highestSent);
  let n = first;
  while (!finished()) {
    state.phase = 'connecting';
    const connection = await connectFrom(n, c, device, () => !finished(), state.placements);
    if (!connection) break;
    const { socket } = connection;
    state.socket = socket;
    state.node = slots[(connection.next - 1) % SLOTS];
    n = connection.next;
    let sent = state.acked;
    let here = 0;
    try {
      while (here < ROTATE_EVERY && !finished()) {
        while (sent - state.acked < WINDOW && (!load.stopping || sent < state.highestSent)) {
          sent++;
          state.highestSent = Math.max(state.highestSent, sent);
          socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: sent, envelope: envelope(sent) });
        }
        state.phase = `awaiting ${state.acked + 1}..${sent}`;
        const frame = await socket.next();
        state.phase = `got ${frame.type} ${JSON.stringify(frame.type === 'error' ? frame : (frame as { ref?: number }).ref)}`;
        if (frame.type !== 'ack') {
          load.errors++;
          break;
        }
        load.ackTimes.push(performance.now());
        // The frame queue answers in order: this ack is for the oldest push in flight.
        expect(frame.ref).toBe(state.acked + 1);
        load.acks.set(`${hex(device.signPublicKey)}:${frame.ref}`, frame.seq);
        state.acked = frame.ref;
        here++;
      }
    } catch (error) {
      if (!isClosed(error)) {
        state.phase = `THREW ${String(error)}`;
        throw error;
      }
    }
    note(state.placements, `${state.node?.port}: ${here} acks`);
    socket.terminate();
    load.reconnects++;
  }
}

interface Reader {
  /** Envelopes by seq, as received. */
  entries: Map<number, string>;
  last: number;
  /** Entries that did not follow the last one (a gap or a repeat). */
  outOfOrder: number;
  socket: FrameSocket | undefined;
}

async function read(c: TestCouple, device: DeviceKeys, first: number, state: Reader, running: () => boolean): Promise<void> {
  let n = first;
  while (running()) {
    const connection = await connectFrom(n, c, device, running);
    if (!connection) return;
    state.socket = connection.socket;
    // Back to the node of its own slot next time, once that one is up again.
    n = first;
    try {
      connection.socket.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: state.last });
      for (;;) {
        const frame = await connection.socket.next();
        if (frame.type === 'updates') {
          for (const entry of frame.entries) {
            if (entry.seq !== state.last + 1) state.outOfOrder++;
            state.entries.set(entry.seq, hex(entry.envelope));
            state.last = Math.max(state.last, entry.seq);
          }
        } else if (frame.type === 'error') {
          break;
        }
      }
    } catch (error) {
      if (!isClosed(error)) throw error;
    }
    connection.socket.terminate();
  }
}

describe('faults under write load on three relay processes', () => {
  it('20 nodes killed (3 at failpoints), Redis and PostgreSQL (fast, immediate) restarted: no node exits by itself, no ack while the database is down, no acked update lost, everyone converges', async () => {
    for (let slot = 0; slot < SLOTS; slot++) await startSlot(slot);
    const entry = slots[0];
    if (!entry) throw new Error('no node');
    const c = await pairedCouple(directClient(entry));
    await linkDevice(directClient(entry), c, c.alice);
    await linkDevice(directClient(entry), c, c.bob);
    const writerDevices = [...c.alice.devices, ...c.bob.devices];
    const readerDevices = [await linkDevice(directClient(entry), c, c.bob), await linkDevice(directClient(entry), c, c.bob), await linkDevice(directClient(entry), c, c.bob)];

    const load: Load = { stopping: false, abandoned: false, ackTimes: [], acks: new Map(), errors: 0, reconnects: 0 };
    const writers = writerDevices.map((): Writer => ({ acked: 0, highestSent: 0, socket: undefined, node: undefined, placements: [] }));
    const readers = readerDevices.map((): Reader => ({ entries: new Map(), last: 0, outOfOrder: 0, socket: undefined }));
    let reading = true;
    const writing = Promise.all(writerDevices.map((device, i) => write(c, device, i, writers[i]!, load)));
    const following = Promise.all(readerDevices.map((device, i) => read(c, device, i, readers[i]!, () => reading)));
    const loaded = async (): Promise<void> => sleep(300 + Math.random() * 500);

    let kills = 0;
    let failpointKills = 0;
    const downWindows: [number, number][] = [];
    const databaseFault = async (mode: 'fast' | 'immediate'): Promise<void> => {
      await loaded();
      await postgres.shutdown(mode);
      const downFrom = performance.now() + ACK_IN_FLIGHT_MS;
      await sleep(DATABASE_DOWN_MS);
      downWindows.push([downFrom, performance.now()]);
      await postgres.restart();
    };

    for (let i = 0; i < OUTSIDE_KILLS; i++) {
      await loaded();
      const slot = i % SLOTS;
      await killSlot(slot);
      kills++;
      if (i === 5 || i === 10 || i === 15) {
        // Restarted armed with the next failpoint: it dies on its third push, at that point.
        const name = FAILPOINTS[failpointKills]!;
        const armed = await startSlot(slot, name);
        const exit = await Promise.race([armed.exited, sleep(30_000).then(() => undefined)]);
        if (!exit)
          throw new Error(
            `no third push reached ${name} on the node armed with it (${armed.url}) within 30 s (writers acked ${writers.map((w) => `${w.acked}/${w.highestSent} [${w.phase}] on ${w.node?.url} (alive ${w.node !== undefined && slots.includes(w.node)})`).join(', ')})\n` +
              `writers' newest placements (port: acks there), armed port ${armed.port}:\n${writers.map((w, i) => `  writer ${i}: ${w.placements.join(' | ')}`).join('\n')}\n` +
              `the armed node's own counters:\n${await frameCounters(armed)}\n` +
              `${await databaseActivity()}\n` +
              slots.map((node) => `${node?.url}:\n${node?.logLines.slice(-8).join('\n')}`).join('\n'),
          );
        expect(exit.signal).toBe('SIGKILL');
        expect(armed.logLines.some((line) => line.includes(`"failpoint":"${name}"`))).toBe(true);
        slots[slot] = undefined;
        failpointKills++;
      }
      await startSlot(slot);
      if (i === 3) {
        await loaded();
        await redis.kill();
        await sleep(500);
        await redis.restart();
      }
      if (i === 8) await databaseFault('fast');
      if (i === 13) await databaseFault('immediate');
    }
    const nodeDeaths = kills + failpointKills;

    // The last fault is over: stop writing new updates and time until everyone has everything.
    const lastFault = performance.now();
    load.stopping = true;
    const writersDone = await Promise.race([writing.then(() => true), sleep(2 * CONVERGE_WITHIN_MS).then(() => false)]);
    if (!writersDone) {
      load.abandoned = true;
      for (const writer of writers) writer.socket?.terminate();
      await writing;
    }
    const total = writers.reduce((sum, writer) => sum + writer.highestSent, 0);
    while (readers.some((reader) => reader.last < total) && performance.now() - lastFault < 2 * CONVERGE_WITHIN_MS) await sleep(20);
    const convergedMs = performance.now() - lastFault;
    reading = false;
    for (const reader of readers) reader.socket?.terminate();
    await following;

    // Zero acknowledged updates lost: stored seqs are exactly 1..total, every ack at its seq.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const rows = (await db.query<{ seq: string; author: Buffer; clock: string; envelope: Buffer }>('SELECT seq, author, clock, envelope FROM updates WHERE space_id = $1 AND doc_id = $2 ORDER BY seq', [c.space.spaceId, SHARED_DOC_ID])).rows;
    await db.end();
    expect(writersDone).toBe(true);
    expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const storedAt = new Map(rows.map((row) => [`${hex(row.author)}:${row.clock}`, Number(row.seq)]));
    let lost = 0;
    for (const [key, seq] of load.acks) if (storedAt.get(key) !== seq) lost++;
    expect(lost).toBe(0);
    expect(load.acks.size).toBe(total);

    // No ack while the database was down.
    const acksWhileDown = load.ackTimes.filter((at) => downWindows.some(([from, to]) => at >= from && at <= to)).length;
    expect(downWindows).toHaveLength(2);
    expect(acksWhileDown).toBe(0);

    // Every reader has every stored entry, byte for byte, and in order.
    const stored = rows.map((row) => hex(row.envelope));
    for (const reader of readers) {
      expect(reader.outOfOrder).toBe(0);
      expect(Array.from({ length: total }, (_, i) => reader.entries.get(i + 1))).toEqual(stored);
    }
    // The issue's bound (10 s after the last fault), not a speed target.
    expect(convergedMs).toBeLessThanOrEqual(CONVERGE_WITHIN_MS);
    expect(unexpectedExits).toEqual([]);
    expect(nodeDeaths).toBe(20);
    console.log(
      `node faults: ${nodeDeaths} node deaths by SIGKILL (${kills} from outside, ${failpointKills} at failpoints), ` +
        `${started.length} node starts, 1 Redis restart, 2 PostgreSQL restarts (fast, immediate); ${total} updates acked, ` +
        `${load.errors} error answers, ${load.reconnects} writer reconnects; converged ${Math.round(convergedMs)} ms after the last fault`,
    );
  }, 300_000);
});
