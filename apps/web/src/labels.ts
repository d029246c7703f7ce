/**
 * The words the app shows for the model's enum values, as message keys. Kept in one place so the
 * wording stays gentle and consistent across screens.
 *
 *   t(CATEGORY_LABELS.signal) // 'Pause or safety signal'
 */
import type { InboxKind, InboxStatus, VocabularyCategory } from '@securebase/model';
import type { MessageKey } from '@securebase/i18n';

export const CATEGORY_LABELS: Record<VocabularyCategory, MessageKey> = {
  emotion: 'errors.category.emotion',
  need: 'errors.category.need',
  desire: 'errors.category.desire',
  boundary: 'errors.category.boundary',
  signal: 'errors.category.signal',
};

export const KIND_LABELS: Record<InboxKind, MessageKey> = {
  appreciation: 'errors.kind.appreciation',
  trigger: 'errors.kind.trigger',
  need: 'errors.kind.need',
  checkin: 'errors.kind.checkin',
  other: 'errors.kind.other',
};

/** Button labels for moving a note to a status (the verb, not the state). */
export const STATUS_ACTIONS: Record<Exclude<InboxStatus, 'new'>, MessageKey> = {
  discussed: 'errors.action.discussed',
  keep: 'errors.action.keep',
  archived: 'errors.action.archived',
};

export const STATUS_LABELS: Record<InboxStatus, MessageKey> = {
  new: 'errors.status.new',
  discussed: 'errors.status.discussed',
  keep: 'errors.status.keep',
  archived: 'errors.status.archived',
};
