// The mutual reveal of desires on the command line, through the built CLI and a real relay
// process: A says yes to X and Y, B to Y and Z (custom items with canary words); both reveals
// print exactly Y, and neither profile's files, nor any file of the relay's data directory or its
// log, holds the other side's unmatched item. Bad input fails with one line and a non-zero status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILT_IN_DESIRES } from '@securebase/model';
import { canariesIn } from './canaries.js';
import { assertCliBuilt, filesUnder, sb, sbOk, setUpPair, startRelayProcess, startSb, tempDir, type RelayProcess } from './cli-harness.js';

const X = 'Xqwishlantern4417';
const Y = 'Yqwishharbour8823';
const Z = 'Zqwishmeadow3391';

/** The answer column of the line for `id` in `desires list` output. */
function answerOf(listing: string, id: string): string | undefined {
  const line = listing.split('\n').find((l) => l.startsWith(`${id} `));
  return line?.slice(id.length).trim().split(/ {2,}/)[0];
}

async function leaksUnder(dir: string, canaries: Record<string, string>): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dir)) for (const leak of canariesIn(await readFile(file), canaries)) found.push(`${file}: ${leak}`);
  return found;
}

describe('desires list, answer and reveal', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let relay: RelayProcess | undefined;
  let alice: string;
  let bob: string;
  let dataDir: string;

  beforeAll(async () => {
    assertCliBuilt();
    tmp = await tempDir('desires');
    dataDir = join(tmp.dir, 'data');
    relay = await startRelayProcess(dataDir);
    ({ alice, bob } = await setUpPair(relay.url, tmp.dir));
  });
  afterAll(async () => {
    await relay?.stop();
    await tmp?.cleanup();
  });

  it('lists every built-in item, unanswered', async () => {
    const listing = await sbOk(['desires', 'list'], { profile: alice });
    const lines = listing.trimEnd().split('\n');
    expect(lines.slice(0, -1).map((line) => line.split(' ')[0])).toEqual(BUILT_IN_DESIRES.map((item) => item.id));
    expect(answerOf(listing, 'desire-long-hug')).toBe('—');
    expect(lines.at(-1)).toMatch(/^Yes or maybe: 0 items\./);
  }, 60_000);

  it('reveals to both exactly what both said yes or maybe to, and nothing else leaves either side', async () => {
    expect(await sbOk(['desires', 'answer', X, 'yes'], { profile: alice })).toMatch(new RegExp(`^Saved: yes for your own item "${X}" \\(custom-`));
    await sbOk(['desires', 'answer', Y, 'maybe'], { profile: alice });
    await sbOk(['desires', 'answer', 'desire-back-rub', 'no'], { profile: alice });
    // Bob's words differ in case and spacing: the canonical form makes them the same item.
    await sbOk(['desires', 'answer', ` ${Y.toLowerCase()}  `, 'yes'], { profile: bob });
    await sbOk(['desires', 'answer', Z, 'yes'], { profile: bob });
    await sbOk(['desires', 'answer', 'desire-back-rub', 'yes'], { profile: bob });

    const mine = await sbOk(['desires', 'list'], { profile: alice });
    expect(answerOf(mine, 'desire-back-rub')).toBe('no');
    expect(mine).toContain(X);
    expect(mine).not.toContain(Z);

    const revealA = await startSb(['desires', 'reveal', '--timeout', '60'], { profile: alice });
    const resultB = await sb(['desires', 'reveal', '--timeout', '60'], { profile: bob });
    const resultA = await revealA.finished;
    expect(resultA.code, resultA.stderr).toBe(0);
    expect(resultB.code, resultB.stderr).toBe(0);
    expect(resultA.stdout).toBe(`${Y}\n`);
    expect(resultB.stdout).toBe(`${Y.toLowerCase()}\n`);
    expect(resultA.stderr).toContain('you brought 2 items, your partner brought 3; 1 is shared.');
    expect(resultB.stderr).toContain('you brought 3 items, your partner brought 2; 1 is shared.');

    // Canary scan: Bob's unmatched Z never reached Alice's side, nor Alice's X Bob's; the relay
    // holds neither, nor Y, in its files or its log.
    expect(await leaksUnder(alice, { Z })).toEqual([]);
    expect(await leaksUnder(bob, { X })).toEqual([]);
    expect(resultA.stdout + resultA.stderr).not.toContain(Z);
    expect(resultB.stdout + resultB.stderr).not.toContain(X);
    expect(await leaksUnder(dataDir, { X, Y, Z })).toEqual([]);
    const log = relay?.output() ?? { stdout: '', stderr: '' };
    expect(canariesIn(Buffer.from(log.stdout + log.stderr), { X, Y, Z })).toEqual([]);
  }, 120_000);

  it('refuses a bad answer, a bad timeout, an unknown id and a profile with no space, in one line', async () => {
    const badWord = await sb(['desires', 'answer', 'desire-long-hug', 'perhaps'], { profile: alice });
    expect(badWord.code).toBe(2);
    expect(badWord.stderr.trim().split('\n')).toHaveLength(1);
    expect(badWord.stderr).toContain('the answer must be yes, maybe or no (got "perhaps")');

    for (const timeout of ['0', 'soon', '1.5', '99999']) {
      const bad = await sb(['desires', 'reveal', '--timeout', timeout], { profile: alice });
      expect(bad.code, timeout).toBe(2);
      expect(bad.stderr.trim().split('\n'), timeout).toHaveLength(1);
      expect(bad.stderr, timeout).toContain('--timeout must be a whole number of seconds from 1 to 3600');
    }

    const unknown = await sb(['desires', 'answer', 'custom-nosuchitem', 'yes'], { profile: alice });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('securebase: no item has the id "custom-nosuchitem". Run "securebase desires list" to see them, or write your own words.\n');

    const sub = await sb(['desires', 'show'], { profile: alice });
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('unknown desires command "show"');

    const outsider = await sb(['desires', 'list'], { profile: join(tmp.dir, 'nobody') });
    expect(outsider.code).toBe(1);
    expect(outsider.stderr.trim().split('\n')).toHaveLength(1);
    expect(outsider.stderr).toContain('has not joined a space yet');

    // Alone, the reveal ends at its timeout with one plain line.
    const alone = await sb(['desires', 'reveal', '--timeout', '2'], { profile: alice });
    expect(alone.code).toBe(1);
    expect(alone.stdout).toBe('');
    expect(alone.stderr.trim().split('\n').at(-1)).toContain('[reveal-timeout]');
    expect(answerOf(await sbOk(['desires', 'list'], { profile: alice }), 'desire-long-hug')).toBe('—');
  }, 120_000);
});
