/**
 * The desires list's words in each viewer's language: a built-in wish is answered and compared
 * by its id only, so each partner reads it in their own language; a wish someone wrote in their
 * own words stays as written. The model's English labels stay for the CLI.
 *
 *   t(ANSWER_KEYS.maybe)                    // 'Maybe'
 *   desireTitle(entry.id, entry.title, t)   // 'Walking hand in hand'
 */
import type { DesireAnswer, DesireGroup } from '@securebase/model';
import type { MessageKey, Translate } from '../i18n.js';

export const ANSWER_KEYS: Readonly<Record<DesireAnswer, MessageKey>> = {
  yes: 'desires.answer.yes',
  maybe: 'desires.answer.maybe',
  no: 'desires.answer.no',
};

export const GROUP_KEYS: Readonly<Record<DesireGroup | 'custom', MessageKey>> = {
  closeness: 'desires.group.closeness',
  touch: 'desires.group.touch',
  romance: 'desires.group.romance',
  intimacy: 'desires.group.intimacy',
  custom: 'desires.group.custom',
};

/** The built-in wishes by id (packages/model/src/desire-items.ts). */
const BUILT_IN_DESIRE_KEYS: Readonly<Record<string, MessageKey>> = {
  'desire-quiet-evening': 'desires.item.quietEvening',
  'desire-walk-hand-in-hand': 'desires.item.walkHandInHand',
  'desire-falling-asleep-close': 'desires.item.fallingAsleepClose',
  'desire-morning-cuddle': 'desires.item.morningCuddle',
  'desire-kind-words': 'desires.item.kindWords',
  'desire-long-hug': 'desires.item.longHug',
  'desire-back-rub': 'desires.item.backRub',
  'desire-hair-stroking': 'desires.item.hairStroking',
  'desire-foot-rub': 'desires.item.footRub',
  'desire-bath-together': 'desires.item.bathTogether',
  'desire-massage-with-oil': 'desires.item.massageWithOil',
  'desire-date-night': 'desires.item.dateNight',
  'desire-dancing': 'desires.item.dancing',
  'desire-love-notes': 'desires.item.loveNotes',
  'desire-weekend-away': 'desires.item.weekendAway',
  'desire-flirting': 'desires.item.flirting',
  'desire-slow-kissing': 'desires.item.slowKissing',
  'desire-undressing-slowly': 'desires.item.undressingSlowly',
  'desire-exploring-touch': 'desires.item.exploringTouch',
  'desire-telling-wishes': 'desires.item.tellingWishes',
  'desire-candlelight': 'desires.item.candlelight',
  'desire-morning-intimacy': 'desires.item.morningIntimacy',
  'desire-new-place': 'desires.item.newPlace',
  'desire-lingerie': 'desires.item.lingerie',
  'desire-toys': 'desires.item.toys',
  'desire-sharing-fantasies': 'desires.item.sharingFantasies',
  'desire-taking-the-lead': 'desires.item.takingTheLead',
};

/** A wish as this viewer reads it: a built-in one (by id) in their language, their own words as written. */
export function desireTitle(id: string, title: string, t: Translate): string {
  const key = BUILT_IN_DESIRE_KEYS[id];
  return key ? t(key) : title;
}
