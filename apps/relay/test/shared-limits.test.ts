// Per-address budgets shared across relay nodes through the bus's Redis (http/shared-limits.ts):
// three real relay nodes on one private PostgreSQL and Redis, behind a trusted "proxy" (the test
// sets X-Forwarded-For). One address spread over the nodes gets the one-node budget, then a typed
// 429 with Retry-After on every node; other addresses are unaffected; Redis keeps no address; and
// with Redis gone every node still answers, on its own budget.
import './pg-under-vitest.js';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres, type PrivatePostgres } from '../../../test/services/postgres.js';
import { startPrivateRedis, type PrivateRedis } from '../../../test/services/redis.js';
import { startTestRelay, type TestRelay } from './relay-harness.js';

const BUDGET = 9;
let postgres: PrivatePostgres;
let redis: PrivateRedis;
let nodes: TestRelay[] = [];
let databases = 0;

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
}, 60_000);
afterEach(async () => {
  for (const node of nodes) await node.stop();
  nodes = [];
});
afterAll(async () => {
  await redis.stop();
  await postgres.stop();
});

async function threeNodes(): Promise<TestRelay[]> {
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  const name = `limits_${++databases}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = postgres.url.replace(/\/postgres$/, `/${name}`);
  for (let i = 1; i <= 3; i++) {
    nodes.push(await startTestRelay({ databaseUrl, busUrl: redis.url, nodeId: `node-${i}`, trustProxy: ['127.0.0.1'], limits: { httpRequestsPerMinute: BUDGET } }));
  }
  return nodes;
}

/** One request of `client` to `node`: its status, error code and Retry-After. */
async function request(node: TestRelay, client: string): Promise<{ status: number; code: string | undefined; retryAfter: string | null }> {
  const response = await fetch(`${node.relay.url}/v1/spaces/AAAAAAAAAAAAAAAAAAAAAA/membership`, { headers: { 'x-forwarded-for': client } });
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
  return { status: response.status, code: body?.error?.code, retryAfter: response.headers.get('retry-after') };
}

describe('rate limits shared across nodes', () => {
  it('one address over three nodes gets exactly the one-node budget; other addresses are unaffected', async () => {
    const all = await threeNodes();
    const client = '198.51.100.7';
    for (let i = 0; i < BUDGET; i++) {
      const answer = await request(all[i % 3] as TestRelay, client);
      expect(answer.status, `request ${i + 1}`).not.toBe(429);
    }
    for (const node of all) {
      const refused = await request(node, client);
      expect(refused).toMatchObject({ status: 429, code: 'rate-limited' });
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    for (const node of all) expect((await request(node, '203.0.113.9')).status).not.toBe(429);
    // Redis holds HMACs of addresses, never the addresses.
    const keys = await redis.cli(['KEYS', 'securebase:limit:*']);
    expect(keys).toContain('securebase:limit:http');
    expect(keys).not.toContain('198.51.100.7');
    expect(keys).not.toContain('203.0.113.9');
  });

  it('with Redis gone every node still answers, each on its own budget, and no node crashes', async () => {
    const all = await threeNodes();
    await redis.kill();
    try {
      const client = '198.51.100.8';
      for (const node of all) {
        for (let i = 0; i < BUDGET; i++) expect((await request(node, client)).status).not.toBe(429);
        expect(await request(node, client)).toMatchObject({ status: 429, code: 'rate-limited' });
      }
    } finally {
      await redis.restart();
    }
    for (const node of all) expect((await request(node, '203.0.113.10')).status).not.toBe(429);
  });
});
