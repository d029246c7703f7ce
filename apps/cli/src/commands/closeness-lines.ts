/**
 * The pure parts of `closeness list|answer`: the list's aligned lines, finding a step by what
 * was typed, and the three position words. The lines show only this person's own positions
 * (read from their private document); the partner's never reach this module.
 *
 *   formatClosenessLines(ladder.steps(), new ClosenessPositions(privateDoc).all(), ladder.status());
 *   // builtin-presence       ready       Being in the same room
 *   // builtin-holding-hands  maybe soon  Holding hands  (current step)
 *   // …
 *   // Together: on "Holding hands". Pace: about one step a month.
 */
import type { MessageKey } from '@securebase/i18n';
import {
  type ClosenessPace,
  type ClosenessPosition,
  type ClosenessPositionEntry,
  type ClosenessStatus,
  type ClosenessStep,
} from '@securebase/model';
import { withUsage } from '../args.js';
import { UsageError, oneLine } from '../errors.js';
import { t } from '../words.js';

/** What a person types for each position (short to type; "soon" is "maybe soon"). */
const POSITION_WORDS: Readonly<Record<string, ClosenessPosition>> = { ready: 'ready', soon: 'maybe-soon', 'not-yet': 'not-yet' };

/** How an unanswered step shows. */
const UNANSWERED = '—';

/** Each position as it sits inside a sentence or a column (lower case in English). */
export const POSITION_KEYS: Readonly<Record<ClosenessPosition, MessageKey>> = {
  ready: 'cli.closeness.position.ready',
  'maybe-soon': 'cli.closeness.position.maybeSoon',
  'not-yet': 'cli.closeness.position.notYet',
};

const PACE_KEYS: Readonly<Record<ClosenessPace, MessageKey>> = {
  'no-rush': 'cli.closeness.pace.noRush',
  monthly: 'cli.closeness.pace.monthly',
  fortnightly: 'cli.closeness.pace.fortnightly',
  weekly: 'cli.closeness.pace.weekly',
};

/** The position a typed word means, or a usage error naming the three words. */
export function parsePositionWord(word: string, usage: string): ClosenessPosition {
  const position = Object.hasOwn(POSITION_WORDS, word) ? POSITION_WORDS[word] : undefined;
  if (position) return position;
  throw new UsageError(withUsage(t('cli.closeness.badPosition', { word: oneLine(word) }), usage));
}

/** The step with this id, or the only one whose id starts with `ref`; undefined otherwise. */
export function findStep(steps: readonly ClosenessStep[], ref: string): ClosenessStep | undefined {
  const exact = steps.find((step) => step.id === ref);
  if (exact) return exact;
  const matches = ref === '' ? [] : steps.filter((step) => step.id.startsWith(ref));
  return matches.length === 1 ? matches[0] : undefined;
}

/** `ID  POSITION  WORDS` per step in the couple's order, then one line for the agreed step and pace. */
export function formatClosenessLines(
  steps: readonly ClosenessStep[],
  mine: Readonly<Record<string, ClosenessPositionEntry>>,
  status: ClosenessStatus,
): string[] {
  const idWidth = Math.max(0, ...steps.map((step) => step.id.length));
  const positionWidth = Math.max(UNANSWERED.length, ...Object.values(POSITION_KEYS).map((key) => t(key).length));
  const lines = steps.map((step) => {
    const entry = mine[step.id];
    const position = entry ? t(POSITION_KEYS[entry.position]) : UNANSWERED;
    const current = step.id === status.currentStepId ? `  ${t('cli.closeness.currentStep')}` : '';
    // A custom step's words may come from the partner's device: one line, no escapes.
    return `${step.id.padEnd(idWidth)}  ${position.padEnd(positionWidth)}  ${oneLine(step.title)}${current}`;
  });
  const agreed = steps.find((step) => step.id === status.currentStepId);
  const pace = t(PACE_KEYS[status.pace]);
  lines.push(agreed ? t('cli.closeness.together', { step: oneLine(agreed.title), pace }) : t('cli.closeness.noneAgreed', { pace }));
  return lines;
}
