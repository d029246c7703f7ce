// `lock set|remove` in-process, with a stand-in terminal (a stream that says it is a TTY and
// records raw mode): the passphrase is read without echo, typed twice, and a profile locked
// this way needs it on every command; scripts pass it in a file or the environment.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../src/cli.js';
import type { CommandContext } from '../src/context.js';
import { promptHidden } from '../src/passphrase-prompt.js';
import { Profile } from '../src/profile.js';

/** A terminal as a test sees it: whatever is written to it is "typed". */
class FakeTerminal extends PassThrough {
  readonly isTTY = true;
  readonly rawModes: boolean[] = [];
  setRawMode(raw: boolean): this {
    this.rawModes.push(raw);
    return this;
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let root: string;
let profile: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'securebase-lock-'));
  profile = join(root, 'profile');
  // A profile that exists (lock needs no space, only the profile's data).
  await (await Profile.open(profile, { create: true })).close();
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function cli(args: string[], opts: { env?: Record<string, string>; typed?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const stdin = opts.typed === undefined ? undefined : new FakeTerminal();
  if (stdin && opts.typed) stdin.write(opts.typed);
  const code = await runCli(['--profile', profile, ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    ...(stdin ? { stdin } : {}),
    env: { HOME: root, ...opts.env },
  });
  return { code, stdout, stderr };
}

function contextWith(stdin: FakeTerminal, stderr: { text: string }): CommandContext {
  return { io: { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr.text += s) }, stdin, env: {} }, globals: {}, args: [] };
}

describe('promptHidden', () => {
  it('reads one line in raw mode, echoes nothing, handles backspace and leaves the rest for the next read', async () => {
    const terminal = new FakeTerminal();
    const stderr = { text: '' };
    terminal.write('secrx\u007ft phrase\rsecond\r');
    expect(await promptHidden(contextWith(terminal, stderr), 'Passphrase: ')).toBe('secrt phrase');
    expect(await promptHidden(contextWith(terminal, stderr), 'Again: ')).toBe('second');
    expect(stderr.text).toBe('Passphrase: \nAgain: \n');
    expect(terminal.rawModes).toEqual([true, false, true, false]);
  });

  it('Ctrl-C gives no answer, and raw mode is still turned off', async () => {
    const terminal = new FakeTerminal();
    terminal.write('abc\u0003');
    expect(await promptHidden(contextWith(terminal, { text: '' }), 'Passphrase: ')).toBeUndefined();
    expect(terminal.rawModes).toEqual([true, false]);
  });
});

describe('lock set and remove', () => {
  it('on a terminal, asks twice without echo and locks the profile', async () => {
    const set = await cli(['lock', 'set'], { typed: 'tea at four\rtea at four\r' });
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Locked this profile with a passphrase');
    expect(set.stderr).toBe('New passphrase: \nType it again: \n');
    expect(set.stdout + set.stderr).not.toContain('tea at four');

    const locked = await cli(['lock', 'remove']);
    expect(locked).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'securebase: The data on this device is locked. Enter your passphrase to unlock it. [local-store-locked] This profile has a passphrase: set SECUREBASE_PASSPHRASE or pass --passphrase-file FILE.\n',
    });
    // On a terminal, lock remove asks for the current passphrase instead.
    const removed = await cli(['lock', 'remove'], { typed: 'tea at four\r' });
    expect(removed.code).toBe(0);
    expect(removed.stderr).toBe('Current passphrase: \n');
    expect(removed.stdout).toContain('Removed the passphrase');
    expect((await cli(['lock', 'remove'])).stdout).toBe('This profile has no passphrase; nothing was changed.\n');
  }, 60_000);

  it('refuses two different passphrases, and a script without a file or terminal', async () => {
    const differ = await cli(['lock', 'set'], { typed: 'one\rtwo\r' });
    expect(differ).toMatchObject({ code: 1, stderr: 'New passphrase: \nType it again: \nsecurebase: the two passphrases differ; nothing was changed.\n' });
    const noTerminal = await cli(['lock', 'set']);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('pass --passphrase-file FILE');
    expect((await cli(['lock', 'remove'])).stdout).toContain('no passphrase');
  });

  it('changes the passphrase with the current one from the environment and the new one from a file', async () => {
    await writeFile(join(root, 'first'), 'first passphrase\n');
    await writeFile(join(root, 'second'), 'second passphrase\r\n');
    await writeFile(join(root, 'empty'), '\n');
    expect((await cli(['lock', 'set', '--passphrase-file', join(root, 'first')])).code).toBe(0);
    const withoutCurrent = await cli(['lock', 'set', '--passphrase-file', join(root, 'second')]);
    expect(withoutCurrent.stderr).toContain('[local-store-locked]');
    const changed = await cli(['lock', 'set', '--passphrase-file', join(root, 'second')], { env: { SECUREBASE_PASSPHRASE: 'first passphrase' } });
    expect(changed).toMatchObject({ code: 0, stderr: '' });
    expect(changed.stdout).toContain('Changed the passphrase');
    const stale = await cli(['lock', 'remove'], { env: { SECUREBASE_PASSPHRASE: 'first passphrase' } });
    expect(stale.stderr).toBe(
      'securebase: The data on this device is locked. Enter your passphrase to unlock it. [local-store-locked] The passphrase from SECUREBASE_PASSPHRASE is not the right one.\n',
    );
    const empty = await cli(['lock', 'remove', '--passphrase-file', join(root, 'empty')]);
    expect(empty).toMatchObject({ code: 2, stderr: 'securebase: the passphrase file given with --passphrase-file is empty.\n' });
    const missingFile = await cli(['lock', 'remove', '--passphrase-file', join(root, 'nope')]);
    expect(missingFile).toMatchObject({ code: 1, stderr: 'securebase: could not read the passphrase file given with --passphrase-file (ENOENT).\n' });
    const removed = await cli(['--passphrase-file', join(root, 'second'), 'lock', 'remove']);
    expect(removed).toMatchObject({ code: 0, stderr: '' });
  }, 60_000);
});
