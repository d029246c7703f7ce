/**
 * Words for the values of agreement choice fields (the check-in rhythm's cadence and day), shared
 * by the CLI and the Markdown export, so "twice-weekly" reads "Twice a week" everywhere in English.
 * The web app shows these in each viewer's language from its catalogs (section-labels.ts).
 *
 *   CADENCE_LABELS['twice-weekly'] // 'Twice a week'
 *   WEEKDAY_LABELS.sunday          // 'Sunday'
 */
import type { CheckInCadence, Weekday } from './sections.js';

export const CADENCE_LABELS: Readonly<Record<CheckInCadence, string>> = {
  daily: 'Every day',
  'twice-weekly': 'Twice a week',
  weekly: 'Every week',
  fortnightly: 'Every two weeks',
  monthly: 'Every month',
};

export const WEEKDAY_LABELS: Readonly<Record<Weekday, string>> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
};
