/**
 * The words the app shows for the model's enum values. Kept in one place so the wording stays
 * gentle and consistent across screens.
 *
 *   CATEGORY_LABELS.signal // 'Pause or safety signal'
 */
import type { InboxKind, InboxStatus, VocabularyCategory } from '@securebase/model';

export const CATEGORY_LABELS: Record<VocabularyCategory, string> = {
  emotion: 'Emotion',
  need: 'Need',
  desire: 'Desire',
  boundary: 'Boundary',
  signal: 'Pause or safety signal',
};

export const KIND_LABELS: Record<InboxKind, string> = {
  appreciation: 'Appreciation',
  trigger: 'Something that stirred me',
  need: 'A need',
  checkin: 'For our next check-in',
  other: 'Other',
};

/** Button labels for moving a note to a status (the verb, not the state). */
export const STATUS_ACTIONS: Record<Exclude<InboxStatus, 'new'>, string> = {
  discussed: 'Discussed',
  keep: 'Keep',
  archived: 'Archive',
};

export const STATUS_LABELS: Record<InboxStatus, string> = {
  new: 'New',
  discussed: 'Discussed',
  keep: 'Kept',
  archived: 'Archived',
};
