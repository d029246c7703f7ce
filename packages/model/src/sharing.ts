/**
 * Sharing from the private workbook into the shared one: an explicit act that COPIES the item
 * (the private copy stays, marked with where it went). Only these helpers cross the line;
 * nothing in the model moves private content on its own.
 *
 *   const shared = shareBoundaryDraft(mine, workbook, draft.id, me); // a BoundaryItem with my answer
 *   const note = shareItem(mine, workbook, item.id, me);             // an InboxNote
 */
import type { PrivateWorkbook } from './private-workbook.js';
import type { BoundaryItem, InboxNote, PartnerId } from './sections.js';
import { ModelValidationError } from './validation.js';
import type { Workbook } from './workbook.js';

/** Copies a boundary draft into the shared boundaries as a topic with `partnerId`'s answer. */
export function shareBoundaryDraft(
  privateWb: PrivateWorkbook,
  sharedWb: Workbook,
  draftId: string,
  partnerId: PartnerId,
): BoundaryItem {
  const draft = privateWb.boundaryDrafts.get(draftId);
  if (!draft) throw new ModelValidationError('id', 'unknown-id');
  const shared = sharedWb.boundaries.add(
    { topic: draft.topic, answer: { preference: draft.preference, note: draft.note } },
    partnerId,
  );
  privateWb.boundaryDrafts.markShared(draft.id, shared.id);
  return shared;
}

/** Copies a private quick note into the shared inbox. */
export function shareItem(privateWb: PrivateWorkbook, sharedWb: Workbook, itemId: string, partnerId: PartnerId): InboxNote {
  const item = privateWb.items.get(itemId);
  if (!item) throw new ModelValidationError('id', 'unknown-id');
  const note = sharedWb.inbox.add({ text: item.text, kind: item.kind }, partnerId);
  privateWb.items.markShared(item.id, note.id);
  return note;
}
