/**
 * The pure parts of `desires list|answer|reveal`: aligned lines with this person's own answers,
 * the three answer words and the reveal timeout, each refused in one usage line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BUILT_IN_DESIRES, DesireAnswers } from '@securebase/model';
import { UsageError } from '../src/errors.js';
import { formatDesireLines, parseDesireAnswer, parseRevealTimeout } from '../src/commands/desires-lines.js';
import { speak } from '../src/words.js';

// The messages these functions build are the CLI's English ones (runCli chooses the language).
beforeAll(() => speak('en'));

describe('desires lines', () => {
  it('lists every item with its answer in aligned columns, then how many go to a reveal', () => {
    const mine = new DesireAnswers(new Y.Doc());
    mine.answer('desire-long-hug', 'yes');
    mine.answer('Reading aloud\nin bed', 'maybe');
    mine.answer('desire-toys', 'no');
    const lines = formatDesireLines(mine.list());
    expect(lines).toHaveLength(BUILT_IN_DESIRES.length + 2);
    const hug = lines.find((line) => line.startsWith('desire-long-hug '));
    expect(hug).toMatch(/^desire-long-hug +yes +A long hug without a reason$/);
    expect(lines.find((line) => line.startsWith('desire-back-rub '))).toMatch(/ — +A back or shoulder rub$/);
    // Own words stay on one line.
    expect(lines.at(-2)).toMatch(/^custom-\S+ +maybe +Reading aloud in bed$/);
    expect(new Set(lines.slice(0, -1).map((line) => line.search(/ (yes|maybe|no|—) /))).size).toBe(1);
    expect(lines.at(-1)).toMatch(/^Yes or maybe: 2 items\./);
  });

  it('takes yes, maybe and no, and a timeout of 1-3600 whole seconds, refusing the rest', () => {
    expect(['yes', 'maybe', 'no'].map((word) => parseDesireAnswer(word, 'u'))).toEqual(['yes', 'maybe', 'no']);
    expect(() => parseDesireAnswer('Yes', 'u')).toThrow(UsageError);
    expect(parseRevealTimeout(undefined, 'u')).toBe(120);
    expect(parseRevealTimeout('3600', 'u')).toBe(3600);
    for (const bad of ['0', '3601', '1.5', 'ten', '']) expect(() => parseRevealTimeout(bad, 'u'), bad).toThrow(/--timeout must be/);
  });
});
