/**
 * Runs the relay on Node: SQLite storage in `dataDir` (or PostgreSQL with `databaseUrl`, for
 * several relay nodes on one database, which hear each other's commits through the Redis bus at
 * `busUrl`), @hono/node-server for HTTP, and our own
 * `ws` WebSocketServer (so `maxPayload` enforces the frame limit before a message is buffered),
 * with a ping/pong keepalive that cuts sockets whose peer has gone silent.
 *
 *   const relay = await startRelay({ port: 0, dataDir: './data' });
 *   console.log(relay.url); // http://127.0.0.1:53127
 *   await relay.close();
 */
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve, upgradeWebSocket } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { WebSocketServer } from 'ws';
import { CLOSE } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { createRelayApp } from './app.js';
import { resolveLimits, type RelayLimits } from './limits.js';
import { createRelayLog, silentLog, type LogSink, type RelayLog } from './log.js';
import { noopMetrics } from './metrics.js';
import { createPromMetrics } from './prom-metrics.js';
import { CreationCodes, openCreationCodesFile, type CreationCodesFile } from './http/creation-gate.js';
import { cachedTotals } from './storage/cached-totals.js';
import { openSqliteRelayStorage } from './storage/sqlite.js';
import type { RelayStorage } from './storage/types.js';
import { startStorageSweeper, type SweepResult } from './storage-sweeper.js';
import { startKeepalive } from './ws/keepalive.js';
import { InProcessBus } from './bus/in-process-bus.js';
import type { SpaceBus } from './bus/types.js';

export interface StartRelayOptions {
  /** Interface to listen on; default 127.0.0.1 (only this machine). */
  host?: string;
  /** Port; 0 picks a free one. Default 8787. */
  port?: number;
  /** Directory of relay.sqlite; created if missing. Default ./data. Unused with `databaseUrl`. */
  dataDir?: string;
  /** Store in this PostgreSQL (postgres://…) instead of SQLite; the schema is migrated on start. */
  databaseUrl?: string;
  /** Reach the other relay nodes of the same database through this Redis (redis://…); default: none (one node). */
  busUrl?: string;
  /** This node's name on the bus (--node-id); default the host name and process id. */
  nodeId?: string;
  /** Built web app to serve at /; default SECUREBASE_WEB_ROOT or apps/web/dist. */
  webRoot?: string;
  limits?: Partial<RelayLimits>;
  /** Where the request/socket log lines go; default: nowhere. */
  log?: LogSink;
  /** Clock in ms since the epoch; default Date.now (tests move it to expire invites). */
  now?: () => number;
  /** Reverse proxies whose X-Forwarded-For names the client (e.g. ['127.0.0.1'] behind nginx). */
  trustProxy?: readonly string[];
  /** Origins besides browser extensions that may call /v1 from a browser. */
  allowOrigins?: readonly string[];
  /** Extra origins the web app may connect to (CSP connect-src). */
  connectSources?: readonly string[];
  /** Turn the creation gate on with the codes in this file (one per line; re-read on change and reload()). */
  creationCodesFile?: string;
  /** Turn the creation gate on with these codes (added to the file's, if both are given). */
  creationCodes?: readonly string[];
  /** Serve GET /metrics to scrapers that send this bearer token; without one /metrics is off. */
  metricsToken?: string;
}

export interface RunningRelay {
  /** Base URL, e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  /** Close every socket (SERVER_SHUTDOWN), stop listening and close the database. */
  close(): Promise<void>;
  /** Re-read the creation codes file now (main.ts calls it on SIGHUP); throws if it cannot be read. */
  reload(): void;
  /** Run one storage sweep now (it also runs every `sweepIntervalMs`); what it deleted. */
  sweepNow(): Promise<SweepResult>;
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

/** The creation gate the options ask for: a watched codes file, fixed codes, or none (open). */
function openCreationGate(
  options: StartRelayOptions,
  onReloadError: (error: unknown) => void,
): CreationCodesFile | undefined {
  if (options.creationCodesFile !== undefined) {
    return openCreationCodesFile(options.creationCodesFile, { extraCodes: options.creationCodes, onReloadError });
  }
  if (options.creationCodes === undefined) return undefined;
  // Codes from the environment: nothing to re-read or watch.
  const codes = new CreationCodes(options.creationCodes);
  return {
    get size() {
      return codes.size;
    },
    allows: (code) => codes.allows(code),
    reload: () => undefined,
    close: () => undefined,
  };
}

/** How old the relay-wide totals a PostgreSQL node checks the byte cap against may be (cached-totals.ts). */
const TOTALS_MAX_AGE_MS = 500;

// IPv6 literals need brackets inside a URL.
const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** The storage the options ask for, with its readiness check for /healthz. */
async function openStorage(
  options: StartRelayOptions,
  log: RelayLog,
  onBatch: (size: number) => void,
): Promise<{ storage: RelayStorage; databaseReady?: () => Promise<boolean> }> {
  if (options.databaseUrl === undefined) return { storage: openSqliteRelayStorage(options.dataDir ?? './data', { onBatch }) };
  // Loaded only when asked for: a relay on SQLite never loads the PostgreSQL driver.
  const { openPostgresStorage } = await import('./storage/postgres.js');
  // A connection the database dropped is reported and replaced; it never ends the process.
  const opened = await openPostgresStorage(options.databaseUrl, { onError: (error) => log.internalError('database connection', error), onBatch });
  // Every push checks the relay-wide cap: from memory for half a second, not a query each.
  const storage = cachedTotals(opened, TOTALS_MAX_AGE_MS);
  return { storage, databaseReady: () => storage.ready() };
}

/** The bus the options ask for: Redis for several nodes, else the in-process bus. */
async function openBus(options: StartRelayOptions, log: RelayLog): Promise<SpaceBus> {
  if (options.busUrl === undefined) return new InProcessBus();
  // Loaded only when asked for, like the PostgreSQL driver.
  const { openRedisBus } = await import('./bus/redis-bus.js');
  // Redis going away is reported and survived: PostgreSQL holds everything, the bus only hints.
  return openRedisBus({
    url: options.busUrl,
    nodeId: options.nodeId ?? `${hostname()}-${process.pid}`,
    onError: (what, error) => log.internalError(what, error),
  });
}

/** Start a relay and resolve once it is listening. */
export async function startRelay(options: StartRelayOptions = {}): Promise<RunningRelay> {
  const host = options.host ?? '127.0.0.1';
  const limits = resolveLimits(options.limits);
  await readyCrypto();
  const log = options.log ? createRelayLog(options.log) : silentLog;
  // Before the database opens, so a missing codes file fails the start with nothing to undo.
  const gate = openCreationGate(options, (error) => log.internalError('reading the creation codes file', error));
  // The group commits' sizes go to the metrics, which are made once the storage is open.
  let countBatch: (size: number) => void = () => undefined;
  const { storage, databaseReady } = await openStorage(options, log, (size) => countBatch(size));
  let bus: SpaceBus;
  try {
    bus = await openBus(options, log);
  } catch (error) {
    gate?.close();
    await storage.close();
    throw error;
  }
  // Budgets shared through the bus's Redis (http/shared-limits.ts); a single node keeps its own.
  const sharedLimits =
    options.busUrl !== undefined && options.databaseUrl !== undefined
      ? (await import('./http/shared-limits.js')).openSharedLimits({
          url: options.busUrl,
          keySecret: options.databaseUrl,
          onError: (error) => log.internalError('shared rate limits', error),
        })
      : undefined;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes });
  const stopKeepalive = startKeepalive(wss, limits.pingIntervalMs);
  const sweeper = startStorageSweeper({
    storage,
    limits,
    now: options.now ?? Date.now,
    onError: (error) => log.internalError('storage sweep', error),
  });
  // Counted only when someone can read them: a relay without a token pays nothing.
  const metrics = options.metricsToken ? createPromMetrics({ totals: () => storage.totals(), openSockets: () => wss.clients.size }) : undefined;
  if (metrics) countBatch = (size) => metrics.commitBatch(size);
  const app = createRelayApp({
    storage,
    limits,
    webRoot: options.webRoot ?? defaultWebRoot(),
    upgradeWebSocket,
    now: options.now,
    log,
    metrics: metrics ?? noopMetrics,
    metricsEndpoint: metrics && { token: options.metricsToken, render: () => metrics.render(), contentType: metrics.contentType },
    peerAddress: (c) => getConnInfo(c).remote.address,
    trustProxy: options.trustProxy,
    allowOrigins: options.allowOrigins,
    connectSources: options.connectSources,
    creationGate: gate,
    databaseReady,
    bus,
    sharedLimits,
  });

  const server = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname: host, websocket: { server: wss } });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (error) {
    stopKeepalive();
    sweeper.stop();
    gate?.close();
    await sharedLimits?.close();
    await bus.close();
    await storage.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopKeepalive();
      sweeper.stop();
      gate?.close();
      await closeSockets(wss);
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive HTTP connections would otherwise hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      })
        .finally(() => sharedLimits?.close())
        .finally(() => bus.close())
        .finally(() => storage.close());
    })();
    return closing;
  };
  return { url: `http://${urlHost(host)}:${port}`, port, close, reload: () => gate?.reload(), sweepNow: () => sweeper.sweepNow() };
}
