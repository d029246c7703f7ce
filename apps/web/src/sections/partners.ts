/**
 * Names as the screens say them: "you" for this person, the partner's chosen name otherwise,
 * and a kind fallback before the partner has set one. Names live only in the encrypted workbook.
 *
 *   authorName(workbook, me, note.createdBy) // 'you' | 'Sam' | 'your partner'
 *   partnerName(workbook, me)                // 'Sam' | 'your partner'
 */
import type { PartnerId, Workbook } from '@securebase/model';

/** The other partner's id, if they have appeared in the workbook (a name set). */
export function partnerId(workbook: Workbook, me: PartnerId): PartnerId | undefined {
  return Object.keys(workbook.members.all()).find((id) => id !== me);
}

/** The other partner's display name, or "your partner". */
export function partnerName(workbook: Workbook, me: PartnerId): string {
  const other = partnerId(workbook, me);
  return (other && workbook.members.name(other)) || 'your partner';
}

/** "you" for me, the partner's name for them. */
export function authorName(workbook: Workbook, me: PartnerId, author: PartnerId): string {
  if (author === me) return 'you';
  return workbook.members.name(author) ?? 'your partner';
}

/** Capitalised for the start of a sentence or a column heading: "Your partner", "You". */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
