/**
 * The scale-out bench's servers: a private PostgreSQL and Redis (test/services), three Secure Base
 * relay nodes on them, each its own process from the built dist (relay-server.ts with
 * --database/--bus/--node-id given as startRelay options), and the CPU each server-side process
 * used, so throughput can be divided by the cores it took.
 *
 * The nodes' per-address and per-space limits are raised: every bench client comes from
 * 127.0.0.1, which the defaults rightly treat as one person.
 *
 *   const cluster = await startCluster();
 *   const cpu = cluster.cpuSeconds();      // relay nodes + PostgreSQL + Redis, so far
 *   await cluster.redis.cli(['INFO', 'commandstats']);
 *   await cluster.close();
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RelayLimits } from '@securebase/relay';
import { startPrivatePostgres, type PrivatePostgres } from '../services/postgres.js';
import { startPrivateRedis, type PrivateRedis } from '../services/redis.js';
import { cpuSecondsOf } from '../soak/soak.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/** Limits of the bench's nodes: the defaults, less those one client address would hit at once. */
export const BENCH_LIMITS: Partial<RelayLimits> = {
  maxConnections: 20_000,
  maxConnectionsPerSpace: 64,
  connectionsPerAddress: 20_000,
  wsConnectsPerMinute: 1_000_000,
  httpRequestsPerMinute: 1_000_000,
  spaceCreationsPerHour: 1_000_000,
  inviteCreationsPerHour: 1_000_000,
  maxFramesPerSecond: 100_000,
  frameBurst: 100_000,
};

export interface ServerCpu {
  relay: number;
  postgres: number;
  redis: number;
}

export interface Cluster {
  postgres: PrivatePostgres;
  redis: PrivateRedis;
  nodes: ServerProcess[];
  /** Node `index`'s /metrics as name → value (unlabelled series; labelled ones under `name{labels}`). */
  metrics(index: number): Promise<Map<string, number>>;
  /** CPU seconds used so far by the relay nodes, PostgreSQL (every backend) and Redis. */
  cpuSeconds(): ServerCpu;
  close(): Promise<void>;
}

/** Start PostgreSQL, Redis and `count` relay nodes (node-1 …) on them. */
export async function startCluster(count: number): Promise<Cluster> {
  const [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  const dataDir = mkdtempSync(join(tmpdir(), 'securebase-cluster-bench-'));
  const nodes: ServerProcess[] = [];
  // /metrics on, for the idle run's heap and connection figures; a fresh token each run.
  const metricsToken = randomBytes(24).toString('hex');
  for (let i = 1; i <= count; i++) {
    const options = { databaseUrl: postgres.url, busUrl: redis.url, nodeId: `node-${i}`, limits: BENCH_LIMITS, metricsToken };
    nodes.push(await startServerProcess('relay-server.ts', ['--data', dataDir, '--options', JSON.stringify(options)]));
  }
  const cpuOf = (pids: number[]): number => pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  return {
    postgres,
    redis,
    nodes,
    async metrics(index) {
      const response = await fetch(`${nodes[index]!.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
      if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
      const series = new Map<string, number>();
      for (const line of (await response.text()).split('\n')) {
        const match = /^([a-z_:]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
        if (match) series.set(match[1]!, Number(match[2]));
      }
      return series;
    },
    cpuSeconds: () => ({
      relay: cpuOf(nodes.map((n) => n.pid)),
      postgres: cpuOf(processesListeningOn(postgres.port)),
      redis: cpuOf(processesListeningOn(redis.port)),
    }),
    async close() {
      await Promise.all(nodes.map((n) => n.close()));
      await Promise.all([postgres.stop(), redis.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The server started with `port` on its command line and all its descendants (PostgreSQL's
 * backends are children of the postmaster), found through /proc: the service helpers do not hand
 * out pids, and the CPU of a backend is only readable while it lives (pools keep them open).
 */
export function processesListeningOn(port: number): number[] {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  const parentOf = new Map<number, number>();
  const roots: number[] = [];
  for (const pid of pids) {
    const stat = readProc(pid, 'stat');
    const cmdline = readProc(pid, 'cmdline').split('\0');
    if (!stat) continue;
    parentOf.set(pid, Number(stat.split(') ')[1]?.split(' ')[1]));
    const named = cmdline.some((arg, i) => (arg === '-p' || arg === '--port') && cmdline[i + 1] === String(port)) || cmdline[0]?.endsWith(`127.0.0.1:${port}`);
    if (named) roots.push(pid);
  }
  const within = (pid: number): boolean => {
    for (let p: number | undefined = pid, depth = 0; p !== undefined && p > 1 && depth < 8; p = parentOf.get(p), depth++) if (roots.includes(p)) return true;
    return false;
  };
  return pids.filter(within);
}

function readProc(pid: number, file: string): string {
  const path = `/proc/${pid}/${file}`;
  if (!existsSync(path)) return '';
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // A process that exits between the listing and the read has nothing left to count.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH') return '';
    throw error;
  }
}
