/**
 * Three relay nodes behind the load balancer, for the browser tests (issue 14): each node a
 * separate process started with the real entry and flags (apps/relay/src/main.ts, as deployed),
 * all on one private PostgreSQL and one private Redis bus, behind a private nginx running
 * infra/nginx/securebase.conf over TLS (a self-signed certificate for localhost). Every node
 * serves the same built web app. nginx sends each new WebSocket to the node holding the fewest
 * (least_conn), so while one partner's page is connected the other's lands on another node; which
 * node holds how many sessions is read from each node's own /metrics, straight from the node.
 *
 *   const cluster = await startRelayCluster({ webRoot: WEB_ROOT });
 *   await page.goto(cluster.url);                       // https://localhost:PORT/ (through nginx)
 *   expect(await cluster.settledSessions(2)).toEqual([1, 1, 0]);
 *   await cluster.close();
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelayNode, type RelayNode } from '../../../apps/relay/test/relay-node-process.js';
import { startPrivateNginx, type PrivateNginx } from '../../services/nginx.js';
import { startPrivatePostgres, type PrivatePostgres } from '../../services/postgres.js';
import { startPrivateRedis, type PrivateRedis } from '../../services/redis.js';

/** Random per run: /metrics is off without a token, and nothing else should scrape this one. */
const METRICS_TOKEN = `cluster-${Math.random().toString(36).slice(2)}-metrics`;

export interface RelayClusterOptions {
  /** The built web app every node serves. */
  webRoot: string;
  /** How many relay nodes (default 3). */
  nodes?: number;
}

export interface RelayCluster {
  /** The load balancer's address, e.g. https://localhost:40123/ (the only one pages should use). */
  url: string;
  /** The relay nodes, each reachable directly at its own http://127.0.0.1:PORT. */
  nodes: RelayNode[];
  proxy: PrivateNginx;
  /** Authenticated WebSocket sessions each node holds now (index = node), from its own /metrics. */
  sessionsPerNode(): Promise<number[]>;
  /** Poll until the sessions of all nodes add up to `total`; then the per-node counts. */
  settledSessions(total: number, timeoutMs?: number): Promise<number[]>;
  /** A counter or gauge of one node's /metrics (summed over its labels), e.g. 'securebase_commit_seconds_count'. */
  metric(node: number, name: string): Promise<number>;
  /** Stop the nodes (SIGTERM), nginx, Redis and PostgreSQL, and delete their files. */
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Start PostgreSQL, Redis, the nodes and nginx; resolves once nginx accepts TLS connections. */
export async function startRelayCluster(options: RelayClusterOptions): Promise<RelayCluster> {
  const count = options.nodes ?? 3;
  const dir = await mkdtemp(join(tmpdir(), 'securebase-cluster-'));
  const tokenFile = join(dir, 'metrics-token');
  await writeFile(tokenFile, `${METRICS_TOKEN}\n`, { mode: 0o600 });
  let postgres: PrivatePostgres | undefined;
  let redis: PrivateRedis | undefined;
  let proxy: PrivateNginx | undefined;
  const nodes: RelayNode[] = [];

  const close = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.stop()));
    await proxy?.stop();
    await Promise.all([postgres?.stop(), redis?.stop()]);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
    // As compose and Kubernetes pass them: the database and the bus by environment, the rest by flag.
    const env = { SECUREBASE_DATABASE_URL: postgres.url, SECUREBASE_BUS_URL: redis.url, SECUREBASE_WEB_ROOT: options.webRoot };
    for (let i = 1; i <= count; i++) {
      // One at a time: the first node migrates the schema, the others find it done.
      const flags = ['--port', '0', '--node-id', `relay-${i}`, '--trust-proxy', '127.0.0.1', '--metrics-token-file', tokenFile];
      nodes.push(await startRelayNode({ flags, env }));
    }
    proxy = await startPrivateNginx({ upstreams: nodes.map((node) => `127.0.0.1:${node.port}`) });
  } catch (error) {
    await close();
    throw error;
  }

  const metricsText = async (node: RelayNode): Promise<string | undefined> => {
    // The test, nginx and every page come from 127.0.0.1, so they share one address's HTTP
    // budget (shared across the nodes through Redis): a scrape refused for it waits and asks again.
    for (let attempt = 0; ; attempt++) {
      // A stopped node answers nothing: it holds no sessions.
      const response = await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).catch(() => undefined);
      if (!response) return undefined;
      if (response.status !== 429 || attempt >= 20) return response.text();
      await response.body?.cancel();
      await sleep(Math.min(5_000, 1_000 * Math.max(1, Number(response.headers.get('retry-after')) || 1)));
    }
  };

  const metric = async (index: number, name: string): Promise<number> => {
    const node = nodes[index];
    if (!node) throw new Error(`no relay node ${index}`);
    const text = await metricsText(node);
    if (text === undefined) return 0;
    let sum = 0;
    let found = false;
    for (const line of text.split('\n')) {
      const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
      if (match?.[1] !== name) continue;
      found = true;
      sum += Number(match[3]);
    }
    // A labelled series with no samples yet shows only its HELP line: zero, not a typo.
    const family = name.replace(/_(count|sum|bucket)$/, '');
    if (!found && !text.includes(`# HELP ${family} `)) throw new Error(`no ${name} in /metrics of relay node ${index}`);
    return sum;
  };

  const sessionsPerNode = (): Promise<number[]> => Promise.all(nodes.map((_, i) => metric(i, 'securebase_connections')));

  return {
    url: `${proxy.httpsUrl}/`,
    nodes,
    proxy,
    sessionsPerNode,
    async settledSessions(total, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const counts = await sessionsPerNode();
        if (counts.reduce((a, b) => a + b, 0) === total) return counts;
        if (Date.now() > deadline) throw new Error(`sessions per node ${counts.join('/')} never added up to ${total}`);
        // Not faster: each round is three scrapes out of the address's shared HTTP budget.
        await sleep(400);
      }
    },
    metric,
    close,
  };
}
