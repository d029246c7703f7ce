/**
 * The scale-out benchmarks (issue 14): three Secure Base relay nodes on one private PostgreSQL and
 * Redis, every server in its own process, against @y/websocket-server (one process) and Hocuspocus
 * with its Redis extension (two instances on one private Redis), measured in the same run on the
 * same schedules:
 *
 * - latency: push → ack, and push → delivery to the partner on ANOTHER node (Hocuspocus: writer
 *   on one instance, reader on the other; y-websocket: both on its one process);
 * - throughput: updates per second with a fixed window of unanswered writes per writer, in one
 *   space and across 50 (ours: acked, i.e. committed to PostgreSQL; the baselines acknowledge
 *   nothing, so theirs is what the reader received), and per core of server CPU used;
 * - bus messages per commit (Redis PUBLISH calls, INFO commandstats);
 * - memory per idle authenticated connection on one node (RSS at 1k, 2k, 5k and 10k subscribed
 *   sockets, a straight line through them extrapolated to 1 GiB), and handshakes per second.
 *
 *   const figures = await benchCluster({ progress: log });
 *   figures.latency.ours.deliveryP99Ms;
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SHARED_DOC_ID, type Frame } from '@securebase/protocol';
import { createInviteLink, createSpace, joinSpace, type Credentials } from '@securebase/sync';
import { startPrivateRedis } from '../services/redis.js';
import { cpuSecondsOf, rssOf } from '../soak/soak.js';
import { connectDevice, sealPool, type DeviceSocket } from './cluster-client.js';
import { processesListeningOn, startCluster, type Cluster } from './cluster-systems.js';
import { median, now, percentile, round } from './stats.js';
import { openYjsPairs, startYjsServers, type YjsPair, type YjsServers } from './yjs-baselines.js';

export interface ClusterOptions {
  progress?: (line: string) => void;
  /** Idle sockets at which the node's RSS is sampled. */
  idleSteps?: number[];
  /** Seconds of each throughput run. */
  throughputSeconds?: number;
}

const NODES = 3;
const SPACES = 50;
/** Plaintext bytes of each update: about one merged burst of typing. */
const UPDATE_BYTES = 60;
/** Latency schedule: PAIRS writers, each one write every INTERVAL_MS, phases spread evenly. */
const LATENCY = { pairs: 5, writes: 200, intervalMs: 50 };
/** Unanswered writes each writer may have outstanding in a throughput run. */
const WINDOW = { oneSpace: 16, manySpaces: 4 };
/** Sockets per partner device in the idle-connection run (a couple's phone, laptop and tabs). */
const IDLE_PER_DEVICE = 10;
/** Sockets opening at once (idle run, handshake run), and how many handshakes are timed. */
const HANDSHAKE_CONCURRENCY = 64;
const HANDSHAKES = 1000;
/** Longest wait, after the last idle step, for the node's memory to settle. */
const SETTLE_MAX_S = 180;
const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/** The goals. */
export const CLUSTER_TARGET = { perCoreRatio: 2, deliveryP99Ms: 10, idleConnections: 10_000, idleMiB: 200 };

interface Couple {
  alice: Credentials;
  bob: Credentials;
  /** Next clock of alice's writes to the shared doc (the relay wants them consecutive). */
  nextClock: number;
  /** Highest seq of the shared doc seen so far: where a new subscription starts. */
  headSeq: number;
}

interface Percentiles {
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

interface Throughput {
  updatesPerSecond: number;
  /** Server-side CPU used during the run, in cores (CPU seconds per second). */
  serverCores: number;
  updatesPerCoreSecond: number;
  /** CPU of the bench's own clients in the run, in cores: near 1, they, not the servers, were the limit. */
  clientCores: number;
  /** Ours only: the server cores by process kind. */
  serverCoresBy?: { relay: number; postgres: number; redis: number };
}

export interface ClusterFigures {
  nodes: number;
  latency: {
    schedule: typeof LATENCY;
    ours: { pushToAck: Percentiles; crossNodeDelivery: Percentiles };
    yWebsocket: { delivery: Percentiles };
    hocuspocus: { crossInstanceDelivery: Percentiles };
  };
  throughput: {
    seconds: number;
    window: typeof WINDOW;
    ours: { oneSpaceOneNode: Throughput; manySpacesOneNode: Throughput; oneSpaceThreeNodes: Throughput; manySpacesThreeNodes: Throughput };
    yWebsocket: { oneRoom: Throughput; manyRooms: Throughput };
    hocuspocus: { oneRoom: Throughput; manyRooms: Throughput };
    spaces: number;
  };
  bus: { publishesPerCommitOneNode: number; publishesPerCommitThreeNodes: number; hocuspocusPublishesPerUpdate: number };
  idle: {
    spaces: number;
    /** RSS (/proc), V8 heap in use and memory outside the heap (buffers, native sockets), from the node's /metrics. */
    samples: Array<{ connections: number; authenticated: number; rssMiB: number; heapUsedMiB: number; externalMiB: number }>;
    /** Slope of the straight line through the samples' RSS. */
    rssBytesPerConnection: number;
    /** Slope through heap used + external: what the sessions themselves allocate, whatever RSS the process had spare. */
    heapBytesPerConnection: number;
    /** The larger of the two slopes, used for both extrapolations below. */
    bytesPerConnection: number;
    /**
     * RSS at 10,000 sockets once the node has been idle a while (the goal's figure): the sample
     * `settled` when the run reached 10,000 (the default), else extrapolated.
     */
    rssMiBAt10k: number;
    rssAt10kMeasured: boolean;
    /**
     * The largest step again after the node sat idle with every socket open: readings every 5 s
     * until V8 has run a major GC since the last connect and three readings (10 s) agree within
     * 1 MiB, or SETTLE_MAX_S passed. Right after a burst of 64 handshakes at a time the heap still
     * holds their garbage (promoted, never collected until a major GC); `settled` is what holding
     * the sockets costs.
     */
    settled: { connections: number; rssMiB: number; heapUsedMiB: number; externalMiB: number; seconds: number; majorGcs: number; reached: boolean };
    /** Heap used + external at `settled`, less the sample at 0 sockets, per socket. */
    settledHeapBytesPerConnection: number;
    /** Extrapolated along the fitted line from the largest sample below 10,000, for comparison with older runs. */
    extrapolatedRssMiBAt10k: number;
    extrapolatedMaxUnder1GiB: number;
  };
  handshakes: { perSecond: number; p50Ms: number; p99Ms: number; concurrency: number };
}

const figures = (samples: number[]): Percentiles => ({ p50Ms: round(percentile(samples, 0.5)), p99Ms: round(percentile(samples, 0.99)), samples: samples.length });

/** Run every scale-out measurement; all servers are gone when it resolves. */
export async function benchCluster(opts: ClusterOptions = {}): Promise<ClusterFigures> {
  const log = opts.progress ?? (() => undefined);
  const idleSteps = opts.idleSteps ?? [1000, 2000, 5000, CLUSTER_TARGET.idleConnections];
  const seconds = opts.throughputSeconds ?? 5;
  log(`cluster: private PostgreSQL + Redis, ${NODES} relay nodes…`);
  const cluster = await startCluster(NODES);
  let ours: Omit<ClusterFigures, 'latency' | 'throughput'> & { latency: ClusterFigures['latency']['ours']; throughput: ClusterFigures['throughput']['ours'] };
  try {
    const idleCouples = Math.ceil(Math.max(...idleSteps) / (2 * IDLE_PER_DEVICE));
    log(`cluster: pairing ${Math.max(idleCouples, SPACES)} couples…`);
    const couples = await pairCouples(cluster.nodes[0]!.url, Math.max(idleCouples, SPACES));
    log(`cluster: latency, ${LATENCY.pairs} writers × ${LATENCY.writes} writes every ${LATENCY.intervalMs} ms, partner on another node…`);
    const latency = await oursLatency(cluster, couples.slice(0, LATENCY.pairs));
    log(`cluster: throughput, ${seconds} s per run (1 space / ${SPACES} spaces, 1 node / ${NODES} nodes)…`);
    const one = await oursThroughput(cluster, couples.slice(0, 1), WINDOW.oneSpace, seconds, 1);
    const manyOne = await oursThroughput(cluster, couples.slice(0, SPACES), WINDOW.manySpaces, seconds, 1);
    const oneThree = await oursThroughput(cluster, couples.slice(0, 1), WINDOW.oneSpace, seconds, NODES);
    const manyThree = await oursThroughput(cluster, couples.slice(0, SPACES), WINDOW.manySpaces, seconds, NODES);
    // Last: waiting for the node's memory to settle ends with V8 shrinking its heap, which the
    // latency and throughput runs would then pay for in GCs while it grows back.
    log(`cluster: idle authenticated sockets on one node, RSS at ${idleSteps.join(', ')}, then settled…`);
    const { idle, handshakes } = await idleConnections(cluster, couples.slice(0, idleCouples), idleSteps);
    ours = {
      nodes: NODES,
      latency,
      throughput: { oneSpaceOneNode: one.rate, manySpacesOneNode: manyOne.rate, oneSpaceThreeNodes: oneThree.rate, manySpacesThreeNodes: manyThree.rate },
      bus: {
        publishesPerCommitOneNode: round((one.publishes + manyOne.publishes) / (one.commits + manyOne.commits), 3),
        publishesPerCommitThreeNodes: round((oneThree.publishes + manyThree.publishes) / (oneThree.commits + manyThree.commits), 3),
        hocuspocusPublishesPerUpdate: Number.NaN,
      },
      idle,
      handshakes,
    };
  } finally {
    await cluster.close();
  }

  log('baseline @y/websocket-server (one process): the same latency schedule and throughput runs…');
  const yws = await baselineFigures('y-websocket', 0, seconds);
  log('baseline Hocuspocus + Redis extension (two instances on one private Redis): the same…');
  const redis = await startPrivateRedis();
  let hp: Awaited<ReturnType<typeof baselineFigures>>;
  try {
    const before = await publishCount(redis.cli);
    hp = await baselineFigures('hocuspocus', redis.port, seconds, () => processesListeningOn(redis.port));
    ours.bus.hocuspocusPublishesPerUpdate = round(((await publishCount(redis.cli)) - before) / hp.updates, 3);
  } finally {
    await redis.stop();
  }
  return {
    ...ours,
    latency: { schedule: LATENCY, ours: ours.latency, yWebsocket: { delivery: yws.latency }, hocuspocus: { crossInstanceDelivery: hp.latency } },
    throughput: {
      seconds,
      window: WINDOW,
      spaces: SPACES,
      ours: ours.throughput,
      yWebsocket: { oneRoom: yws.oneRoom, manyRooms: yws.manyRooms },
      hocuspocus: { oneRoom: hp.oneRoom, manyRooms: hp.manyRooms },
    },
  };
}

/** `count` couples made by the real create / invite / join flows on `url`, a few at a time. */
async function pairCouples(url: string, count: number): Promise<Couple[]> {
  const couples: Couple[] = [];
  const one = async (): Promise<Couple> => {
    const alice = await createSpace(url);
    const { link } = await createInviteLink(alice);
    return { alice, bob: await joinSpace(link), nextClock: 1, headSeq: 0 };
  };
  while (couples.length < count) couples.push(...(await Promise.all(Array.from({ length: Math.min(8, count - couples.length) }, one))));
  return couples;
}

/** A subscribed socket of `creds` on `url`; `onFrame` sees every frame after welcome. */
async function subscribed(url: string, creds: Credentials, afterSeq: number, onFrame?: (frame: Frame, at: number) => void): Promise<DeviceSocket> {
  let synced!: () => void;
  const done = new Promise<void>((resolve) => (synced = resolve));
  const socket = await connectDevice(url, creds, (frame, at) => {
    if (frame.type === 'synced') synced();
    else onFrame?.(frame, at);
  });
  socket.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq });
  await done;
  return socket;
}

/** The median of three RSS readings a second apart, in MiB: one reading moves with whatever the node's GC just did. */
async function settledRss(pid: number): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) await sleep(1000);
    readings.push(rssOf(pid) / MIB);
  }
  return median(readings);
}

/** Wait (up to SETTLE_MAX_S) for node 1's memory to settle with `connections` idle sockets open; see `idle.settled`. */
async function settledSample(cluster: Cluster, pid: number, connections: number): Promise<ClusterFigures['idle']['settled']> {
  const majorGcs = async (): Promise<{ count: number; metrics: Map<string, number> }> => {
    const metrics = await cluster.metrics(0);
    return { count: metrics.get('nodejs_gc_duration_seconds_count{kind="major"}') ?? 0, metrics };
  };
  const before = (await majorGcs()).count;
  const started = now();
  const readings: number[] = [];
  for (;;) {
    await sleep(5000);
    readings.push(rssOf(pid) / MIB);
    const { count, metrics } = await majorGcs();
    const lastThree = readings.slice(-3);
    const steady = lastThree.length === 3 && Math.max(...lastThree) - Math.min(...lastThree) < 1;
    const seconds = (now() - started) / 1000;
    if ((count > before && steady) || seconds >= SETTLE_MAX_S) {
      const mib = (name: string): number => round((metrics.get(name) ?? Number.NaN) / MIB, 1);
      const reached = count > before && steady;
      return {
        connections,
        rssMiB: round(median(lastThree), 1),
        heapUsedMiB: mib('nodejs_heap_size_used_bytes'),
        externalMiB: mib('nodejs_external_memory_bytes'),
        seconds: Math.round(seconds),
        majorGcs: count - before,
        reached,
      };
    }
  }
}

/** Idle subscribed sockets on node 1, RSS after each step; handshakes timed on the way. */
async function idleConnections(cluster: Cluster, couples: Couple[], steps: number[]): Promise<Pick<ClusterFigures, 'idle' | 'handshakes'>> {
  const node = cluster.nodes[0]!;
  const devices = couples.flatMap((c) => [
    { creds: c.alice, afterSeq: c.headSeq },
    { creds: c.bob, afterSeq: c.headSeq },
  ]);
  const sockets: DeviceSocket[] = [];
  const sample = async (connections: number): Promise<ClusterFigures['idle']['samples'][number]> => {
    const metrics = await cluster.metrics(0);
    const mib = (name: string): number => round((metrics.get(name) ?? Number.NaN) / MIB, 1);
    return {
      connections,
      authenticated: metrics.get('securebase_connections') ?? Number.NaN,
      rssMiB: round(await settledRss(node.pid), 1),
      heapUsedMiB: mib('nodejs_heap_size_used_bytes'),
      externalMiB: mib('nodejs_external_memory_bytes'),
    };
  };
  const samples = [await sample(0)];
  let settled!: ClusterFigures['idle']['settled'];
  try {
    for (const target of steps) {
      let next = sockets.length;
      const worker = async (): Promise<void> => {
        while (next < target) {
          const i = next++;
          const device = devices[Math.floor(i / IDLE_PER_DEVICE) % devices.length]!;
          sockets.push(await subscribed(node.url, device.creds, device.afterSeq));
        }
      };
      await Promise.all(Array.from({ length: HANDSHAKE_CONCURRENCY }, worker));
      // Let the node settle (timers, a GC) before its memory is read.
      await sleep(3000);
      const taken = await sample(sockets.length);
      if (!(taken.authenticated >= sockets.length)) throw new Error(`cluster bench: the node counts ${taken.authenticated} sessions for ${sockets.length} sockets`);
      samples.push(taken);
    }
    settled = await settledSample(cluster, node.pid, sockets.length);
  } finally {
    for (const socket of sockets) socket.terminate();
  }
  const errors = sockets.reduce((n, s) => n + s.errors.length, 0);
  if (errors > 0) throw new Error(`${errors} error frames on idle sockets`);
  const measured = samples.slice(1);
  const line = (points: typeof measured) => {
    const rssSlope = fitLine(points.map((s) => [s.connections, s.rssMiB * MIB])).slope;
    const heapSlope = fitLine(points.map((s) => [s.connections, (s.heapUsedMiB + s.externalMiB) * MIB])).slope;
    // RSS may not grow while V8 fills heap it already had: take the steeper line, from the last sample.
    const slope = Math.max(rssSlope, heapSlope);
    const last = points.at(-1)!;
    return { rssSlope, heapSlope, slope, last, rssAt: (connections: number): number => last.rssMiB * MIB + slope * (connections - last.connections) };
  };
  const { rssSlope, heapSlope, slope, rssAt } = line(measured);
  const at10k = settled.connections === CLUSTER_TARGET.idleConnections ? settled : undefined;
  const below10k = measured.filter((s) => s.connections < CLUSTER_TARGET.idleConnections);
  const base = samples[0]!;
  const settledHeapSlope = ((settled.heapUsedMiB + settled.externalMiB - base.heapUsedMiB - base.externalMiB) * MIB) / settled.connections;
  return {
    idle: {
      spaces: couples.length,
      samples,
      rssBytesPerConnection: Math.round(rssSlope),
      heapBytesPerConnection: Math.round(heapSlope),
      bytesPerConnection: Math.round(slope),
      rssMiBAt10k: at10k ? at10k.rssMiB : round(rssAt(CLUSTER_TARGET.idleConnections) / MIB, 1),
      rssAt10kMeasured: at10k !== undefined,
      settled,
      settledHeapBytesPerConnection: Math.round(settledHeapSlope),
      extrapolatedRssMiBAt10k: round((below10k.length >= 2 ? line(below10k).rssAt : rssAt)(CLUSTER_TARGET.idleConnections) / MIB, 1),
      // A line that does not rise (noise swamping a tiny per-socket cost) extrapolates to nothing.
      // From the settled node: its RSS plus, per further socket, the steeper of the burst's lines
      // (which count the burst's garbage too: a node keeps taking handshakes as it fills).
      extrapolatedMaxUnder1GiB: slope > 0 ? Math.floor(settled.connections + (GIB - settled.rssMiB * MIB) / slope) : Number.NaN,
    },
    handshakes: await handshakeRate(node.url, devices.map((d) => d.creds), HANDSHAKES),
  };
}

/** `count` sockets authenticating (hello → challenge → auth → welcome, nothing more), HANDSHAKE_CONCURRENCY at a time. */
async function handshakeRate(url: string, devices: Credentials[], count: number): Promise<ClusterFigures['handshakes']> {
  // Let the node finish closing the idle sockets first.
  await sleep(2000);
  const sockets: DeviceSocket[] = [];
  let next = 0;
  const started = now();
  try {
    const worker = async (): Promise<void> => {
      while (next < count) sockets.push(await connectDevice(url, devices[next++ % devices.length]!));
    };
    await Promise.all(Array.from({ length: HANDSHAKE_CONCURRENCY }, worker));
    const seconds = (now() - started) / 1000;
    return { perSecond: Math.round(count / seconds), ...pick(figures(sockets.map((s) => s.handshakeMs))), concurrency: HANDSHAKE_CONCURRENCY };
  } finally {
    for (const socket of sockets) socket.terminate();
  }
}

const pick = (p: Percentiles): { p50Ms: number; p99Ms: number } => ({ p50Ms: p.p50Ms, p99Ms: p.p99Ms });

/** Least squares line through (x, y) points. */
function fitLine(points: Array<[number, number]>): { slope: number; intercept: number } {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Wall-clock offsets (ms from the start) of the latency schedule, with the pair writing each. */
function latencySchedule(): Array<{ at: number; pair: number }> {
  const slots: Array<{ at: number; pair: number }> = [];
  for (let i = 0; i < LATENCY.writes; i++) {
    for (let p = 0; p < LATENCY.pairs; p++) slots.push({ at: i * LATENCY.intervalMs + (p * LATENCY.intervalMs) / LATENCY.pairs, pair: p });
  }
  return slots;
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  for (const started = now(); !condition(); await sleep(5)) if (now() - started > timeoutMs) throw new Error(`cluster bench: ${what} within ${timeoutMs} ms`);
}

/** Push → ack and push → delivery to the partner on the next node, on the latency schedule. */
async function oursLatency(cluster: Cluster, couples: Couple[]): Promise<ClusterFigures['latency']['ours']> {
  const pairs = await Promise.all(
    couples.map(async (c, p) => {
      const delivered = new Map<number, number>();
      const acked = new Map<number, { at: number; seq: number }>();
      const reader = await subscribed(cluster.nodes[(p + 1) % NODES]!.url, c.bob, c.headSeq, (frame, at) => {
        if (frame.type === 'updates') for (const e of frame.entries) delivered.set(e.seq, at);
      });
      const writer = await subscribed(cluster.nodes[p % NODES]!.url, c.alice, c.headSeq, (frame, at) => {
        if (frame.type === 'ack') acked.set(frame.ref, { at, seq: frame.seq });
      });
      const pool = sealPool(c.alice, SHARED_DOC_ID, c.nextClock, LATENCY.writes, UPDATE_BYTES);
      c.nextClock += LATENCY.writes;
      return { c, reader, writer, pool, delivered, acked, sentAt: [] as number[] };
    }),
  );
  try {
    const start = now() + 50;
    for (const slot of latencySchedule()) {
      const wait = start + slot.at - now();
      if (wait > 1) await sleep(wait);
      const pair = pairs[slot.pair]!;
      const ref = pair.sentAt.length + 1;
      pair.sentAt.push(now());
      pair.writer.send({ type: 'push', docId: SHARED_DOC_ID, ref, envelope: pair.pool[ref - 1]! });
    }
    await waitFor(() => pairs.every((p) => p.acked.size === LATENCY.writes && [...p.acked.values()].every((a) => p.delivered.has(a.seq))), 30_000, 'every write acked and delivered');
    const toAck: number[] = [];
    const toDelivery: number[] = [];
    for (const pair of pairs) {
      pair.sentAt.forEach((sent, i) => {
        const ack = pair.acked.get(i + 1)!;
        toAck.push(ack.at - sent);
        toDelivery.push(pair.delivered.get(ack.seq)! - sent);
        pair.c.headSeq = Math.max(pair.c.headSeq, ack.seq);
      });
      if (pair.writer.errors.length + pair.reader.errors.length > 0) throw new Error(`error frames: ${[...pair.writer.errors, ...pair.reader.errors].join('; ')}`);
    }
    return { pushToAck: figures(toAck), crossNodeDelivery: figures(toDelivery) };
  } finally {
    for (const p of pairs) {
      p.reader.terminate();
      p.writer.terminate();
    }
  }
}

const clientCpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

const throughput = (rate: number, serverCpu: number, clientCpu: number, elapsed: number): Throughput => ({
  updatesPerSecond: Math.round(rate),
  serverCores: round(serverCpu / elapsed),
  updatesPerCoreSecond: Math.round(rate / (serverCpu / elapsed)),
  clientCores: round(clientCpu / elapsed),
});

const PUBLISH = /cmdstat_(?:s?publish):calls=(\d+)/g;

/** PUBLISH (and SPUBLISH) calls Redis has served so far. */
async function publishCount(cli: (args: string[]) => Promise<string>): Promise<number> {
  const text = await cli(['INFO', 'commandstats']);
  return [...text.matchAll(PUBLISH)].reduce((n, m) => n + Number(m[1]), 0);
}

/**
 * Acked pushes per second: each couple's alice writes with `window` pushes unanswered, bob reads;
 * on one node (alice and bob on node 1) or spread (alice on node i, bob on node i+1).
 */
async function oursThroughput(
  cluster: Cluster,
  couples: Couple[],
  window: number,
  seconds: number,
  nodes: number,
): Promise<{ rate: Throughput; commits: number; publishes: number }> {
  // Enough sealed envelopes for about 3,000 acks a second over all writers, and some spare.
  const perWriter = Math.ceil((4000 * seconds) / couples.length) + window;
  const writers = await Promise.all(
    couples.map(async (c, i) => {
      const state = { acked: 0, sent: 0, lastAckAt: 0, pool: sealPool(c.alice, SHARED_DOC_ID, c.nextClock, perWriter, UPDATE_BYTES), socket: undefined as DeviceSocket | undefined };
      let deadline = Number.POSITIVE_INFINITY;
      const pushNext = (): void => {
        if (state.sent >= state.pool.length || now() >= deadline) return;
        state.sent += 1;
        state.socket!.send({ type: 'push', docId: SHARED_DOC_ID, ref: state.sent, envelope: state.pool[state.sent - 1]! });
      };
      const reader = await subscribed(cluster.nodes[(i + 1) % nodes]!.url, c.bob, c.headSeq);
      state.socket = await subscribed(cluster.nodes[i % nodes]!.url, c.alice, c.headSeq, (frame, at) => {
        if (frame.type !== 'ack') return;
        state.acked += 1;
        c.headSeq = Math.max(c.headSeq, frame.seq);
        if (at < deadline) state.lastAckAt = at;
        pushNext();
      });
      return {
        c,
        state,
        reader,
        start: (until: number) => {
          deadline = until;
          for (let k = 0; k < window; k++) pushNext();
        },
      };
    }),
  );
  try {
    const publishesBefore = await publishCount(cluster.redis.cli);
    const cpuBefore = cluster.cpuSeconds();
    const clientBefore = process.cpuUsage();
    const started = now();
    const deadline = started + seconds * 1000;
    for (const w of writers) w.start(deadline);
    await sleep(seconds * 1000);
    const cpuAfter = cluster.cpuSeconds();
    const client = clientCpuSeconds(clientBefore);
    const elapsed = (now() - started) / 1000;
    const ackedInTime = writers.reduce((n, w) => n + w.state.acked, 0);
    await waitFor(() => writers.every((w) => w.state.acked === w.state.sent), 30_000, 'every push acked').catch((error: unknown) => {
      // Say why: an error frame (a refusal) answers a push with no ack.
      const refused = writers.flatMap((w) => w.state.socket!.errors);
      const missing = writers.reduce((n, w) => n + w.state.sent - w.state.acked, 0);
      throw new Error(`${error instanceof Error ? error.message : String(error)}: ${missing} unanswered; error frames: ${refused.slice(0, 5).join('; ') || 'none'}`);
    });
    const commits = writers.reduce((n, w) => n + w.state.sent, 0);
    // Let the last hints reach Redis before counting them.
    await sleep(200);
    const publishes = (await publishCount(cluster.redis.cli)) - publishesBefore;
    for (const w of writers) {
      w.c.nextClock += w.state.sent;
      if (w.state.sent === w.state.pool.length) throw new Error('cluster bench: a writer ran out of sealed envelopes; raise the pool');
      if (w.state.socket!.errors.length > 0) throw new Error(`error frames: ${w.state.socket!.errors.join('; ')}`);
    }
    const rate = ackedInTime / elapsed;
    const by = { relay: cpuAfter.relay - cpuBefore.relay, postgres: cpuAfter.postgres - cpuBefore.postgres, redis: cpuAfter.redis - cpuBefore.redis };
    const cores = { relay: round(by.relay / elapsed), postgres: round(by.postgres / elapsed), redis: round(by.redis / elapsed) };
    return { rate: { ...throughput(rate, by.relay + by.postgres + by.redis, client, elapsed), serverCoresBy: cores }, commits, publishes };
  } finally {
    for (const w of writers) {
      w.state.socket?.terminate();
      w.reader.terminate();
    }
  }
}

/** The latency schedule and both throughput runs through one baseline. */
async function baselineFigures(
  kind: 'y-websocket' | 'hocuspocus',
  redisPort: number,
  seconds: number,
  extraPids: () => number[] = () => [],
): Promise<{ latency: Percentiles; oneRoom: Throughput; manyRooms: Throughput; updates: number }> {
  const servers = await startYjsServers(kind, redisPort);
  try {
    const latency = await yjsLatency(servers);
    const oneRoom = await yjsThroughput(servers, 1, WINDOW.oneSpace, seconds, 'one-', extraPids);
    const manyRooms = await yjsThroughput(servers, SPACES, WINDOW.manySpaces, seconds, 'many-', extraPids);
    return { latency, oneRoom: oneRoom.rate, manyRooms: manyRooms.rate, updates: LATENCY.pairs * LATENCY.writes + oneRoom.updates + manyRooms.updates };
  } finally {
    await servers.close();
  }
}

async function yjsLatency(servers: YjsServers): Promise<Percentiles> {
  const { pairs, close } = await openYjsPairs(servers, LATENCY.pairs, 'latency-');
  try {
    const sentAt: number[][] = pairs.map(() => []);
    const start = now() + 50;
    for (const slot of latencySchedule()) {
      const wait = start + slot.at - now();
      if (wait > 1) await sleep(wait);
      sentAt[slot.pair]!.push(pairs[slot.pair]!.write());
    }
    await waitFor(() => pairs.every((p) => p.receivedAt.length >= LATENCY.writes), 30_000, `every ${servers.kind} write delivered`);
    return figures(pairs.flatMap((p, i) => sentAt[i]!.map((sent, k) => p.receivedAt[k]! - sent)));
  } finally {
    await close();
  }
}

async function yjsThroughput(
  servers: YjsServers,
  rooms: number,
  window: number,
  seconds: number,
  prefix: string,
  extraPids: () => number[],
): Promise<{ rate: Throughput; updates: number }> {
  const { pairs, close } = await openYjsPairs(servers, rooms, prefix);
  const cpuNow = (): number => [...servers.processes.map((p) => p.pid), ...extraPids()].reduce((s, pid) => s + cpuSecondsOf(pid), 0);
  try {
    let deadline = Number.POSITIVE_INFINITY;
    const sent = pairs.map(() => 0);
    const inTime = pairs.map(() => 0);
    const writeNext = (pair: YjsPair, i: number): void => {
      while (now() < deadline && sent[i]! - pair.receivedAt.length < window) {
        sent[i]! += 1;
        pair.write();
      }
    };
    pairs.forEach((pair, i) => {
      pair.onReceive = (at) => {
        if (at < deadline) inTime[i] = pair.receivedAt.length;
        writeNext(pair, i);
      };
    });
    const cpuBefore = cpuNow();
    const clientBefore = process.cpuUsage();
    const started = now();
    deadline = started + seconds * 1000;
    pairs.forEach(writeNext);
    await sleep(seconds * 1000);
    const cpu = cpuNow() - cpuBefore;
    const client = clientCpuSeconds(clientBefore);
    const elapsed = (now() - started) / 1000;
    await waitFor(() => pairs.every((p, i) => p.receivedAt.length >= sent[i]!), 30_000, `every ${servers.kind} write delivered`);
    const rate = inTime.reduce((a, b) => a + b, 0) / elapsed;
    return {
      rate: throughput(rate, cpu, client, elapsed),
      updates: sent.reduce((a, b) => a + b, 0),
    };
  } finally {
    await close();
  }
}
