/**
 * Test harness for the relay's HTTP edge: a real relay on loopback started with the operator
 * options that relay-harness.ts does not pass (trusted proxies, allowed origins, creation codes,
 * a metrics token), log lines collected, and requests that can claim a client address through a
 * trusted-proxy `X-Forwarded-For` header.
 *
 *   const r = await startEdgeRelay({ trustProxy: ['127.0.0.1'] });
 *   const res = await r.request('/v1/spaces', { json: { genesis }, from: '198.51.100.7' });
 *   await r.stop();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay, type RunningRelay, type StartRelayOptions } from '../src/node.js';

export interface EdgeRelay {
  relay: RunningRelay;
  url: string;
  dataDir: string;
  logLines: string[];
  /** Current time of the relay's clock; tests may move it. */
  clock: { now: number };
  /** One request; `json` is POSTed as application/json; `from` sets X-Forwarded-For. */
  request(path: string, init?: EdgeRequest): Promise<EdgeResponse>;
  stop(): Promise<void>;
}

export interface EdgeRequest {
  method?: string;
  json?: unknown;
  from?: string;
  headers?: Record<string, string>;
}

export interface EdgeResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Start a relay in a fresh temp dir with `options` (port, dataDir, log and clock filled in). */
export async function startEdgeRelay(options: Omit<StartRelayOptions, 'port' | 'dataDir' | 'log' | 'now'> = {}): Promise<EdgeRelay> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-edge-'));
  const logLines: string[] = [];
  const clock = { now: Date.now() };
  const relay = await startRelay({
    webRoot: join(dataDir, 'no-web-app'),
    ...options,
    port: 0,
    dataDir,
    log: (line) => logLines.push(line),
    now: () => clock.now,
  });
  return {
    relay,
    url: relay.url,
    dataDir,
    logLines,
    clock,
    async request(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.json !== undefined) headers['content-type'] = 'application/json';
      if (init.from !== undefined) headers['x-forwarded-for'] = init.from;
      const response = await fetch(`${relay.url}${path}`, {
        method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
      const text = await response.text();
      let body: unknown = text;
      if (response.headers.get('content-type')?.includes('application/json')) body = JSON.parse(text) as unknown;
      return { status: response.status, headers: response.headers, body };
    },
    async stop() {
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
