// The private tension log on the command line, through the built CLI and a real relay process:
// entries live in the writer's private document, so the partner's `tension list`, their
// profile's files, the relay's data directory and the relay's log never hold the writer's words
// (canary scan), while the writer's own list shows them; a bad level or a missing space fails
// with one line and a non-zero status, and changes nothing.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { canariesIn } from './canaries.js';
import { sb, sbOk } from './cli-harness.js';
import { leaksUnder, usePairedProfiles } from './cli-pair.js';

const CANARIES = { first: 'Zqtensionharbor5521', second: 'Zqtensionlantern9034' };


describe('tension add and list', () => {
  const pair = usePairedProfiles('tension');

  it("keeps each partner's entries on their own devices: the partner and the relay never see them", async () => {
    expect(await sbOk(['tension', 'list'], { profile: pair.alice })).toBe('No entries yet. Add one with: securebase tension add N [--note TEXT]\n');
    expect(await sbOk(['tension', 'add', '3', '--note', CANARIES.first], { profile: pair.alice })).toBe(
      'Saved: 3 of 10. Only your devices can read this.\n',
    );
    // 8 is above the gentle default (7): the pause tools are suggested, nothing is sent.
    const high = await sbOk(['tension', 'add', '8', '--note', CANARIES.second], { profile: pair.alice });
    expect(high.trimEnd().split('\n')).toEqual([
      'Saved: 8 of 10. Only your devices can read this.',
      'That is at or above the level you chose: a pause may help (Pause or Breathe in the app).',
    ]);
    await sbOk(['tension', 'add', '0'], { profile: pair.bob });

    const mine = (await sbOk(['tension', 'list'], { profile: pair.alice })).trimEnd().split('\n');
    expect(mine).toHaveLength(3);
    expect(mine[0]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}   3/10  ${CANARIES.first}$`));
    expect(mine[1]).toMatch(new RegExp(`   8/10  ${CANARIES.second}$`));
    expect(mine[2]).toBe('Last 7 days: 5.5 on average (2 entries). Last 30 days: 5.5 on average (2 entries).');

    // Bob's list is his own: his one entry, none of Alice's.
    const his = await sbOk(['tension', 'list'], { profile: pair.bob });
    expect(his.trimEnd().split('\n')).toHaveLength(2);
    expect(his).toMatch(/ 0\/10\n/);
    expect(canariesIn(Buffer.from(his), CANARIES)).toEqual([]);
    expect(canariesIn(Buffer.from(await sbOk(['export'], { profile: pair.bob })), CANARIES)).toEqual([]);
    await sbOk(['sync'], { profile: pair.bob });
    expect(await leaksUnder(pair.bob, CANARIES)).toEqual([]);
    expect(await leaksUnder(pair.dataDir, CANARIES)).toEqual([]);
    const log = pair.relay.output();
    expect(canariesIn(Buffer.from(log.stdout + log.stderr), CANARIES)).toEqual([]);
  }, 120_000);

  it('refuses a level that is not 0–10, a missing level and a missing space, in one line', async () => {
    for (const bad of ['11', '-1', '7.5', 'seven']) {
      const result = await sb(['tension', 'add', bad], { profile: pair.alice });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `securebase: the level must be a whole number from 0 (calm) to 10 (got "${bad}"). Usage: securebase tension add N [--note TEXT]\n`,
      );
    }
    const missing = await sb(['tension', 'add'], { profile: pair.alice });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('missing the level (0–10)');

    const long = await sb(['tension', 'add', '4', '--note', 'x'.repeat(281)], { profile: pair.alice });
    expect(long.code).toBe(2);
    expect(long.stderr).toBe('securebase: the note is longer than 280 characters; shorten it and try again.\n');

    const sub = await sb(['tension', 'show'], { profile: pair.alice });
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('unknown tension command "show"');

    const outsider = await sb(['tension', 'add', '5'], { profile: join(pair.dir, 'nobody') });
    expect(outsider.code).toBe(1);
    expect(outsider.stderr.trim().split('\n')).toHaveLength(1);
    expect(outsider.stderr).toContain('has not joined a space yet');
    // None of the refused commands added an entry.
    expect((await sbOk(['tension', 'list'], { profile: pair.alice })).trimEnd().split('\n')).toHaveLength(3);
  }, 120_000);
});
