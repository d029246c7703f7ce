/**
 * The scale-out bench's plaintext baselines, each server in its own process:
 *
 * - `y-websocket`: one @y/websocket-server process (y-websocket-server.ts); it cannot run on more
 *   than one node, so both clients of a room are on it.
 * - `hocuspocus`: two Hocuspocus instances with the Redis extension on one private Redis
 *   (hocuspocus-server.ts); a room's writer is on the first, its reader on the second, so every
 *   update crosses Redis, as ours cross the bus.
 *
 * A "pair" is a writer doc and a reader doc in one room. Neither baseline acknowledges a write, so
 * their figures are writer → reader delivery (latency) and updates the reader received per
 * second (throughput); nothing is stored durably on their side.
 *
 *   const servers = await startYjsServers('hocuspocus', redis.port);
 *   const pairs = await openYjsPairs(servers, 50, 'rooms-');
 *   pairs[0].write(); // one small insert; pairs[0].received counts what reached the reader
 */
import { WebsocketProvider } from 'y-websocket';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { loadHocuspocusProvider } from './hocuspocus-modules.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { now } from './stats.js';

// reason: `ws` implements the browser WebSocket API both providers use, but its class type is not the DOM one.
const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

export type YjsBaseline = 'y-websocket' | 'hocuspocus';

export interface YjsServers {
  kind: YjsBaseline;
  processes: ServerProcess[];
  close(): Promise<void>;
}

export interface YjsPair {
  /** One small insert on the writer's doc; returns when it was made (ms). */
  write(): number;
  /** Arrival times (ms) at the reader of the writer's writes, in order (one per write, merged or not). */
  readonly receivedAt: number[];
  /** Called at each update the reader applies (a throughput run writes the next ones from here). */
  onReceive?: (at: number) => void;
}

export interface YjsPairs {
  pairs: YjsPair[];
  close(): Promise<void>;
}

/** Start the baseline's server process(es). */
export async function startYjsServers(kind: YjsBaseline, redisPort: number): Promise<YjsServers> {
  const processes =
    kind === 'y-websocket'
      ? [await startServerProcess('y-websocket-server.ts', [])]
      : await Promise.all(['hp-1', 'hp-2'].map((id) => startServerProcess('hocuspocus-server.ts', ['--redis-port', String(redisPort), '--id', id])));
  return { kind, processes, close: async () => void (await Promise.all(processes.map((p) => p.close()))) };
}

interface Connected {
  whenSynced: Promise<void>;
  destroy(): void;
}

async function connect(servers: YjsServers, side: 0 | 1, room: string, doc: Y.Doc): Promise<Connected> {
  const server = servers.processes[Math.min(side, servers.processes.length - 1)]!;
  const url = server.url.replace(/^http/, 'ws');
  if (servers.kind === 'y-websocket') {
    // disableBc: both clients live in one process and must talk through the server.
    const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: NodeWebSocket, disableBc: true });
    const whenSynced = new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve())));
    return { whenSynced, destroy: () => provider.destroy() };
  }
  let synced!: () => void;
  const whenSynced = new Promise<void>((resolve) => (synced = resolve));
  const { HocuspocusProvider } = await loadHocuspocusProvider();
  const provider = new HocuspocusProvider({ url, name: room, document: doc, WebSocketPolyfill: NodeWebSocket, onSynced: () => synced() });
  return { whenSynced, destroy: () => provider.destroy() };
}

/** `count` rooms, each with a writer (on the first server) and a reader (on the last), both synced. */
export async function openYjsPairs(servers: YjsServers, count: number, prefix: string): Promise<YjsPairs> {
  const connections: Connected[] = [];
  const pairs: YjsPair[] = [];
  // Each y-websocket provider listens for the process's exit: many rooms are not a leak.
  const listeners = process.getMaxListeners();
  process.setMaxListeners(listeners + 2 * count);
  for (let i = 0; i < count; i++) {
    const room = `${prefix}${i}`;
    const writer = new Y.Doc();
    const reader = new Y.Doc();
    const receivedAt: number[] = [];
    const text = writer.getText('t');
    connections.push(await connect(servers, 0, room, writer), await connect(servers, 1, room, reader));
    const pair: YjsPair = {
      write: () => {
        const at = now();
        text.insert(text.length, 'x');
        return at;
      },
      receivedAt,
    };
    // One arrival per character that reached the reader: a server may merge updates in flight.
    const readText = reader.getText('t');
    reader.on('update', () => {
      const at = now();
      while (receivedAt.length < readText.length) receivedAt.push(at);
      pair.onReceive?.(at);
    });
    pairs.push(pair);
  }
  await Promise.all(connections.map((c) => c.whenSynced));
  // The sync itself may have produced reader updates: count only what is written from now on.
  for (const pair of pairs) pair.receivedAt.length = 0;
  return {
    pairs,
    close: async () => {
      for (const c of connections) c.destroy();
      process.setMaxListeners(listeners);
    },
  };
}
