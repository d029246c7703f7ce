// runCli in-process against a real relay (startRelay on a random port, real SQLite, real
// libsodium): output hygiene for text from the partner, the profile lock, and --relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay } from '@securebase/relay';
import { runCli } from '../src/cli.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { SECUREBASE_TIMEOUT_MS: '8000', HOME: root, ...env },
  });
  return { code, stdout, stderr };
}

async function cliOk(args: string[]): Promise<string> {
  const r = await cli(args);
  if (r.code !== 0) throw new Error(`${args.join(' ')} → ${r.code}: ${r.stderr}`);
  return r.stdout;
}

let root: string;
let relay: Awaited<ReturnType<typeof startRelay>>;
let alice: string;
let bob: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'securebase-cli-'));
  relay = await startRelay({ port: 0, dataDir: join(root, 'data') });
  alice = join(root, 'alice');
  bob = join(root, 'bob');
  await cliOk(['--profile', alice, 'init', '--relay', relay.url, '--name', 'Sam']);
  const link = (await cliOk(['--profile', alice, 'invite'])).trim();
  await cliOk(['join', link, '--profile', bob, '--name', 'Alex']);
});

afterAll(async () => {
  await relay?.close();
  await rm(root, { recursive: true, force: true });
});

describe('runCli', () => {
  it('shows text written by the partner on one line, without terminal control characters', async () => {
    await cliOk(['--profile', alice, 'vocab', 'add', 'shut down', '--meaning', 'mine']);
    await cliOk(['--profile', bob, 'vocab', 'add', 'shut down', '--meaning', 'line one\nline two \u001b[31mred\u0007']);
    const out = await cliOk(['--profile', alice, 'vocab', 'list']);
    expect(out).toBe('shut down (emotion) — you: mine — Alex: line one line two  [31mred\n');
    // The partner's meaning is stored as written; only the display is cleaned.
    const exported = JSON.parse(await cliOk(['--profile', alice, 'export'])) as {
      vocabulary: Array<{ meanings: Array<{ text: string }> }>;
    };
    expect(exported.vocabulary[0]!.meanings.map((m) => m.text)).toContain('line one\nline two \u001b[31mred\u0007');
  });

  it('exports Markdown in the chosen language: the frame translated, what partners wrote as written', async () => {
    await cliOk(['--profile', alice, 'vocab', 'add', 'red card', '--category', 'signal', '--meaning', 'twenty minutes, then we talk']);
    const english = await cliOk(['--profile', alice, 'export', '--format', 'md']);
    expect(english.startsWith('# Our Secure Base workbook\n\n## Vocabulary\n')).toBe(true);
    expect(english).toContain('- **red card** (pause signal)\n  - Sam: twenty minutes, then we talk');
    const german = await cliOk(['--profile', alice, '--lang', 'de', 'export', '--format', 'md']);
    expect(german.startsWith('# Unser Secure-Base-Arbeitsbuch\n\n## Unsere Worte\n')).toBe(true);
    expect(german).toContain('- **red card** (Pausenzeichen)\n  - Sam: twenty minutes, then we talk');
    expect(german).toContain('Hier steht noch nichts.');
    expect(german).not.toContain('Nothing here yet.');
  });

  it('accepts global options after the command', async () => {
    const out = await cliOk(['vocab', 'list', '--profile', bob]);
    expect(out).toContain('you: line one');
  });

  it('refuses to share a profile with a running command, and takes over a stale lock', async () => {
    await writeFile(join(alice, 'lock'), `${process.pid}\n`);
    const busy = await cli(['--profile', alice, 'sync']);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toBe(`securebase: another securebase command is using the profile ${alice}. Wait for it to finish, then try again.\n`);

    // The pid of a process that has certainly exited.
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await writeFile(join(alice, 'lock'), `${exited.stdout}\n`);
    const after = await cli(['--profile', alice, 'sync']);
    expect(after).toEqual({ code: 0, stdout: 'Up to date.\n', stderr: '' });
  });

  it('--relay and $SECUREBASE_RELAY override the stored relay for one run', async () => {
    const viaFlag = await cli(['--profile', alice, '--relay', 'http://127.0.0.1:9', 'sync'], { SECUREBASE_TIMEOUT_MS: '600' });
    expect(viaFlag.code).toBe(1);
    expect(viaFlag.stderr).toContain('could not reach the relay at http://127.0.0.1:9 within 0.6 s');
    const viaEnv = await cli(['--profile', alice, 'sync'], { SECUREBASE_TIMEOUT_MS: '600', SECUREBASE_RELAY: 'http://127.0.0.1:9' });
    expect(viaEnv.stderr).toContain('http://127.0.0.1:9');
    // Not saved: the next plain run uses the profile's relay again.
    expect((await cli(['--profile', alice, 'sync'])).code).toBe(0);
  });

  it('stops the relay command when its signal aborts', async () => {
    const stop = new AbortController();
    let stdout = '';
    const running = runCli(['relay', '--port', '0', '--data', join(root, 'data-2')], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      env: {},
      signal: stop.signal,
    });
    await expect.poll(() => stdout).toMatch(/^Secure Base relay listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = stdout.trim().split(' ').pop() as string;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    stop.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
