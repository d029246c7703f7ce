// Every CLI failure is one line on stderr that says what was wrong and what to do, with exit
// status 2 for a command line that could not be understood and 1 for a failure while running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT, assertCliBuilt, run, sb, tempDir } from './cli-harness.js';

const VALID_LOOKING_LINK = `http://127.0.0.1:9/#/join/${'A'.repeat(43)}`;

describe('CLI errors', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    assertCliBuilt();
    tmp = await tempDir('errors');
  });
  afterAll(async () => {
    await tmp?.cleanup();
  });

  const cases: Array<{ name: string; args: string[]; code: number; says: string }> = [
    { name: 'no command', args: [], code: 2, says: 'no command given' },
    { name: 'unknown command', args: ['foo'], code: 2, says: 'unknown command "foo". Run "securebase --help"' },
    { name: 'unknown global flag', args: ['--bogus', 'sync'], code: 2, says: 'unknown option "--bogus"' },
    { name: 'unknown command flag', args: ['export', '--colour'], code: 2, says: 'unknown option "--colour"' },
    { name: 'flag without its value', args: ['vocab', 'add', 'calm', '--meaning'], code: 2, says: 'option "--meaning" needs a value' },
    { name: 'missing link', args: ['join'], code: 2, says: 'missing the invitation link' },
    { name: 'missing term', args: ['vocab', 'add'], code: 2, says: 'missing the term' },
    { name: 'missing meaning', args: ['vocab', 'add', 'calm'], code: 2, says: 'missing --meaning TEXT' },
    { name: 'missing note text', args: ['note', 'add'], code: 2, says: 'missing the note text' },
    { name: 'unquoted note text', args: ['note', 'add', 'thank', 'you'], code: 2, says: 'unexpected argument "you"' },
    { name: 'bad --kind', args: ['note', 'add', 'hi', '--kind', 'angry'], code: 2, says: '--kind must be one of appreciation, trigger, need, checkin, other' },
    { name: 'bad --category', args: ['vocab', 'add', 'calm', '--meaning', 'x', '--category', 'mood'], code: 2, says: '--category must be one of' },
    { name: 'bad --format', args: ['export', '--format', 'pdf'], code: 2, says: '--format must be one of json, md' },
    { name: 'unknown vocab command', args: ['vocab', 'remove'], code: 2, says: 'unknown vocab command "remove"' },
    { name: 'bad link', args: ['join', 'https://example.com/not-an-invite'], code: 2, says: 'not a Secure Base invitation link' },
    { name: 'init without relay', args: ['init'], code: 2, says: 'init needs the relay address' },
    { name: 'bad relay address', args: ['init', '--relay', 'ftp://x'], code: 2, says: 'starts with http:// or https://' },
    { name: 'bad port', args: ['relay', '--port', 'eighty'], code: 2, says: '--port must be a number from 0 to 65535' },
    { name: 'bad timeout setting', args: ['sync'], code: 2, says: 'SECUREBASE_TIMEOUT_MS must be a whole number' },
    { name: 'device without sub-command', args: ['device'], code: 2, says: 'device needs "link", "join", "list" or "remove"' },
    { name: 'unknown device command', args: ['device', 'rename'], code: 2, says: 'unknown device command "rename"' },
    { name: 'missing link code', args: ['device', 'join'], code: 2, says: 'missing the device-link code' },
    { name: 'bad link code', args: ['device', 'join', VALID_LOOKING_LINK], code: 2, says: 'not a Secure Base device-link code' },
    { name: 'bad link timeout', args: ['device', 'link', '--timeout', 'soon'], code: 2, says: '--timeout must be a whole number of seconds' },
    { name: 'missing device id', args: ['device', 'remove'], code: 2, says: 'missing the device id' },
    { name: 'missing private text', args: ['private', 'add'], code: 2, says: 'missing the text' },
    { name: 'unknown private command', args: ['private', 'delete'], code: 2, says: 'unknown private command "delete"' },
    { name: 'unknown leave flag', args: ['leave', '--force'], code: 2, says: 'unknown option "--force"' },
    { name: 'safety number with an argument', args: ['safety-number', 'now'], code: 2, says: 'unexpected argument "now"' },
    { name: 'lock without sub-command', args: ['lock'], code: 2, says: 'lock needs "set" or "remove"' },
    { name: 'unknown lock command', args: ['lock', 'open'], code: 2, says: 'unknown lock command "open"' },
    { name: 'lock set in a script without a file', args: ['lock', 'set'], code: 2, says: 'lock set needs the new passphrase: pass --passphrase-file FILE' },
    { name: 'passphrase file flag without its value', args: ['sync', '--passphrase-file'], code: 2, says: 'option "--passphrase-file" needs a value' },
    { name: 'passphrase file that is not there', args: ['--passphrase-file', '/nonexistent/securebase-pass', 'sync'], code: 1, says: 'could not read the passphrase file given with --passphrase-file (ENOENT)' },
  ];

  for (const c of cases) {
    it(`${c.name}: one line, exit ${c.code}`, async () => {
      const env: Record<string, string> = c.name === 'bad timeout setting' ? { SECUREBASE_TIMEOUT_MS: 'soon' } : {};
      const profile = join(tmp.dir, `p-${c.name.replace(/\W+/g, '-')}`);
      const result = await sb(c.args, { profile, env });
      expect(result.stdout).toBe('');
      const lines = result.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^securebase: /);
      expect(lines[0]).toContain(c.says);
      expect(result.code).toBe(c.code);
    });
  }

  it('commands before init say how to set up, exit 1, and create no profile', async () => {
    const profile = join(tmp.dir, 'never-set-up');
    for (const args of [
      ['invite'],
      ['vocab', 'list'],
      ['vocab', 'add', 'calm', '--meaning', 'x'],
      ['note', 'add', 'hi'],
      ['export'],
      ['sync'],
      ['safety-number'],
      ['device', 'list'],
      ['device', 'link'],
      ['private', 'list'],
      ['leave', '--yes'],
    ]) {
      const result = await sb(args, { profile });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `securebase: this profile (${profile}) has not joined a space yet. Run "securebase init --relay URL" to create one, or "securebase join LINK" to join your partner's.\n`,
      );
    }
  });

  it('an unreachable relay is named, with a hint to check it is running', async () => {
    const result = await sb(['init', '--relay', 'http://127.0.0.1:9'], { profile: join(tmp.dir, 'unreachable') });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'securebase: could not reach the relay at http://127.0.0.1:9. Check that it is running and that the address is right.\n',
    );
    const join_ = await sb(['join', VALID_LOOKING_LINK], { profile: join(tmp.dir, 'unreachable-join') });
    expect(join_.code).toBe(1);
    expect(join_.stderr).toContain('could not reach the relay at http://127.0.0.1:9');
    // The invitation secret is never echoed.
    expect(join_.stderr).not.toContain('A'.repeat(43));
  });

  it('--help and help print the usage on stdout', async () => {
    for (const args of [['--help'], ['help'], ['-h'], ['vocab', '--help']]) {
      const result = await sb(args);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('Usage: securebase [--profile DIR] [--relay URL] [--passphrase-file FILE] COMMAND');
    }
  });

  it('scripts/securebase runs the built CLI, or says how to build it', async () => {
    const ok = await run(join(REPO_ROOT, 'scripts/securebase'), ['--help']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Usage: securebase');

    // A checkout where nothing is built: the wrapper alone, outside the repository.
    const bare = join(tmp.dir, 'bare-checkout');
    await mkdir(join(bare, 'scripts'), { recursive: true });
    await copyFile(join(REPO_ROOT, 'scripts/securebase'), join(bare, 'scripts/securebase'));
    const missing = await run('bash', [join(bare, 'scripts/securebase'), 'sync']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'securebase is not built yet: run `npm start` once (or `npx -y pnpm@10.34.8 install && npx -y pnpm@10.34.8 build`)\n',
    );
  });
});
