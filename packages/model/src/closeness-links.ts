/**
 * What the closeness ladder points to in the rest of the workbook: the boundaries linked to a
 * step, and the pause signal the couple agreed on (shown beside the ladder, always one tap away).
 *
 *   const { pauseSignal, boundaries } = closenessLinks(ladder, workbook, 'builtin-kissing');
 */
import type { ClosenessLadder } from './closeness.js';
import type { BoundaryItem, VocabularyEntry } from './sections.js';
import type { Workbook } from './workbook.js';

/** The linked things a ladder step shows. */
export interface ClosenessLinks {
  /** The linked pause signal, or else the couple's first signal word; undefined if they have none. */
  pauseSignal: VocabularyEntry | undefined;
  /** Linked boundary topics that still exist (a "no" among them is shown as such by the caller). */
  boundaries: BoundaryItem[];
}

/** Resolves a step's links (or only the pause signal, without a step). */
export function closenessLinks(ladder: ClosenessLadder, workbook: Workbook, stepId?: string): ClosenessLinks {
  const linked = ladder.pauseSignalId();
  const chosen = linked === undefined ? undefined : workbook.vocabulary.get(linked);
  const pauseSignal = chosen?.category === 'signal' ? chosen : workbook.vocabulary.list().find((entry) => entry.category === 'signal');
  const ids = stepId === undefined ? [] : (ladder.step(stepId)?.boundaryIds ?? []);
  const boundaries = ids.flatMap((id) => {
    const item = workbook.boundaries.get(id);
    return item ? [item] : [];
  });
  return { pauseSignal, boundaries };
}
