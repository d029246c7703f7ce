/**
 * The pure parts of `desires list|answer|reveal`: the list's aligned lines (this person's own
 * answers only, from their private document), the three answer words, and the reveal timeout.
 *
 *   formatDesireLines(new DesireAnswers(privateDoc).list());
 *   // desire-quiet-evening  yes    A quiet evening at home, just the two of us
 *   // custom-Q2x…           maybe  A picnic at dawn
 *   // …
 *   // Yes or maybe: 2 items. …
 */
import { DESIRE_ANSWERS, type DesireAnswer, type DesireEntry } from '@securebase/model';
import { withUsage } from '../args.js';
import { UsageError, oneLine } from '../errors.js';
import { t } from '../words.js';

/** How an unanswered item shows. */
const UNANSWERED = '—';
const ANSWER_WIDTH = Math.max(UNANSWERED.length, ...DESIRE_ANSWERS.map((answer) => answer.length));
/** How long `desires reveal` waits by default, and at most, in seconds. */
export const REVEAL_TIMEOUT_SECONDS = { default: 120, max: 3600 } as const;

/** The answer a typed word means, or a usage error naming the three words. */
export function parseDesireAnswer(word: string, usage: string): DesireAnswer {
  const answer = DESIRE_ANSWERS.find((known) => known === word);
  if (answer) return answer;
  throw new UsageError(withUsage(t('cli.desires.badAnswer', { word: oneLine(word) }), usage));
}

/** `--timeout SECONDS`: a whole number of seconds from 1 to the maximum. */
export function parseRevealTimeout(text: string | undefined, usage: string): number {
  if (text === undefined) return REVEAL_TIMEOUT_SECONDS.default;
  const seconds = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds > REVEAL_TIMEOUT_SECONDS.max) {
    throw new UsageError(withUsage(t('cli.desires.badTimeout', { max: REVEAL_TIMEOUT_SECONDS.max, text: oneLine(text) }), usage));
  }
  return seconds;
}

/** `ID  ANSWER  WORDS` per item, built-ins in list order then custom items, then a summary line. */
export function formatDesireLines(entries: readonly DesireEntry[]): string[] {
  const idWidth = Math.max(0, ...entries.map((entry) => entry.id.length));
  const lines = entries.map((entry) => `${entry.id.padEnd(idWidth)}  ${(entry.answer ?? UNANSWERED).padEnd(ANSWER_WIDTH)}  ${oneLine(entry.title)}`);
  const brought = entries.filter((entry) => entry.answer === 'yes' || entry.answer === 'maybe').length;
  lines.push(t('cli.desires.summary', { count: brought }));
  return lines;
}
