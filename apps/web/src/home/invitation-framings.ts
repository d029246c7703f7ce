/**
 * The built-in invitation framings in each viewer's language. Only a framing's id is stored in
 * the shared workbook (packages/model invitations.ts), so the partner reads the sender's chosen
 * framing in their own words; what the sender added stays as written. The extension uses this too.
 *
 *   invitationText(invitation, framingWords(t));
 */
import type { InvitationFraming } from '@securebase/model';
import type { MessageKey, Translate } from '../i18n.js';

/** Each built-in framing's words. */
export const FRAMING_KEYS: Readonly<Record<string, MessageKey>> = {
  'fear-listen': 'home.framingFearListen',
  'fear-mine': 'home.framingFearMine',
  'fear-us': 'home.framingFearUs',
  'desire-wish': 'home.framingDesireWish',
  'desire-yours': 'home.framingDesireYours',
  'desire-future': 'home.framingDesireFuture',
};

/** A framing's words in this language (its English text if a newer build added one). */
export function framingWords(t: Translate): (framing: InvitationFraming) => string {
  return (framing) => {
    const key = FRAMING_KEYS[framing.id];
    return key ? t(key) : framing.text;
  };
}
