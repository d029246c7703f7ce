/**
 * Runs a bench server (relay-server.ts or y-websocket-server.ts) in a child Node process, so the
 * server's event loop (for the relay: better-sqlite3's synchronous fsync) and the clients' (seal,
 * verify, Yjs) never block each other, as on a real deployment. The script is bundled to plain
 * JavaScript first (esbuild, packages left external), so the child is a bare `node`, as a real
 * node runs: under tsx's loader each server held ~27 MiB more, which the idle-memory figures
 * counted. Packages resolve without the `source` condition, so @securebase/* come from their
 * built dist (`scripts/pnpm run build`).
 *
 *   const server = await startServerProcess('relay-server.ts', ['--data', dir]);
 *   ... connect clients to server.url ...
 *   const { commitMs, loopDelayMs } = await server.stats();
 *   await server.close();
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { LoopDelayFigures } from './loop-delay.js';

/** What the bench asks a server process. */
export type ServerRequest = { type: 'stats' } | { type: 'close' };
/** What a server process answers. */
export type ServerReply = { type: 'listening'; url: string } | { type: 'stats'; commitMs: number[]; loopDelayMs: LoopDelayFigures };

export interface ServerProcess {
  /** Base URL, http://127.0.0.1:PORT */
  url: string;
  pid: number;
  /** Per-commit durations measured in the server (relay with --breakdown), since the last call. */
  stats(): Promise<{ commitMs: number[]; loopDelayMs: LoopDelayFigures }>;
  /** Ask the server to close; kill it if it has not exited within 5 s. */
  close(): Promise<void>;
  /** Resolves when the process exits, with its exit code or signal (a crash shows here). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Fork `script` (a file next to this one) with `args`; resolves once it listens. */
export async function startServerProcess(script: string, args: string[]): Promise<ServerProcess> {
  const child = fork(bundled(script), args, { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`${script} exited (${code}) before listening`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.once('message', (reply: ServerReply) => {
      child.off('exit', onExit);
      if (reply.type === 'listening') resolve(reply.url);
      else reject(new Error(`${script}: unexpected first message ${reply.type}`));
    });
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    url,
    pid: child.pid ?? -1,
    exited,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (reply: ServerReply) =>
          resolve(reply.type === 'stats' ? reply : { commitMs: [], loopDelayMs: { p50: 0, p99: 0, max: 0 } }),
        );
        child.send({ type: 'stats' } satisfies ServerRequest);
      }),
    close: () => closeChild(child),
  };
}

/** Scripts bundled so far in this run, each once. */
const bundles = new Map<string, string>();
/** Inside the workspace's node_modules, so the bundles' bare imports resolve as the sources' do. */
const BUNDLE_DIR = fileURLToPath(new URL('../../node_modules/.cache/securebase-bench', import.meta.url));

/** `script` (next to this file) and the bench files it imports as one .mjs; packages stay imports. */
function bundled(script: string): string {
  const known = bundles.get(script);
  if (known) return known;
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const outfile = join(BUNDLE_DIR, script.replace(/\.ts$/, '.mjs'));
  buildSync({ entryPoints: [fileURLToPath(new URL(script, import.meta.url))], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  bundles.set(script, outfile);
  return outfile;
}

function closeChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // Killing our own child by its handle (never by name) if it ignores the request.
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.send({ type: 'close' } satisfies ServerRequest);
  });
}
