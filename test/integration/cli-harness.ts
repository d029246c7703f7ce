/**
 * Drives the real, built `securebase` CLI as child processes, and runs real relays the same
 * way (`securebase relay --port 0`), so these tests exercise exactly what a person runs.
 *
 *   const relay = await startRelayProcess(dataDir);
 *   const alice = profileIn(tmp, 'alice');
 *   const r = await sb(['init', '--relay', relay.url, '--name', 'Sam'], { profile: alice });
 *   await relay.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CLI_MAIN = join(REPO_ROOT, 'apps/cli/dist/main.js');

/** Fail with instructions (not a confusing spawn error) when the CLI has not been built. */
export function assertCliBuilt(): void {
  if (!existsSync(CLI_MAIN)) {
    throw new Error(
      `The CLI is not built (${CLI_MAIN} is missing). Build it first: cd ${REPO_ROOT} && npx -y pnpm@10.34.8 turbo run build --filter=@securebase/cli...`,
    );
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  profile?: string;
  env?: Record<string, string>;
}

/** A temp directory removed by the returned cleanup function. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `securebase-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** An environment that can never reach a real profile or relay of the person running tests. */
function isolatedEnv(extra: Record<string, string> | undefined, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
  delete env.SECUREBASE_PROFILE;
  delete env.SECUREBASE_RELAY;
  delete env.SECUREBASE_DEBUG;
  // The tests read the CLI's English; a machine whose LANG is de_DE must not change that.
  return { ...env, SECUREBASE_TIMEOUT_MS: '8000', SECUREBASE_LANG: 'en', ...extra };
}

let fallbackHome: string | undefined;
async function homeDir(): Promise<string> {
  fallbackHome ??= await mkdtemp(join(tmpdir(), 'securebase-home-'));
  return fallbackHome;
}

/** Run `securebase ARGS` to completion. */
export async function sb(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const profileArgs = opts.profile ? ['--profile', opts.profile] : [];
  const child = spawn(process.execPath, [CLI_MAIN, ...profileArgs, ...args], {
    env: isolatedEnv(opts.env, await homeDir()),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child);
}

/** Run any executable to completion (for the scripts/securebase wrapper). */
export async function run(file: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const child = spawn(file, args, { env: isolatedEnv(opts.env, await homeDir()), stdio: ['ignore', 'pipe', 'pipe'] });
  return collect(child);
}

function collect(child: ChildProcess): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((done, reject) => {
    child.once('error', reject);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A `securebase` command still running, whose output can be watched line by line. */
export interface RunningCommand {
  /** Resolves with the first complete stdout line that matches (rejects if the command exits first). */
  stdoutLine(match: RegExp): Promise<string>;
  /** Resolves once the command has exited. */
  finished: Promise<RunResult>;
  /** SIGTERM (if still running), then the result. */
  stop(): Promise<RunResult>;
}

/** Start `securebase ARGS` without waiting for it (for `device link`, which waits for a peer). */
export async function startSb(args: string[], opts: RunOptions = {}): Promise<RunningCommand> {
  const profileArgs = opts.profile ? ['--profile', opts.profile] : [];
  const child = spawn(process.execPath, [CLI_MAIN, ...profileArgs, ...args], {
    env: isolatedEnv(opts.env, await homeDir()),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exitCode: number | null | undefined;
  const watchers = new Set<() => void>();
  const notify = (): void => watchers.forEach((check) => check());
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const finished = new Promise<RunResult>((done, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      exitCode = code;
      notify();
      done({ code, stdout, stderr });
    });
  });
  return {
    stdoutLine: (match) =>
      new Promise<string>((done, reject) => {
        const check = (): void => {
          const line = stdout.split('\n').slice(0, -1).find((l) => match.test(l));
          if (line !== undefined || exitCode !== undefined) watchers.delete(check);
          if (line !== undefined) done(line);
          else if (exitCode !== undefined) reject(new Error(`securebase ${args.join(' ')} exited (${exitCode}) before printing ${match}: ${stderr.trim()}`));
        };
        watchers.add(check);
        check();
      }),
    finished,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return finished;
    },
  };
}

export interface RelayProcess {
  url: string;
  port: number;
  /** Everything the relay process wrote so far. */
  output(): { stdout: string; stderr: string };
  /** SIGTERM, then resolve with the exit code once it has exited. */
  stop(): Promise<number | null>;
}

/** Start `securebase relay --port PORT --data DIR` and wait for its ready line. */
export async function startRelayProcess(dataDir: string, port = 0): Promise<RelayProcess> {
  const child = spawn(process.execPath, [CLI_MAIN, 'relay', '--port', String(port), '--data', dataDir], {
    env: isolatedEnv(undefined, await homeDir()),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((done, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^Secure Base relay listening on (http:\/\/\S+)$/m.exec(stdout);
      if (match) done(match[1] as string);
    });
    void exited.then((code) => reject(new Error(`relay exited (${code}) before it was ready: ${stderr}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    output: () => ({ stdout, stderr }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Every regular file under `dir`, recursively. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Mode bits (e.g. 0o600) of a path. */
export async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

/** Run a command that must succeed; on failure the error shows what the CLI said. */
export async function sbOk(args: string[], opts: RunOptions = {}): Promise<string> {
  const result = await sb(args, opts);
  if (result.code !== 0) {
    throw new Error(`securebase ${args[0] ?? ''} exited ${result.code}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** Two partners in separate profiles under `root`: Alice creates the space, Bob joins it. */
export async function setUpPair(
  relayUrl: string,
  root: string,
  names: { alice: string; bob: string } = { alice: 'Sam', bob: 'Alex' },
): Promise<{ alice: string; bob: string; spaceId: string }> {
  const alice = join(root, 'alice');
  const bob = join(root, 'bob');
  const spaceId = (await sbOk(['init', '--relay', relayUrl, '--name', names.alice], { profile: alice })).trim();
  const link = (await sbOk(['invite'], { profile: alice })).trim();
  const joined = (await sbOk(['join', link, '--name', names.bob], { profile: bob })).trim();
  if (joined !== spaceId) throw new Error('join printed another space id than init');
  return { alice, bob, spaceId };
}

/**
 * Link a new CLI device (a fresh profile `next`) to the partner who owns `existing`: run
 * `device link` there, read the code from its last stdout line, and `device join` with it.
 */
export async function linkNewDevice(
  existing: string,
  next: string,
  opts: { name?: string; env?: Record<string, string> } = {},
): Promise<{ code: string; link: RunResult; join: RunResult }> {
  const env = opts.env ? { env: opts.env } : {};
  const linking = await startSb(['device', 'link', '--timeout', '60'], { profile: existing, ...env });
  const code = await linking.stdoutLine(/#\/link\//);
  const join = await sb(['device', 'join', code, ...(opts.name ? ['--name', opts.name] : [])], { profile: next, ...env });
  // A failed join leaves the link waiting: stop it rather than wait out its timeout.
  const link = join.code === 0 ? await linking.finished : await linking.stop();
  return { code, link, join };
}
