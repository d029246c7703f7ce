// The mutual reveal of desires on the command line, through the built CLI and a real relay
// process: A says yes to X and Y, B to Y and Z (custom items with canary words); both reveals
// print exactly Y, and neither profile's files, nor any file of the relay's data directory or its
// log, holds the other side's unmatched item. Bad input fails with one line and a non-zero status.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { BUILT_IN_DESIRES } from '@securebase/model';
import { canariesIn } from './canaries.js';
import { sb, sbOk, startSb } from './cli-harness.js';
import { leaksUnder, usePairedProfiles } from './cli-pair.js';

const X = 'Xqwishlantern4417';
const Y = 'Yqwishharbour8823';
const Z = 'Zqwishmeadow3391';

/** The answer column of the line for `id` in `desires list` output. */
function answerOf(listing: string, id: string): string | undefined {
  const line = listing.split('\n').find((l) => l.startsWith(`${id} `));
  return line?.slice(id.length).trim().split(/ {2,}/)[0];
}


describe('desires list, answer and reveal', () => {
  const pair = usePairedProfiles('desires');

  it('lists every built-in item, unanswered', async () => {
    const listing = await sbOk(['desires', 'list'], { profile: pair.alice });
    const lines = listing.trimEnd().split('\n');
    expect(lines.slice(0, -1).map((line) => line.split(' ')[0])).toEqual(BUILT_IN_DESIRES.map((item) => item.id));
    expect(answerOf(listing, 'desire-long-hug')).toBe('—');
    expect(lines.at(-1)).toMatch(/^Yes or maybe: 0 items\./);
  }, 60_000);

  it('reveals to both exactly what both said yes or maybe to, and nothing else leaves either side', async () => {
    expect(await sbOk(['desires', 'answer', X, 'yes'], { profile: pair.alice })).toMatch(new RegExp(`^Saved: yes for your own item "${X}" \\(custom-`));
    await sbOk(['desires', 'answer', Y, 'maybe'], { profile: pair.alice });
    await sbOk(['desires', 'answer', 'desire-back-rub', 'no'], { profile: pair.alice });
    // Bob's words differ in case and spacing: the canonical form makes them the same item.
    await sbOk(['desires', 'answer', ` ${Y.toLowerCase()}  `, 'yes'], { profile: pair.bob });
    await sbOk(['desires', 'answer', Z, 'yes'], { profile: pair.bob });
    await sbOk(['desires', 'answer', 'desire-back-rub', 'yes'], { profile: pair.bob });

    const mine = await sbOk(['desires', 'list'], { profile: pair.alice });
    expect(answerOf(mine, 'desire-back-rub')).toBe('no');
    expect(mine).toContain(X);
    expect(mine).not.toContain(Z);

    const revealA = await startSb(['desires', 'reveal', '--timeout', '60'], { profile: pair.alice });
    const resultB = await sb(['desires', 'reveal', '--timeout', '60'], { profile: pair.bob });
    const resultA = await revealA.finished;
    expect(resultA.code, resultA.stderr).toBe(0);
    expect(resultB.code, resultB.stderr).toBe(0);
    expect(resultA.stdout).toBe(`${Y}\n`);
    expect(resultB.stdout).toBe(`${Y.toLowerCase()}\n`);
    expect(resultA.stderr).toContain('you brought 2 items, your partner brought 3; 1 is shared.');
    expect(resultB.stderr).toContain('you brought 3 items, your partner brought 2; 1 is shared.');

    // Canary scan: Bob's unmatched Z never reached Alice's side, nor Alice's X Bob's; the relay
    // holds neither, nor Y, in its files or its log.
    expect(await leaksUnder(pair.alice, { Z })).toEqual([]);
    expect(await leaksUnder(pair.bob, { X })).toEqual([]);
    expect(resultA.stdout + resultA.stderr).not.toContain(Z);
    expect(resultB.stdout + resultB.stderr).not.toContain(X);
    expect(await leaksUnder(pair.dataDir, { X, Y, Z })).toEqual([]);
    const log = pair.relay.output();
    expect(canariesIn(Buffer.from(log.stdout + log.stderr), { X, Y, Z })).toEqual([]);
  }, 120_000);

  it('refuses a bad answer, a bad timeout, an unknown id and a profile with no space, in one line', async () => {
    const badWord = await sb(['desires', 'answer', 'desire-long-hug', 'perhaps'], { profile: pair.alice });
    expect(badWord.code).toBe(2);
    expect(badWord.stderr.trim().split('\n')).toHaveLength(1);
    expect(badWord.stderr).toContain('the answer must be yes, maybe or no (got "perhaps")');

    for (const timeout of ['0', 'soon', '1.5', '99999']) {
      const bad = await sb(['desires', 'reveal', '--timeout', timeout], { profile: pair.alice });
      expect(bad.code, timeout).toBe(2);
      expect(bad.stderr.trim().split('\n'), timeout).toHaveLength(1);
      expect(bad.stderr, timeout).toContain('--timeout must be a whole number of seconds from 1 to 3600');
    }

    const unknown = await sb(['desires', 'answer', 'custom-nosuchitem', 'yes'], { profile: pair.alice });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('securebase: no item has the id "custom-nosuchitem". Run "securebase desires list" to see them, or write your own words.\n');

    const sub = await sb(['desires', 'show'], { profile: pair.alice });
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('unknown desires command "show"');

    const outsider = await sb(['desires', 'list'], { profile: join(pair.dir, 'nobody') });
    expect(outsider.code).toBe(1);
    expect(outsider.stderr.trim().split('\n')).toHaveLength(1);
    expect(outsider.stderr).toContain('has not joined a space yet');

    // Alone, the reveal ends at its timeout with one plain line.
    const alone = await sb(['desires', 'reveal', '--timeout', '2'], { profile: pair.alice });
    expect(alone.code).toBe(1);
    expect(alone.stdout).toBe('');
    expect(alone.stderr.trim().split('\n').at(-1)).toContain('[reveal-timeout]');
    expect(answerOf(await sbOk(['desires', 'list'], { profile: pair.alice }), 'desire-long-hug')).toBe('—');
  }, 120_000);
});
