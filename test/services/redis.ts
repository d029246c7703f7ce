/**
 * A private Redis for one test file: Debian's `redis-server` (installed by scripts/ensure-services)
 * on a free port of 127.0.0.1, in a temporary directory, keeping nothing on disk (`--save ''
 * --appendonly no`: a restart starts empty, as a bus may). Private, so tests may kill and restart
 * it; the machine's own Redis (if any) is never touched.
 *
 *   const redis = await startPrivateRedis();
 *   await startRelay({ databaseUrl, busUrl: redis.url });
 *   await redis.kill();  await redis.restart();   // the bus goes away, then comes back (empty)
 *   await redis.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './postgres.js';

export interface PrivateRedis {
  /** redis://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Kill the server with SIGKILL and wait until it has exited. */
  kill(): Promise<void>;
  /** Start it again on the same port (empty). */
  restart(): Promise<void>;
  /** Send one command through redis-cli and return its output (e.g. ['CLIENT', 'KILL', …]). */
  cli(args: string[]): Promise<string>;
  /** Stop it and delete its directory. */
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** True once something accepts TCP connections on the port. */
function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}: ${out}`))));
  });
}

/** Start a private Redis; resolves once it accepts connections. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'securebase-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--logfile', join(dir, 'server.log')],
      { stdio: 'ignore' },
    );
    await new Promise<void>((resolve, reject) => {
      server.once('spawn', resolve);
      server.once('error', (error) => reject(new Error(`redis-server did not start (run scripts/ensure-services): ${error.message}`)));
    });
    child = server;
    for (let waited = 0; !(await accepting(port)); waited += 50) {
      if (waited > 10_000 || server.exitCode !== null) throw new Error('private Redis did not start accepting connections');
      await sleep(50);
    }
  };
  const kill = async (): Promise<void> => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    restart: start,
    cli: (args) => run('redis-cli', ['-p', String(port), ...args]),
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
