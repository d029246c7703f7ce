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
import {
  CLOSENESS_PACE_LABELS,
  CLOSENESS_POSITION_LABELS,
  type ClosenessPosition,
  type ClosenessPositionEntry,
  type ClosenessStatus,
  type ClosenessStep,
} from '@securebase/model';
import { UsageError, oneLine } from '../errors.js';

/** What a person types for each position (short to type; "soon" is "maybe soon"). */
const POSITION_WORDS: Readonly<Record<string, ClosenessPosition>> = { ready: 'ready', soon: 'maybe-soon', 'not-yet': 'not-yet' };

/** How an unanswered step shows. */
const UNANSWERED = '—';
const POSITION_WIDTH = Math.max(UNANSWERED.length, ...Object.values(CLOSENESS_POSITION_LABELS).map((label) => label.length));

/** The position a typed word means, or a usage error naming the three words. */
export function parsePositionWord(word: string, usage: string): ClosenessPosition {
  const position = Object.hasOwn(POSITION_WORDS, word) ? POSITION_WORDS[word] : undefined;
  if (position) return position;
  throw new UsageError(`the position must be ready, soon or not-yet (got "${oneLine(word)}"). Usage: ${usage}`);
}

/** The step with this id, or the only one whose id starts with `ref`; undefined otherwise. */
export function findStep(steps: readonly ClosenessStep[], ref: string): ClosenessStep | undefined {
  const exact = steps.find((step) => step.id === ref);
  if (exact) return exact;
  const matches = ref === '' ? [] : steps.filter((step) => step.id.startsWith(ref));
  return matches.length === 1 ? matches[0] : undefined;
}

/** The plain label, lower-cased to sit inside a sentence or a column. */
function lower(label: string): string {
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** `ID  POSITION  WORDS` per step in the couple's order, then one line for the agreed step and pace. */
export function formatClosenessLines(
  steps: readonly ClosenessStep[],
  mine: Readonly<Record<string, ClosenessPositionEntry>>,
  status: ClosenessStatus,
): string[] {
  const idWidth = Math.max(0, ...steps.map((step) => step.id.length));
  const lines = steps.map((step) => {
    const entry = mine[step.id];
    const position = entry ? lower(CLOSENESS_POSITION_LABELS[entry.position]) : UNANSWERED;
    const current = step.id === status.currentStepId ? '  (current step)' : '';
    // A custom step's words may come from the partner's device: one line, no escapes.
    return `${step.id.padEnd(idWidth)}  ${position.padEnd(POSITION_WIDTH)}  ${oneLine(step.title)}${current}`;
  });
  const agreed = steps.find((step) => step.id === status.currentStepId);
  const together = agreed ? `on "${oneLine(agreed.title)}"` : 'no step agreed yet';
  lines.push(`Together: ${together}. Pace: ${lower(CLOSENESS_PACE_LABELS[status.pace])}.`);
  return lines;
}
