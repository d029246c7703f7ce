/**
 * Names as the screens say them: "you" for this person, the partner's chosen name otherwise,
 * and a kind fallback before the partner has set one ("your partner", "dein Gegenüber", "tu
 * pareja" — in this viewer's language when a `t` is passed). Names live only in the encrypted
 * workbook; a name is never translated.
 *
 *   authorName(workbook, me, note.createdBy, t) // 'you' | 'Sam' | 'your partner'
 *   partnerName(workbook, me, t)                // 'Sam' | 'your partner'
 */
import type { PartnerId, Workbook } from '@securebase/model';
import type { Translate } from '@securebase/i18n';

/** The other partner's id, if they have appeared in the workbook (a name set). */
export function partnerId(workbook: Workbook, me: PartnerId): PartnerId | undefined {
  return Object.keys(workbook.members.all()).find((id) => id !== me);
}

/** "your partner" in this viewer's language (English without a `t`). */
export function unnamedPartner(t?: Translate): string {
  return t ? t('labels.yourPartner') : 'your partner';
}

/** The other partner's display name, or "your partner" (in `t`'s language when given). */
export function partnerName(workbook: Workbook, me: PartnerId, t?: Translate): string {
  const other = partnerId(workbook, me);
  return (other && workbook.members.name(other)) || unnamedPartner(t);
}

/**
 * "you" for me, the partner's name for them. A standalone word: in a sentence, prefer a
 * message of its own for "you" (word order and case differ), with the name in `{partner}`.
 */
export function authorName(workbook: Workbook, me: PartnerId, author: PartnerId, t?: Translate): string {
  if (author === me) return t ? t('labels.you') : 'you';
  return workbook.members.name(author) ?? unnamedPartner(t);
}

/** Capitalised for the start of a sentence or a column heading: "Your partner", "You". */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
