/**
 * A private PostgreSQL for one test file: Debian's server binaries (/usr/lib/postgresql/<v>/bin,
 * installed by scripts/ensure-services), `initdb` into a temporary directory, listening on a free
 * port of 127.0.0.1 only. PostgreSQL refuses to run as root, so as root it runs as an unprivileged
 * user through `runuser` (Debian's `postgres` user, or a system user created for it). Private, so
 * tests may kill and restart it; the machine's own server on 5432 is never touched.
 *
 *   const pg = await startPrivatePostgres();
 *   const pool = new pg.Pool({ connectionString: db.url });
 *   await db.kill('SIGKILL'); await db.restart();   // a crash, then the server is back
 *   await db.stop();                                // and its directory is gone
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** postgres://… of the `postgres` database, as the `postgres` superuser (trust auth, local only). */
  url: string;
  port: number;
  /** Stop the server (fast shutdown) and delete its directory. */
  stop(): Promise<void>;
  /** Send `signal` to the postmaster (SIGKILL: a crash; SIGINT: fast; SIGQUIT: immediate shutdown). */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Start it again on the same port and data (after kill or a stop mode of your own). */
  restart(): Promise<void>;
  /** Stop it with pg_ctl's mode, keeping the data (restart() brings it back). */
  shutdown(mode: 'fast' | 'immediate'): Promise<void>;
}

/** The newest Debian PostgreSQL server binaries, or undefined. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')) && existsSync(join(root, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const SERVICE_USER = 'securebase-test';

/** The user the server runs as when we are root: Debian's `postgres`, else a system user made now. */
function serviceUser(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', SERVICE_USER]) {
    try {
      execFileSync('id', ['-u', name], { stdio: 'ignore' });
      return name;
    } catch {
      // Not there: try the next one.
    }
  }
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_USER], { stdio: 'ignore' });
  return SERVICE_USER;
}

function idsOf(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Start a private PostgreSQL; resolves once it accepts connections. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: run scripts/ensure-services');
  const user = serviceUser();
  const dir = mkdtempSync(join(tmpdir(), 'securebase-pg-'));
  if (user) {
    const { uid, gid } = idsOf(user);
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const port = await freePort();
  const as = (command: string, args: string[]): [string, string[]] => (user ? ['runuser', ['-u', user, '--', command, ...args]] : [command, args]);

  const [initCommand, initArgs] = as(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  await run(initCommand, initArgs);

  // Unix sockets in the private directory, TCP on 127.0.0.1 only; a small server is enough.
  // fsync=off: commits still reach the OS before they return, so killing the server (even -9)
  // loses nothing committed; only a machine crash would, and a test server does not care.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=32MB -c fsync=off`;
  const start = async (): Promise<void> => {
    const [command, args] = as(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '30', '-o', serverOptions, 'start']);
    // A crashed postmaster's backends may take a moment to notice and exit: retry the start.
    for (let attempt = 1; ; attempt++) {
      try {
        await run(command, args);
        return;
      } catch (error) {
        if (attempt >= 20) throw new Error(`private PostgreSQL did not start: ${String(error)}\n${readLog(log)}`);
        await sleep(250);
      }
    }
  };
  const ctl = async (mode: 'fast' | 'immediate'): Promise<void> => {
    const [command, args] = as(join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']);
    await run(command, args);
  };
  const postmasterPid = (): number | undefined => {
    const pidFile = join(data, 'postmaster.pid');
    if (!existsSync(pidFile)) return undefined;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  };
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  await start();
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async kill(signal) {
      const pid = postmasterPid();
      if (pid === undefined) return;
      process.kill(pid, signal);
      for (let waited = 0; alive(pid) && waited < 10_000; waited += 50) await sleep(50);
    },
    restart: start,
    shutdown: ctl,
    async stop() {
      if (stopped) return;
      stopped = true;
      const pid = postmasterPid();
      if (pid !== undefined && alive(pid)) await ctl('fast').catch(() => process.kill(pid, 'SIGKILL'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '(no server log)';
  }
}
