/**
 * What the next check-in is for: inbox notes marked "for our next check-in" (or written as a
 * check-in topic) that have not been talked through or put away yet. The check-in screen and
 * the home show them; marking one 'discussed' (or archiving it) takes it off the list.
 *
 *   checkinTopics(workbook).map((n) => n.text);
 */
import type { InboxNote } from './sections.js';
import type { Workbook } from './workbook.js';

/** Notes waiting for the next check-in, oldest first. */
export function checkinTopics(workbook: Workbook): InboxNote[] {
  return workbook.inbox.list().filter((n) => (n.status === 'new' || n.status === 'keep') && workbook.inbox.isForCheckin(n.id));
}
