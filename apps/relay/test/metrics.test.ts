// GET /metrics ("operators can see abuse without seeing people"): Prometheus text behind a bearer
// token, off (404, saying how to turn it on) without one; counters move with traffic, and the
// text never holds a space id, a device key or a client address.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readyCrypto } from '@securebase/crypto';
import { toBase64Url } from '@securebase/protocol';
import { createPromMetrics } from '../src/prom-metrics.js';
import { startEdgeRelay, type EdgeRelay } from './edge-relay.js';
import { newInvite, newSpace } from './fixtures.js';

const TOKEN = 'metrics-token-for-the-test-0123456789';
const HOUR = 60 * 60 * 1000;

let relays: EdgeRelay[] = [];
beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  for (const relay of relays) await relay.stop();
  relays = [];
});

async function relay(options: Parameters<typeof startEdgeRelay>[0] = {}): Promise<EdgeRelay> {
  const started = await startEdgeRelay(options);
  relays.push(started);
  return started;
}

const scrape = async (r: EdgeRelay): Promise<string> => {
  const res = await r.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return String(res.body);
};

/** The value of one sample line, e.g. value(text, 'securebase_spaces'). */
function value(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? Number.NaN : Number(line.slice(sample.length + 1));
}

describe('GET /metrics', () => {
  it('is off without a token, and says how to turn it on', async () => {
    const r = await relay();
    const res = await r.request('/metrics');
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).toContain('--metrics-token-file');
  });

  it('needs the bearer token', async () => {
    const r = await relay({ metricsToken: TOKEN });
    expect((await r.request('/metrics')).status).toBe(401);
    expect((await r.request('/metrics', { headers: { authorization: 'Bearer wrong-token-of-the-same-length-012345' } })).status).toBe(401);
    expect((await r.request('/metrics', { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401);
  });

  it('counts traffic and refusals without ids, keys or addresses', async () => {
    const r = await relay({ metricsToken: TOKEN, trustProxy: ['127.0.0.1'], limits: { spaceCreationsPerHour: 1 } });
    const address = '203.0.113.77';
    const space = newSpace(r.clock.now);
    expect((await r.request('/v1/spaces', { json: { genesis: toBase64Url(space.genesis) }, from: address })).status).toBe(201);
    expect((await r.request('/v1/spaces', { json: { genesis: toBase64Url(newSpace().genesis) }, from: address })).status).toBe(429);
    const invite = newInvite(space, { expiresAt: r.clock.now + HOUR });
    const body = { certificate: toBase64Url(invite.encodedCertificate), payload: toBase64Url(invite.payload) };
    await r.request(`/v1/spaces/${space.spaceId}/invites`, { json: body, from: address });
    await r.request(`/v1/invites/${invite.certificate.inviteId}`, { from: address });
    const ws = new WebSocket(`${r.url.replace('http', 'ws')}/v1/spaces/${space.spaceId}/ws`, { headers: { 'x-forwarded-for': address } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });

    const text = await scrape(r);
    expect(value(text, 'securebase_spaces')).toBe(1);
    expect(value(text, 'securebase_stored_bytes')).toBeGreaterThan(0);
    expect(value(text, 'securebase_sockets_open')).toBe(1);
    expect(value(text, 'securebase_rate_limited_total{kind="create-space"}')).toBe(1);
    expect(value(text, 'securebase_http_requests_total{method="POST",route="/v1/spaces",status="2xx"}')).toBe(1);
    expect(value(text, 'securebase_http_requests_total{method="POST",route="/v1/spaces",status="4xx"}')).toBe(1);
    expect(value(text, 'securebase_http_requests_total{method="GET",route="/v1/invites/:inviteId",status="2xx"}')).toBe(1);
    // Process metrics and event-loop delay come from prom-client's default collectors.
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
    for (const secret of [space.spaceId, toBase64Url(space.owner.signPublicKey), invite.certificate.inviteId, address, '127.0.0.1']) {
      expect(text, secret).not.toContain(secret);
    }
    ws.terminate();
  });

  it('gives each relay its own registry, so relays in one process do not clash', async () => {
    const [a, b] = [await relay({ metricsToken: TOKEN }), await relay({ metricsToken: TOKEN })];
    await a.request('/v1/spaces', { json: { genesis: toBase64Url(newSpace().genesis) } });
    expect(value(await scrape(a), 'securebase_spaces')).toBe(1);
    expect(value(await scrape(b), 'securebase_spaces')).toBe(0);
  });
});

describe('createPromMetrics', () => {
  it('exports every RelayMetrics figure', async () => {
    const metrics = createPromMetrics({ totals: () => ({ spaces: 2, bytes: 300 }) });
    metrics.connectionDelta(1);
    metrics.connectionDelta(1);
    metrics.connectionDelta(-1);
    metrics.frame('in', 10);
    metrics.frame('out', 25);
    metrics.frame('out', 5);
    metrics.commitSeconds(0.003);
    metrics.commitBatch(3);
    metrics.limitHit('outbound-budget');
    metrics.rateLimited('ws-frames');
    metrics.authFailure();
    metrics.catchUpBacklogDelta(4096);
    metrics.catchUpBacklogDelta(-1024);
    const text = await metrics.render();
    expect(value(text, 'securebase_connections')).toBe(1);
    expect(value(text, 'securebase_frames_total{direction="out"}')).toBe(2);
    expect(value(text, 'securebase_frame_bytes_total{direction="out"}')).toBe(30);
    expect(value(text, 'securebase_frame_bytes_total{direction="in"}')).toBe(10);
    expect(value(text, 'securebase_commit_seconds_count')).toBe(1);
    expect(value(text, 'securebase_commit_seconds_bucket{le="0.005"}')).toBe(1);
    expect(value(text, 'securebase_commit_batch_size_bucket{le="2"}')).toBe(0);
    expect(value(text, 'securebase_commit_batch_size_bucket{le="4"}')).toBe(1);
    expect(value(text, 'securebase_limit_hits_total{kind="outbound-budget"}')).toBe(1);
    expect(value(text, 'securebase_rate_limited_total{kind="ws-frames"}')).toBe(1);
    expect(value(text, 'securebase_auth_failures_total')).toBe(1);
    expect(value(text, 'securebase_catch_up_backlog_bytes')).toBe(3072);
    expect(value(text, 'securebase_spaces')).toBe(2);
    expect(value(text, 'securebase_stored_bytes')).toBe(300);
  });

  it('folds unknown HTTP methods into one label value', async () => {
    const metrics = createPromMetrics({ totals: () => ({ spaces: 0, bytes: 0 }) });
    metrics.httpRequest('BREW', '/*', 404);
    expect(value(await metrics.render(), 'securebase_http_requests_total{method="other",route="/*",status="4xx"}')).toBe(1);
  });
});
