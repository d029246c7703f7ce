/**
 * The check-in rhythm as an iCalendar file (RFC 5545) to import into any calendar: one repeating
 * event, "Our check-in", at the agreed time, with a reminder at the start. Nothing else from the
 * workbook goes in (no names, no words): a calendar is often synced to a third party.
 *
 * The time is "floating" (RFC 5545 §3.3.5, no TZID and no Z): 19:00 on the calendar's own
 * clock, which is what the couple agreed, and which needs no VTIMEZONE block. The UID is derived
 * from the agreement's id, so importing again after the rhythm changed updates the same event.
 *
 *   const ics = checkinCalendar(rhythm);        // text/calendar, CRLF line ends
 *   download(new Blob([ics], { type: 'text/calendar' }), 'our-check-in.ics');
 */
import type { CheckInRhythm } from './checkin-rhythm.js';
import type { CheckInCadence } from './sections.js';
import { WEEKDAYS } from './sections.js';
import { dateOfDayNumber, dayNumber, deviceTimeZone, zonedDate, zonedInstant } from './zoned-time.js';

/** The event's title: the only words the file carries. */
export const CHECKIN_EVENT_TITLE = 'Our check-in';

const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

function rrule(cadence: CheckInCadence, weekday: number): string {
  const day = BYDAY[weekday] ?? 'SU';
  switch (cadence) {
    case 'daily':
      return 'FREQ=DAILY';
    case 'twice-weekly':
      // The agreed day and three days later, in week order (RFC 5545 allows any order; sorted reads better).
      return `FREQ=WEEKLY;BYDAY=${[weekday, (weekday + 3) % 7].sort((a, b) => a - b).map((d) => BYDAY[d]).join(',')}`;
    case 'weekly':
      return `FREQ=WEEKLY;BYDAY=${day}`;
    case 'fortnightly':
      return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`;
    case 'monthly':
      return `FREQ=MONTHLY;BYDAY=1${day}`;
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function utcStamp(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/** The first date at or after the rhythm was set that the rule itself produces (DTSTART must be one). */
function firstSlotDate(rhythm: CheckInRhythm, weekday: number, timeZone: string, hour: number, minute: number): { year: number; month: number; day: number } {
  let n = dayNumber(zonedDate(rhythm.updatedAt, timeZone));
  for (let i = 0; i < 45; i++, n++) {
    const d = dateOfDayNumber(n);
    const cadence = rhythm.fields.cadence;
    const onDay =
      cadence === 'daily' ||
      d.weekday === weekday ||
      (cadence === 'twice-weekly' && d.weekday === (weekday + 3) % 7);
    if (!onDay || (cadence === 'monthly' && d.day > 7)) continue;
    if (zonedInstant({ ...d, hour, minute }, timeZone) >= rhythm.updatedAt) return d;
  }
  return dateOfDayNumber(n);
}

/**
 * The .ics text of the rhythm. `timeZone` (default the device's) only decides which calendar
 * day is the first one; the event itself floats. Throws when the agreed time is not HH:MM.
 */
export function checkinCalendar(rhythm: CheckInRhythm, opts: { timeZone?: string; title?: string } = {}): string {
  // The event's name in the person's language (`title`, default "Our check-in"), escaped as RFC 5545 TEXT.
  const title = (opts.title ?? CHECKIN_EVENT_TITLE).replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(rhythm.fields.time);
  if (!m) throw new Error('The check-in time must be HH:MM (like 19:30): fix it in Agreements, then try again.');
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const weekday = WEEKDAYS.indexOf(rhythm.fields.day);
  const start = firstSlotDate(rhythm, weekday, opts.timeZone ?? deviceTimeZone(), hour, minute);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Secure Base//Check-in rhythm//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:checkin-${rhythm.id}@securebase.invalid`,
    // When the rhythm was set: stable for the same agreement, newer after a change.
    `DTSTAMP:${utcStamp(rhythm.updatedAt)}`,
    `DTSTART:${pad(start.year, 4)}${pad(start.month)}${pad(start.day)}T${pad(hour)}${pad(minute)}00`,
    'DURATION:PT30M',
    `RRULE:${rrule(rhythm.fields.cadence, weekday)}`,
    `SUMMARY:${title}`,
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${title}`,
    'TRIGGER:PT0M',
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  // Every line is short ASCII, far below the 75-octet fold limit; CRLF is required.
  return lines.join('\r\n') + '\r\n';
}
