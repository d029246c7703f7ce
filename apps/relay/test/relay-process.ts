/**
 * Runs a relay in a child process (relay-process-main.ts) so a test can read that process's own
 * resident memory and CPU time from /proc while it attacks the relay over loopback.
 *
 *   const relay = await startRelayProcess({ limits: { maxConnectionsPerSpace: 64 } });
 *   const before = relay.rssBytes();
 *   ... attack relay.url ...
 *   expect(relay.rssBytes() - before).toBeLessThan(64 * 1024 * 1024);
 *   await relay.stop();
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RelayLimits } from '../src/limits.js';

export interface RelayProcess {
  url: string;
  pid: number;
  /** The child's resident set size now (VmRSS). */
  rssBytes(): number;
  /** CPU time the child has used so far, user + system, in seconds. */
  cpuSeconds(): number;
  /** SIGTERM the child (SIGKILL after 5 s) and remove its data dir. */
  stop(): Promise<void>;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on every Linux we run on). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Start a relay child process with `limits`; resolves once it listens. */
export async function startRelayProcess(options: { limits?: Partial<RelayLimits> } = {}): Promise<RelayProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-process-'));
  const main = fileURLToPath(new URL('./relay-process-main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', main, JSON.stringify({ dataDir, limits: options.limits })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`relay process exited (${code}) before listening`));
    child.once('exit', onExit);
    createInterface({ input: child.stdout }).once('line', (line) => {
      child.off('exit', onExit);
      resolve((JSON.parse(line) as { url: string }).url);
    });
  });
  const pid = child.pid ?? -1;
  return {
    url,
    pid,
    rssBytes() {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (!match?.[1]) throw new Error('no VmRSS line');
      return Number(match[1]) * 1024;
    },
    cpuSeconds() {
      // Fields after the command name (which is in parentheses and may hold spaces): utime and stime are 14 and 15.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // Our own child, by its handle: never by name.
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(kill);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
