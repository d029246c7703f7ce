// The closeness ladder on the command line, through the built CLI and a real relay process:
// each partner's position on a step lives in their own private document, so one partner's
// `closeness list` shows only their own answers, never the other's; moving back is one command
// like any other; bad ids and position words fail with one line and a non-zero status.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { BUILT_IN_CLOSENESS_STEPS } from '@securebase/model';
import { sb, sbOk } from './cli-harness.js';
import { usePairedProfiles } from './cli-pair.js';

/** The position column of the line for `stepId` in `closeness list` output. */
function positionOf(listing: string, stepId: string): string | undefined {
  const line = listing.split('\n').find((l) => l.startsWith(`${stepId} `));
  return line?.slice(line.indexOf(' ')).trim().split(/ {2,}/)[0];
}

describe('closeness list and answer', () => {
  const pair = usePairedProfiles('closeness');

  it('lists every step in order, unanswered, with no step agreed yet', async () => {
    const listing = await sbOk(['closeness', 'list'], { profile: pair.alice });
    const lines = listing.trimEnd().split('\n');
    const ids = lines.slice(0, -1).map((line) => line.split(' ')[0]);
    expect(ids).toEqual(BUILT_IN_CLOSENESS_STEPS.map((step) => step.id));
    expect(lines[0]).toContain('Being in the same room');
    expect(positionOf(listing, 'builtin-hugs')).toBe('—');
    expect(lines.at(-1)).toBe("Together: no step agreed yet. Pace: no rush: we'll talk about the next step when it feels right.");
  }, 60_000);

  it("keeps each partner's answer to themselves, and moving back is just another answer", async () => {
    const saved = await sbOk(['closeness', 'answer', 'builtin-holding-hands', 'ready'], { profile: pair.alice });
    expect(saved).toBe('Saved: ready for "Holding hands". Only your devices can read this.\n');
    await sbOk(['closeness', 'answer', 'builtin-holding-hands', 'not-yet'], { profile: pair.bob });
    await sbOk(['closeness', 'answer', 'builtin-kissing', 'soon'], { profile: pair.bob });

    const mine = await sbOk(['closeness', 'list'], { profile: pair.alice });
    expect(positionOf(mine, 'builtin-holding-hands')).toBe('ready');
    // Bob's "maybe soon" on kissing is in his private document: Alice's list cannot show it.
    expect(positionOf(mine, 'builtin-kissing')).toBe('—');
    expect(mine).not.toMatch(/not yet|maybe soon/);

    const his = await sbOk(['closeness', 'list'], { profile: pair.bob });
    expect(positionOf(his, 'builtin-holding-hands')).toBe('not yet');
    expect(positionOf(his, 'builtin-kissing')).toBe('maybe soon');

    // A step back needs no reason and no confirmation.
    await sbOk(['closeness', 'answer', 'builtin-holding-hands', 'not-yet'], { profile: pair.alice });
    expect(positionOf(await sbOk(['closeness', 'list'], { profile: pair.alice }), 'builtin-holding-hands')).toBe('not yet');
  }, 120_000);

  it('refuses an unknown step and a word that is not a position, in one line', async () => {
    const unknown = await sb(['closeness', 'answer', 'builtin-flying', 'ready'], { profile: pair.alice });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('securebase: no step of the ladder has the id "builtin-flying". Run "securebase closeness list" to see them.\n');

    const badWord = await sb(['closeness', 'answer', 'builtin-hugs', 'maybe'], { profile: pair.alice });
    expect(badWord.code).toBe(2);
    expect(badWord.stderr.trim().split('\n')).toHaveLength(1);
    expect(badWord.stderr).toContain('the position must be ready, soon or not-yet (got "maybe")');

    const missing = await sb(['closeness', 'answer', 'builtin-hugs'], { profile: pair.alice });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing the step id and your position');

    const sub = await sb(['closeness', 'agree'], { profile: pair.alice });
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('unknown closeness command "agree"');

    const outsider = await sb(['closeness', 'list'], { profile: join(pair.dir, 'nobody') });
    expect(outsider.code).toBe(1);
    expect(outsider.stderr.trim().split('\n')).toHaveLength(1);
    expect(outsider.stderr).toContain('has not joined a space yet');
    // Nothing was answered by the refused commands.
    expect(positionOf(await sbOk(['closeness', 'list'], { profile: pair.alice }), 'builtin-hugs')).toBe('—');
  }, 120_000);
});
