/**
 * Flags of the relay's command line (main.ts, and `securebase relay`, which passes the same flags
 * on), parsed with node:util parseArgs. Every bad value is refused with a one-line message that
 * names the flag; files named by flags are read by `relayStartOptions`, environment variables
 * (SECUREBASE_CREATION_CODES, SECUREBASE_METRICS_TOKEN, SECUREBASE_DATABASE_URL) are read there too.
 * `--database postgres://…` (or SECUREBASE_DATABASE_URL) stores in PostgreSQL instead of SQLite;
 * `--bus redis://…` (or SECUREBASE_BUS_URL) joins the other nodes on that database, as `--node-id`.
 *
 *   parseRelayFlags(['--port', '0', '--data', '/tmp/relay']);
 *   // { host: '127.0.0.1', port: 0, dataDir: '/tmp/relay', trustProxy: [], allowOrigins: [], limits: {} }
 *   const options = relayStartOptions(flags, process.env); // → startRelay(options)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseNetwork } from './http/client-address.js';
import { parseCreationCodes } from './http/creation-gate.js';
import type { RelayLimits } from './limits.js';
import type { StartRelayOptions } from './node.js';

export const RELAY_USAGE = [
  'usage: main.js [--host HOST] [--port PORT] [--data DIR] [--trust-proxy ADDR[,ADDR…]] [--allow-origin ORIGIN]…',
  '               [--creation-codes-file FILE] [--metrics-token-file FILE]',
  '               [--max-spaces N] [--max-total-bytes SIZE] [--max-connections N] [--database postgres://…]',
  '               [--bus redis://…] [--node-id NAME] [--http-requests-per-minute N]',
].join('\n');

/** The flags as parseArgs options (the CLI's `securebase relay` declares the same). */
export const RELAY_FLAG_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  data: { type: 'string' },
  'trust-proxy': { type: 'string', multiple: true },
  'allow-origin': { type: 'string', multiple: true },
  'creation-codes-file': { type: 'string' },
  'metrics-token-file': { type: 'string' },
  'max-spaces': { type: 'string' },
  'max-total-bytes': { type: 'string' },
  'max-connections': { type: 'string' },
  database: { type: 'string' },
  bus: { type: 'string' },
  'node-id': { type: 'string' },
  'http-requests-per-minute': { type: 'string' },
} as const;

export interface RelayFlags {
  host: string;
  port: number;
  dataDir: string;
  /** Proxies whose X-Forwarded-For is believed. */
  trustProxy: string[];
  /** Origins besides browser extensions that may call the API from a browser. */
  allowOrigins: string[];
  creationCodesFile?: string;
  metricsTokenFile?: string;
  /** Limits set by flags (max-spaces, max-total-bytes, max-connections, http-requests-per-minute). */
  limits: Partial<RelayLimits>;
  /** PostgreSQL to store in (postgres://…); without it, SQLite in dataDir. */
  databaseUrl?: string;
  /** Redis that carries hints between the nodes of one database (redis://…); without it, one node. */
  busUrl?: string;
  /** This node's name on the bus. */
  nodeId?: string;
}

/** Shortest metrics token accepted: it is the only thing between the internet and the counters. */
const MIN_TOKEN_LENGTH = 16;

/** Parse argv (without node and script); throws an Error with a one-line message on bad flags. */
export function parseRelayFlags(argv: string[]): RelayFlags {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options: RELAY_FLAG_OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    // parseArgs explains some mistakes over several lines; the entry promises one line.
    const code = (error as { code?: unknown }).code;
    if (error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new Error(error.message.split('\n')[0] ?? 'bad flags');
    }
    throw error;
  }
  return relayFlagsFromValues(values);
}

const text = (values: Record<string, unknown>, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

/** Repeatable flags, each of which may also hold a comma-separated list. */
const list = (values: Record<string, unknown>, name: string): string[] => {
  const value = values[name];
  const given = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
  return given.flatMap((v) => v.split(',')).map((v) => v.trim());
};

function count(textValue: string, flag: string): number {
  const value = /^\d+$/.test(textValue) ? Number(textValue) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${flag} must be a whole number of at least 1 (got "${textValue}")`);
  return value;
}

const SIZE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** A byte size: a number of bytes or a number with K, M, G or T (binary: 1K = 1024 bytes). */
export function parseByteSize(textValue: string, flag: string): number {
  const match = /^(\d+)\s*([KMGT]?)(?:i?B)?$/i.exec(textValue.trim());
  const unit = SIZE_UNITS[(match?.[2] ?? '').toUpperCase()];
  const value = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${flag} must be a size like 20G, 512M or a number of bytes (got "${textValue}")`);
  return value;
}

/** A PostgreSQL connection URL (it may carry a password: never echoed back in an error). */
function databaseUrl(textValue: string, source: string): string {
  let url: URL | undefined;
  try {
    url = new URL(textValue);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || url.hostname === '') {
    throw new Error(`${source} must be a PostgreSQL URL like postgres://user@host:5432/securebase`);
  }
  return textValue;
}

/** A Redis URL for the bus (it may carry a password: never echoed back in an error). */
function busUrl(textValue: string, source: string): string {
  let url: URL | undefined;
  try {
    url = new URL(textValue);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    throw new Error(`${source} must be a Redis URL like redis://host:6379 (rediss:// for TLS)`);
  }
  return textValue;
}

/** A node name: shown to the operator in Redis's client list, so plain characters only. */
function nodeId(textValue: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(textValue)) {
    throw new Error('--node-id must be 1 to 64 letters, digits, dots, dashes or underscores');
  }
  return textValue;
}

function origin(textValue: string): string {
  let url: URL | undefined;
  try {
    url = new URL(textValue);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== textValue) {
    throw new Error(`--allow-origin must be an origin like https://app.example, with no path or trailing slash (got "${textValue}")`);
  }
  return textValue;
}

/** Validate parsed flag values (from parseArgs with RELAY_FLAG_OPTIONS). */
export function relayFlagsFromValues(values: Record<string, unknown>): RelayFlags {
  const portText = text(values, 'port') ?? '8787';
  const port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535) throw new Error(`--port must be a number from 0 to 65535 (got "${portText}")`);
  const host = text(values, 'host');
  const data = text(values, 'data');
  if (host === '') throw new Error('--host must not be empty');
  if (data === '') throw new Error('--data must not be empty');

  const trustProxy = list(values, 'trust-proxy');
  for (const address of trustProxy) {
    if (!parseNetwork(address)) throw new Error(`--trust-proxy takes IP addresses or networks like 127.0.0.1, ::1 or 172.16.0.0/12 (got "${address}")`);
  }
  const allowOrigins = list(values, 'allow-origin').map(origin);

  const flags: RelayFlags = { host: host ?? '127.0.0.1', port, dataDir: data ?? './data', trustProxy, allowOrigins, limits: {} };
  for (const name of ['creation-codes-file', 'metrics-token-file'] as const) {
    const file = text(values, name);
    if (file === '') throw new Error(`--${name} must not be empty`);
    if (file !== undefined) flags[name === 'creation-codes-file' ? 'creationCodesFile' : 'metricsTokenFile'] = file;
  }
  const maxSpaces = text(values, 'max-spaces');
  if (maxSpaces !== undefined) flags.limits.maxSpaces = count(maxSpaces, '--max-spaces');
  const maxConnections = text(values, 'max-connections');
  if (maxConnections !== undefined) flags.limits.maxConnections = count(maxConnections, '--max-connections');
  // Per client address, over all nodes of one bus: raise it when many people share one address
  // (a campus or carrier NAT) or the proxy in front is the only address the relay sees.
  const httpRequests = text(values, 'http-requests-per-minute');
  if (httpRequests !== undefined) flags.limits.httpRequestsPerMinute = count(httpRequests, '--http-requests-per-minute');
  const maxTotalBytes = text(values, 'max-total-bytes');
  if (maxTotalBytes !== undefined) flags.limits.maxTotalBytes = parseByteSize(maxTotalBytes, '--max-total-bytes');
  const database = text(values, 'database');
  if (database !== undefined) flags.databaseUrl = databaseUrl(database, '--database');
  const bus = text(values, 'bus');
  if (bus !== undefined) flags.busUrl = busUrl(bus, '--bus');
  const node = text(values, 'node-id');
  if (node !== undefined) flags.nodeId = nodeId(node);
  return flags;
}

function readFlagFile(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new Error(`${flag}: cannot read ${path} (${code})`);
  }
}

function checkToken(token: string, source: string): string {
  if (token.length < MIN_TOKEN_LENGTH) throw new Error(`${source}: the metrics token must be at least ${MIN_TOKEN_LENGTH} characters`);
  if (/\s/.test(token)) throw new Error(`${source}: the metrics token must not contain spaces or line breaks`);
  return token;
}

/**
 * The startRelay options the flags and environment ask for (without a log sink). Reads the
 * metrics token file and checks that the creation codes file can be read; throws one-line errors.
 */
export function relayStartOptions(flags: RelayFlags, env: Record<string, string | undefined>): StartRelayOptions {
  const options: StartRelayOptions = {
    host: flags.host,
    port: flags.port,
    dataDir: flags.dataDir,
    limits: flags.limits,
    trustProxy: flags.trustProxy,
    allowOrigins: flags.allowOrigins,
  };
  if (flags.creationCodesFile !== undefined) {
    readFlagFile(flags.creationCodesFile, '--creation-codes-file');
    options.creationCodesFile = flags.creationCodesFile;
  }
  const envDatabase = env['SECUREBASE_DATABASE_URL'];
  if (flags.databaseUrl !== undefined) options.databaseUrl = flags.databaseUrl;
  else if (envDatabase !== undefined && envDatabase.trim() !== '') options.databaseUrl = databaseUrl(envDatabase.trim(), 'SECUREBASE_DATABASE_URL');
  const envBus = env['SECUREBASE_BUS_URL'];
  if (flags.busUrl !== undefined) options.busUrl = flags.busUrl;
  else if (envBus !== undefined && envBus.trim() !== '') options.busUrl = busUrl(envBus.trim(), 'SECUREBASE_BUS_URL');
  if (flags.nodeId !== undefined) options.nodeId = flags.nodeId;
  // The bus joins nodes that share one database: with SQLite each node has its own, so refuse.
  if (options.busUrl !== undefined && options.databaseUrl === undefined) {
    throw new Error('--bus needs --database postgres://… (or SECUREBASE_DATABASE_URL): nodes share a bus only when they share one database');
  }
  const envCodes = env['SECUREBASE_CREATION_CODES'];
  if (envCodes !== undefined && envCodes.trim() !== '') options.creationCodes = parseCreationCodes(envCodes);
  if (flags.metricsTokenFile !== undefined) {
    options.metricsToken = checkToken(readFlagFile(flags.metricsTokenFile, '--metrics-token-file').trim(), '--metrics-token-file');
  } else if (env['SECUREBASE_METRICS_TOKEN']) {
    options.metricsToken = checkToken(env['SECUREBASE_METRICS_TOKEN'].trim(), 'SECUREBASE_METRICS_TOKEN');
  }
  return options;
}
