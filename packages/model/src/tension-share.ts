/**
 * Sharing the tension log's weekly summary: the only path from the private log to the partner.
 * It runs when the person presses Share, and copies the summary's few words ("This week: mostly
 * calm, one hard evening.") into the shared inbox as an ordinary note of theirs. The words are
 * computed here from the log, not passed in, so no level, count or written word can ride along:
 * `say` only puts the week's bands (TensionWeek) into the sharer's language, and what it returns
 * is stored as their note, as written.
 *
 *   const note = shareTensionSummary(mine, workbook, me, Date.now(), (week) => words(week));
 */
import type { PrivateWorkbook } from './private-workbook.js';
import type { InboxNote, PartnerId } from './sections.js';
import { englishTensionWeek, tensionWeek, type TensionWeek } from './tension-log.js';
import { ModelValidationError } from './validation.js';
import type { Workbook } from './workbook.js';

/** Adds this week's summary to the shared inbox, written by `partnerId`; 'summary' 'required' when the week is empty. */
export function shareTensionSummary(
  privateWb: PrivateWorkbook,
  sharedWb: Workbook,
  partnerId: PartnerId,
  now: number,
  say: (week: TensionWeek) => string = englishTensionWeek,
): InboxNote {
  const week = tensionWeek(privateWb.tension.list(), now);
  if (week === undefined) throw new ModelValidationError('summary', 'required');
  return sharedWb.inbox.add({ text: say(week), kind: 'other' }, partnerId);
}
