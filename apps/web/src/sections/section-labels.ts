/**
 * The words the screens show for the model's enum values and the story's parts, as message keys
 * (the words are in the catalogs, shown in each viewer's own language). One place, so the
 * wording stays gentle and consistent. Used eagerly too (home, the private export), so these
 * keys live in the core part `labels`; longer hints and prompts live with their section.
 *
 *   t(CONSENT_LABELS['not-now'])         // 'Not now'
 *   t(NARRATIVE_PARTS_TEXT['unmet-needs'].title) // 'The needs that went unmet'
 *   weekdayName('sunday', language)      // 'Sunday', 'Sonntag', 'domingo'
 */
import type { CheckInCadence, ConsentPreference, NarrativePart, Weekday, WinKind } from '@securebase/model';
import type { MessageKey } from '@securebase/i18n';

export const CONSENT_LABELS: Record<ConsentPreference, MessageKey> = {
  yes: 'labels.consent.yes',
  maybe: 'labels.consent.maybe',
  'not-now': 'labels.consent.notNow',
  no: 'labels.consent.no',
};

/** Each part's title (its prompt, longer, is the story screen's own: `story` part). */
export const NARRATIVE_PARTS_TEXT: Record<NarrativePart, { title: MessageKey }> = {
  'what-happened': { title: 'labels.story.whatHappened' },
  'unmet-needs': { title: 'labels.story.unmetNeeds' },
  'still-possible': { title: 'labels.story.stillPossible' },
};

export const WIN_LABELS: Record<WinKind, MessageKey> = {
  win: 'labels.win.win',
  'micro-repair': 'labels.win.microRepair',
};

/** The check-in rhythm's cadence (the model keeps English words of its own for the Markdown export). */
export const CADENCE_LABELS: Record<CheckInCadence, MessageKey> = {
  daily: 'labels.cadence.daily',
  'twice-weekly': 'labels.cadence.twiceWeekly',
  weekly: 'labels.cadence.weekly',
  fortnightly: 'labels.cadence.fortnightly',
  monthly: 'labels.cadence.monthly',
};

// 2024-01-01 was a Monday: the days of that week, named by Intl in any language.
const WEEKDAY_DATES: Record<Weekday, number> = { monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7 };

/** A weekday's name in this language ("Sunday", "Sonntag", "domingo"), from Intl: no catalog words. */
export function weekdayName(day: Weekday, language: string): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, WEEKDAY_DATES[day]));
}
