/**
 * Runs the relay on Node: SQLite storage in `dataDir`, @hono/node-server for HTTP, and our own
 * `ws` WebSocketServer (so `maxPayload` enforces the frame limit before a message is buffered),
 * with a ping/pong keepalive that cuts sockets whose peer has gone silent.
 *
 *   const relay = await startRelay({ port: 0, dataDir: './data' });
 *   console.log(relay.url); // http://127.0.0.1:53127
 *   await relay.close();
 */
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve, upgradeWebSocket } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { CLOSE } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { createRelayApp } from './app.js';
import { resolveLimits, type RelayLimits } from './limits.js';
import { createRelayLog, silentLog, type LogSink } from './log.js';
import { openSqliteStorage } from './storage/sqlite.js';
import { startKeepalive } from './ws/keepalive.js';

export interface StartRelayOptions {
  /** Interface to listen on; default 127.0.0.1 (only this machine). */
  host?: string;
  /** Port; 0 picks a free one. Default 8787. */
  port?: number;
  /** Directory of relay.sqlite; created if missing. Default ./data. */
  dataDir?: string;
  /** Built web app to serve at /; default SECUREBASE_WEB_ROOT or apps/web/dist. */
  webRoot?: string;
  limits?: Partial<RelayLimits>;
  /** Where the request/socket log lines go; default: nowhere. */
  log?: LogSink;
  /** Clock in ms since the epoch; default Date.now (tests move it to expire invites). */
  now?: () => number;
}

export interface RunningRelay {
  /** Base URL, e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  /** Close every socket (SERVER_SHUTDOWN), stop listening and close the database. */
  close(): Promise<void>;
}

/** How long sockets get to complete the closing handshake on shutdown. */
const SHUTDOWN_GRACE_MS = 1000;

/** The built web app next to this package: apps/web/dist from apps/relay/{src,dist}/. */
export function defaultWebRoot(): string {
  return process.env['SECUREBASE_WEB_ROOT'] ?? fileURLToPath(new URL('../../web/dist/', import.meta.url));
}

/** Ask every socket to close (SERVER_SHUTDOWN); cut the ones that do not answer in time. */
async function closeSockets(wss: WebSocketServer): Promise<void> {
  await Promise.all(
    [...wss.clients].map(
      (socket) =>
        new Promise<void>((resolve) => {
          const cut = setTimeout(() => socket.terminate(), SHUTDOWN_GRACE_MS);
          socket.once('close', () => {
            clearTimeout(cut);
            resolve();
          });
          socket.close(CLOSE.SERVER_SHUTDOWN, 'server shutting down');
        }),
    ),
  );
}

// IPv6 literals need brackets inside a URL.
const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** Start a relay and resolve once it is listening. */
export async function startRelay(options: StartRelayOptions = {}): Promise<RunningRelay> {
  const host = options.host ?? '127.0.0.1';
  const limits = resolveLimits(options.limits);
  await readyCrypto();
  const storage = openSqliteStorage(options.dataDir ?? './data');
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes });
  const stopKeepalive = startKeepalive(wss, limits.pingIntervalMs);
  const app = createRelayApp({
    storage,
    limits,
    webRoot: options.webRoot ?? defaultWebRoot(),
    upgradeWebSocket,
    now: options.now,
    log: options.log ? createRelayLog(options.log) : silentLog,
  });

  const server = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname: host, websocket: { server: wss } });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (error) {
    stopKeepalive();
    storage.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopKeepalive();
      await closeSockets(wss);
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive HTTP connections would otherwise hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }).finally(() => storage.close());
    })();
    return closing;
  };
  return { url: `http://${urlHost(host)}:${port}`, port, close };
}
