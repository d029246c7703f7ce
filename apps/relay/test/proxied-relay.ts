/**
 * A relay client that goes through a TLS proxy (test/services/nginx.ts) instead of straight to
 * one node: HTTP over node:https and WebSockets over wss://, both trusting the proxy's test
 * certificate. It has what pairing-fixtures.ts needs (clock, fetchJson, connect), so the same
 * pairing and handshake code runs through the load balancer.
 *
 *   const front = proxiedRelay(proxy);
 *   const c = await pairedCouple(front);
 *   const socket = await authenticated(front, c, c.alice.devices[0]);
 */
import { request } from 'node:https';
import type { RelayClient } from './pairing-fixtures.js';
import { FrameSocket } from './relay-harness.js';

export interface ProxiedRelay extends RelayClient {
  /** GET `path` and return the status, headers and raw body. */
  fetchRaw(path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>;
}

/** One HTTPS request trusting `caPem`. */
function httpsRequest(url: string, caPem: string, init: RequestInit = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  const body = typeof init.body === 'string' ? init.body : undefined;
  if (init.body !== undefined && init.body !== null && body === undefined) throw new Error('proxiedRelay sends string bodies only');
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers, ca: caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The relay behind `proxy`, as pairing-fixtures.ts sees a relay (the nodes run on the real clock). */
export function proxiedRelay(proxy: { httpsUrl: string; caPem: string }): ProxiedRelay {
  const fetchRaw = (path: string, init?: RequestInit) => httpsRequest(`${proxy.httpsUrl}${path}`, proxy.caPem, init);
  return {
    clock: {
      get now() {
        return Date.now();
      },
    },
    fetchRaw: (path) => fetchRaw(path),
    async fetchJson(path, init) {
      const answer = await fetchRaw(path, init);
      const text = answer.body.toString('utf8');
      return { status: answer.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    connect: (spaceId) => FrameSocket.open(`${proxy.httpsUrl.replace('https', 'wss')}/v1/spaces/${spaceId}/ws`, { ca: proxy.caPem }),
  };
}
