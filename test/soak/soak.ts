/**
 * The relay soak: N honest couples writing at human pace while one hostile client per attack of
 * the hardening issue runs against the same relay (its own process, built dist, SQLite). Used by
 * the soak test (which asserts) and by `npm run bench` (which reports).
 *
 *   const figures = await runSoak({ pairs: 200, seconds: 120 });
 *   figures.honest.lostOnRelay; // 0
 *   figures.rssMiB;             // the relay's RSS curve, one sample per second
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServerProcess } from '../bench/server-process.js';
import type { LoopDelayFigures } from '../bench/loop-delay.js';
import { percentile, round } from '../bench/stats.js';
import { startHonestPairs, type HonestOutcome } from './honest-pairs.js';
import { startHostileClients, type AttackOutcome } from './hostile-clients.js';

export interface SoakOptions {
  pairs: number;
  seconds: number;
  /** Seed of the writing schedule. */
  seed?: number;
  /** Progress lines (stderr in the bench). */
  progress?: (line: string) => void;
}

export interface SoakFigures {
  pairs: number;
  seconds: number;
  honest: HonestOutcome;
  attacks: AttackOutcome[];
  /** The relay process's resident memory, one sample a second from the start of writing, MiB. */
  rssMiB: number[];
  /** Largest RSS minus the RSS when the attacks started, MiB. */
  rssGrowthMiB: number;
  /** Largest RSS in the second half of the run minus the RSS at its middle, MiB: drift once every attack is running. */
  rssDriftMiB: number;
  /** The relay's event-loop delay during the run, ms. */
  relayLoopDelayMs: LoopDelayFigures;
  /** /healthz answered in this many ms (p50 / p99 / max), polled four times a second. */
  healthzMs: { p50: number; p99: number; max: number };
  /** /healthz polls that got no healthy answer (must be 0). */
  healthzFailures: number;
  /** Relay CPU used during the run, as a share of one core. */
  relayCpuShare: number;
}

const MIB = 1024 * 1024;

/** Resident memory of process `pid` in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  // A process that has exited holds no memory (the run reports the relay's death by /healthz).
  if (!existsSync(`/proc/${pid}/status`)) return 0;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** CPU seconds (user + system) process `pid` has used (Linux /proc; clock ticks of 100 Hz). */
export function cpuSecondsOf(pid: number): number {
  if (!existsSync(`/proc/${pid}/stat`)) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * One /healthz poll: true for a healthy answer. A request that meets a keep-alive connection the
 * relay just closed fails at once without reaching it, so one such failure is retried on a new
 * connection; a relay that died or hung fails both.
 */
async function probeHealth(url: string, progress: (line: string) => void): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${url}/healthz`);
      await response.arrayBuffer();
      return response.ok;
    } catch (error) {
      progress(`soak: /healthz attempt ${attempt} failed: ${(error as Error).message} (${String((error as { cause?: unknown }).cause)})`);
      if (attempt === 2) return false;
    }
  }
}

/** Run the soak once; the relay and every client are gone when it resolves. */
export async function runSoak(opts: SoakOptions): Promise<SoakFigures> {
  const progress = opts.progress ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'securebase-soak-'));
  // Loopback is the reverse proxy: every simulated person names their own address.
  const relay = await startServerProcess('relay-server.ts', ['--data', dataDir, '--loop-delay', '--options', JSON.stringify({ trustProxy: ['127.0.0.1'] })]);
  let relayExit: string | undefined;
  void relay.exited.then(({ code, signal }) => {
    relayExit = `code ${code} signal ${signal}`;
    progress(`soak: the relay process exited (${relayExit})`);
  });
  try {
    progress(`soak: pairing ${opts.pairs} couples`);
    const honest = await startHonestPairs(relay.url, { pairs: opts.pairs, seed: opts.seed ?? 0x50a });
    progress('soak: writing at human pace, hostile clients starting');
    honest.startWriting();
    await sleep(5000);
    await relay.stats(); // drop the loop delay of pairing and warm-up
    const cpuStart = cpuSecondsOf(relay.pid);
    const started = performance.now();
    const rssAtStart = rssOf(relay.pid);
    const rss: number[] = [rssAtStart];
    const healthz: number[] = [];
    let healthzFailures = 0;
    const hostile = await startHostileClients(relay.url);
    // /healthz four times a second, the relay's RSS once a second.
    for (let tick = 1; performance.now() - started < opts.seconds * 1000; tick++) {
      await sleep(250);
      if (tick % 4 === 0) rss.push(rssOf(relay.pid));
      const asked = performance.now();
      const answered = await probeHealth(relay.url, progress);
      if (answered) healthz.push(performance.now() - asked);
      else healthzFailures += 1;
    }
    const elapsed = (performance.now() - started) / 1000;
    const cpu = cpuSecondsOf(relay.pid) - cpuStart;
    const noAnswer = { commitMs: [], loopDelayMs: { p50: Number.NaN, p99: Number.NaN, max: Number.NaN } };
    const { loopDelayMs } = await Promise.race([relay.stats(), sleep(10_000).then(() => noAnswer)]);
    progress('soak: stopping the attacks, verifying every couple');
    const attacks = await hostile.stop();
    const outcome = await honest.stopAndVerify();
    await honest.close();
    return {
      pairs: opts.pairs,
      seconds: opts.seconds,
      honest: outcome,
      attacks,
      rssMiB: rss.map((bytes) => round(bytes / MIB, 1)),
      rssGrowthMiB: round((Math.max(...rss) - rssAtStart) / MIB, 1),
      rssDriftMiB: round((Math.max(...rss.slice(Math.floor(rss.length / 2))) - (rss[Math.floor(rss.length / 2)] ?? 0)) / MIB, 1),
      relayLoopDelayMs: loopDelayMs,
      healthzFailures,
      healthzMs: { p50: round(percentile(healthz, 0.5)), p99: round(percentile(healthz, 0.99)), max: round(Math.max(...healthz)) },
      relayCpuShare: round(cpu / elapsed, 3),
    };
  } finally {
    await relay.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
