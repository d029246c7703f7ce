/**
 * Latency under load (issue 15): `pairs` couples typing at human pace at the same time against
 * one server, ours and @y/websocket-server in the same run, with the very same schedule.
 *
 * In each couple one partner types into a shared Y.Text, one character per keystroke, after
 * seeded log-normal gaps (pacing.ts's human pace, a different seed per writer: median 140 ms, so
 * about 7 keystrokes a second each); the other partner watches. A keystroke's latency runs from
 * the local edit to the moment the partner's text first holds it (text length, as only one side
 * types). Ours: a real relay (its own process, SQLite with fsync, trusting loopback as a proxy so
 * each person has their own client address and budget) and EncryptedProviders with default
 * options, paired by the real create / invite / join flows. The baseline: @y/websocket-server in
 * its own process and y-websocket clients, plaintext, storing nothing. All clients of a system
 * run in this process (as in the replay); its event-loop delay is reported beside the figures,
 * since a loaded client loop adds to both systems' latency, and for ours the relay's own commit
 * times and event-loop delay, to tell the relay's share from the clients'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebsocketProvider } from 'y-websocket';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { createInviteLink, createSpace, EncryptedProvider, joinSpace } from '@securebase/sync';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { addressFor, clientAt } from '../soak/client-address.js';
import { cpuSecondsOf } from '../soak/soak.js';
import { WireTap, type Breakdown } from './breakdown.js';
import { loopDelayFigures, type LoopDelayFigures } from './loop-delay.js';
import { REPLAY_ORIGIN } from './replay-driver.js';
import { HUMAN_PACE, humanSchedule } from './pacing.js';
import { startServerProcess } from './server-process.js';
import { now, percentile, round } from './stats.js';

// reason: `ws` implements the browser WebSocket API y-websocket uses, but its class type is not the DOM one.
const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;
const TEXT = 'load';

export interface LoadSystemFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Keystrokes whose arrival was seen (all of them, or the run failed). */
  samples: number;
  clientLoopDelayMs: LoopDelayFigures;
  /** Ours only: the relay's commits (each appendUpdate with its fsync) and its event-loop delay while typing. */
  relay?: {
    commits: number;
    commitP50Ms: number;
    commitP99Ms: number;
    loopDelayMs: LoopDelayFigures;
    /** CPU the relay process used while typing, in cores, and per commit (µs): how near one core it ran. */
    cpuCores: number;
    cpuUsPerCommit: number;
  };
  /** Ours with `breakdown`: where each keystroke's time went, stage by stage (breakdown.ts). */
  breakdown?: Breakdown;
}

export interface LoadLatencyFigures {
  pairs: number;
  seconds: number;
  keystrokes: number;
  ours: LoadSystemFigures;
  yWebsocket: LoadSystemFigures;
  p99RatioToYWebsocket: number;
  p50RatioToYWebsocket: number;
}

interface Couple {
  writer: Y.Doc;
  reader: Y.Doc;
}

interface System {
  couples: Couple[];
  /** Ours with `breakdown`: the frame timestamps of every client (writer of couple i = side 2i, reader 2i + 1). */
  tap?: WireTap;
  /** Start (drop what came before) or read the server's own measurements. */
  serverStats?: () => Promise<{ commitMs: number[]; loopDelayMs: LoopDelayFigures }>;
  /** Ours: CPU seconds the relay process has used so far. */
  serverCpuSeconds?: () => number;
  close(): Promise<void>;
}

async function startOurs(pairs: number, breakdown: boolean): Promise<System> {
  await readyCrypto();
  const dataDir = mkdtempSync(join(tmpdir(), 'securebase-load-'));
  const relay = await startServerProcess('relay-server.ts', ['--data', dataDir, '--breakdown', '--options', JSON.stringify({ trustProxy: ['127.0.0.1'] })]);
  const providers: EncryptedProvider[] = [];
  const errors: string[] = [];
  const tap = breakdown ? new WireTap() : undefined;
  const makeCouple = async (index: number): Promise<Couple> => {
    const atA = clientAt(addressFor(2 * index));
    const atB = clientAt(addressFor(2 * index + 1));
    const alice = await createSpace(relay.url, { fetch: atA.fetch });
    const { link } = await createInviteLink(alice, { fetch: atA.fetch });
    const bob = await joinSpace(link, { fetch: atB.fetch });
    const couple = { writer: new Y.Doc(), reader: new Y.Doc() };
    for (const [creds, at, doc, side] of [[alice, atA, couple.writer, 2 * index], [bob, atB, couple.reader, 2 * index + 1]] as const) {
      tap?.watchDoc(side, doc);
      const WebSocketPolyfill = tap ? tap.socketClass(side, at.WebSocket) : at.WebSocket;
      const provider = new EncryptedProvider(relay.url, SHARED_DOC_ID, doc, { credentials: creds, WebSocketPolyfill, fetch: at.fetch });
      provider.on('error', (error) => errors.push(error.code));
      providers.push(provider);
    }
    return couple;
  };
  const couples: Couple[] = [];
  for (let first = 0; first < pairs; first += 8) {
    couples.push(...(await Promise.all(Array.from({ length: Math.min(8, pairs - first) }, (_, k) => makeCouple(first + k)))));
  }
  await Promise.all(providers.map((p) => p.whenSynced()));
  return {
    couples,
    ...(tap ? { tap } : {}),
    serverStats: () => relay.stats(),
    serverCpuSeconds: () => cpuSecondsOf(relay.pid),
    async close() {
      await Promise.all(providers.map((p) => p.destroy()));
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (errors.length > 0) throw new Error(`provider errors under load: ${errors.join(', ')}`);
    },
  };
}

async function startBaseline(pairs: number): Promise<System> {
  const server = await startServerProcess('y-websocket-server.ts', []);
  const clients: WebsocketProvider[] = [];
  const couples = Array.from({ length: pairs }, (_, i): Couple => {
    const couple = { writer: new Y.Doc(), reader: new Y.Doc() };
    for (const doc of [couple.writer, couple.reader]) {
      // disableBc: both clients live in one process, and must talk through the server.
      clients.push(new WebsocketProvider(server.url.replace(/^http/, 'ws'), `room-${i}`, doc, { WebSocketPolyfill: NodeWebSocket, disableBc: true }));
    }
    return couple;
  });
  await Promise.all(clients.map((c) => new Promise<void>((resolve) => (c.synced ? resolve() : c.once('sync', () => resolve())))));
  return {
    couples,
    async close() {
      for (const c of clients) c.destroy();
      await server.close();
    },
  };
}

/** Every writer types its schedule; returns each keystroke's latency to its partner. */
async function typeAll(system: System, schedules: number[][]): Promise<LoadSystemFigures> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const latencies: number[] = [];
  const sentAt = system.couples.map(() => [] as number[]);
  const stops = system.couples.map((couple, i) => {
    let seen = couple.reader.getText(TEXT).length;
    const watch = (): void => {
      const length = couple.reader.getText(TEXT).length;
      const at = now();
      for (; seen < length; seen++) latencies.push(at - sentAt[i]![seen]!);
    };
    couple.reader.on('update', watch);
    return () => couple.reader.off('update', watch);
  });
  await system.serverStats?.();
  system.tap?.record(true);
  loop.enable();
  const start = now();
  const cpuAtStart = system.serverCpuSeconds?.() ?? 0;
  await Promise.all(
    system.couples.map(async (couple, i) => {
      const text = couple.writer.getText(TEXT);
      for (const offset of schedules[i]!) {
        const wait = start + offset - now();
        if (wait >= 1) await sleep(wait);
        sentAt[i]!.push(now());
        // The replay's origin marks a local edit for the breakdown's tap; both systems type alike.
        couple.writer.transact(() => text.insert(text.length, 'a'), REPLAY_ORIGIN);
      }
    }),
  );
  const total = schedules.reduce((n, s) => n + s.length, 0);
  const deadline = now() + 120_000;
  while (latencies.length < total) {
    if (now() > deadline) throw new Error(`load: ${total - latencies.length} keystrokes never reached the partner`);
    await sleep(20);
  }
  loop.disable();
  const cpuSeconds = (system.serverCpuSeconds?.() ?? 0) - cpuAtStart;
  const elapsedSeconds = (now() - start) / 1000;
  system.tap?.record(false);
  for (const stop of stops) stop();
  const server = await system.serverStats?.();
  return {
    ...(server && system.tap ? { breakdown: system.tap.summary(server.commitMs, server.loopDelayMs) } : {}),
    ...(server
      ? {
          relay: {
            commits: server.commitMs.length,
            commitP50Ms: round(percentile(server.commitMs, 0.5)),
            commitP99Ms: round(percentile(server.commitMs, 0.99)),
            loopDelayMs: server.loopDelayMs,
            cpuCores: round(cpuSeconds / elapsedSeconds),
            cpuUsPerCommit: Math.round((cpuSeconds * 1e6) / Math.max(1, server.commitMs.length)),
          },
        }
      : {}),
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
    maxMs: round(Math.max(...latencies)),
    samples: latencies.length,
    clientLoopDelayMs: loopDelayFigures(loop),
  };
}

export async function benchLoadLatency(
  options: { pairs?: number; seconds?: number; breakdown?: boolean; progress?: (line: string) => void } = {},
): Promise<LoadLatencyFigures> {
  const pairs = options.pairs ?? 200;
  const seconds = options.seconds ?? 30;
  const progress = options.progress ?? (() => undefined);
  const schedules = Array.from({ length: pairs }, (_, i) =>
    humanSchedule(Number.MAX_SAFE_INTEGER, { budgetMs: seconds * 1000, pace: { ...HUMAN_PACE, seed: HUMAN_PACE.seed + i + 1 } }).offsetsMs,
  );
  const keystrokes = schedules.reduce((n, s) => n + s.length, 0);

  progress(`load: pairing ${pairs} couples on the Secure Base relay…`);
  const ours = await startOurs(pairs, options.breakdown ?? false);
  let oursFigures: LoadSystemFigures;
  try {
    progress(`load: ${pairs} writers typing for ${seconds} s at human pace (${keystrokes} keystrokes) through the relay…`);
    oursFigures = await typeAll(ours, schedules);
  } finally {
    await ours.close();
  }
  progress(`load: the same ${keystrokes} keystrokes through @y/websocket-server…`);
  const baseline = await startBaseline(pairs);
  let baseFigures: LoadSystemFigures;
  try {
    baseFigures = await typeAll(baseline, schedules);
  } finally {
    await baseline.close();
  }
  return {
    pairs,
    seconds,
    keystrokes,
    ours: oursFigures,
    yWebsocket: baseFigures,
    p99RatioToYWebsocket: round(oursFigures.p99Ms / baseFigures.p99Ms),
    p50RatioToYWebsocket: round(oursFigures.p50Ms / baseFigures.p50Ms),
  };
}
