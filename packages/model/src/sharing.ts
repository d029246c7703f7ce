/**
 * Sharing from the private workbook into the shared one: an explicit act that COPIES the item
 * (the private copy stays, marked with where it went). Only these helpers cross the line;
 * nothing in the model moves private content on its own.
 *
 *   const shared = shareBoundaryDraft(mine, workbook, draft.id, me); // a BoundaryItem with my answer
 *   const note = shareItem(mine, workbook, item.id, me);             // an InboxNote
 *   const reframe = shareReframeDraft(mine, workbook, draft.id, me);  // a ReframeItem
 *   publishStoryDraft(mine, workbook, 'what-happened', me);           // the new revision
 *
 * A story draft is the exception to "the private copy stays": publishing empties it, since the
 * shared perspective now holds the same words; `reviseSharedStory` starts a new draft from it.
 */
import type { PrivateWorkbook } from './private-workbook.js';
import type { BoundaryItem, InboxNote, NarrativePart, PartnerId, ReframeItem } from './sections.js';
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

/** Copies a private reframe into the shared reframes, written by `partnerId`. */
export function shareReframeDraft(privateWb: PrivateWorkbook, sharedWb: Workbook, draftId: string, partnerId: PartnerId): ReframeItem {
  const draft = privateWb.reframeDrafts.get(draftId);
  if (!draft) throw new ModelValidationError('id', 'unknown-id');
  // Sharing twice would put the same words in front of the partner twice.
  if (draft.shared) throw new ModelValidationError('id', 'not-allowed');
  const shared = sharedWb.reframes.add({ thought: draft.thought, evidence: draft.evidence, reframe: draft.reframe }, partnerId);
  privateWb.reframeDrafts.markShared(draft.id, shared.id);
  return shared;
}

/**
 * Publishes `partnerId`'s private draft of `part` as their shared perspective (one transaction
 * in the shared document), then empties the draft. Returns the new revision.
 */
export function publishStoryDraft(privateWb: PrivateWorkbook, sharedWb: Workbook, part: NarrativePart, partnerId: PartnerId): number {
  const revision = sharedWb.narrative.publish(part, partnerId, privateWb.storyDrafts.fragment(part));
  privateWb.storyDrafts.discard(part);
  return revision;
}

/** Starts revising a shared perspective: the private draft becomes a copy of what is shared. */
export function reviseSharedStory(privateWb: PrivateWorkbook, sharedWb: Workbook, part: NarrativePart, partnerId: PartnerId): void {
  privateWb.storyDrafts.startFrom(part, sharedWb.narrative.perspectiveFragment(part, partnerId));
}
