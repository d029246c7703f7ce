/**
 * The check-in rhythm agreement as a schedule: when the couple's next check-in is due. Pure:
 * the agreement, the time of the last check-in and "now" in, one moment out; the time zone is
 * the device's unless given (tests pass one).
 *
 * The rhythm is a fixed series of slots at the agreed time of day, counted from when the rhythm
 * was last set (the agreement's `updatedAt`), the same series the calendar file describes
 * (checkin-calendar.ts), so the app and a phone's calendar never disagree:
 *   daily         every day
 *   twice-weekly  the agreed day and three days later (Sunday and Wednesday)
 *   weekly        the agreed day
 *   fortnightly   the agreed day of every second week, counted from the first slot
 *   monthly       the first agreed day of each month
 * A check-in covers a slot when it was started no earlier than about half a cadence before it (a
 * Saturday check-in covers Sunday's); a slot nobody covered stays due until a check-in is
 * started: it never piles up into "three missed".
 *
 *   const due = nextCheckinDue(rhythm, lastCheckinAt(workbook.checkins.list()), Date.now());
 *   if (due?.due) showDueCard(); else remindAt(due.at);
 */
import type { Agreement, CheckIn, CheckInCadence } from './sections.js';
import { WEEKDAYS } from './sections.js';
import { dateOfDayNumber, dayNumber, deviceTimeZone, zonedDate, zonedInstant } from './zoned-time.js';

/** The rhythm agreement's shape. */
export type CheckInRhythm = Extract<Agreement, { kind: 'check-in-rhythm' }>;

/** When the next check-in is: `at` (ms), and whether that moment has come (`due`). */
export interface CheckinDue {
  at: number;
  due: boolean;
}

export interface RhythmOptions {
  /** IANA zone the agreed time is read in; default the device's. */
  timeZone?: string;
}

const DAY = 86_400_000;
/** How long before a slot a check-in still counts for it: about half the cadence. */
const COVER_MS: Readonly<Record<CheckInCadence, number>> = {
  daily: DAY / 2,
  'twice-weekly': 1.5 * DAY,
  weekly: 3.5 * DAY,
  // Less than a week: a check-in in the off week does not swallow the next slot.
  fortnightly: 6 * DAY,
  monthly: 14 * DAY,
};
/** Far enough to find the next or previous slot of any cadence (a month plus a week). */
const SEARCH_DAYS = 45;

/** The agreed time of day, or undefined when it is not HH:MM. */
function timeOfDay(time: string): { hour: number; minute: number } | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : undefined;
}

/** The agreed slot series of one rhythm in one zone. */
class RhythmSlots {
  private readonly weekday: number;
  private readonly firstDay: number;

  constructor(
    private readonly rhythm: CheckInRhythm,
    private readonly time: { hour: number; minute: number },
    private readonly timeZone: string,
  ) {
    this.weekday = WEEKDAYS.indexOf(rhythm.fields.day);
    // The first slot at or after the rhythm was set anchors the series (and the fortnight).
    const start = rhythm.updatedAt;
    let n = dayNumber(zonedDate(start, timeZone));
    for (let i = 0; i <= SEARCH_DAYS; i++, n++) {
      if (this.matchesIgnoringAnchor(n) && this.instant(n) >= start) break;
    }
    this.firstDay = n;
  }

  /** The first slot at or after the rhythm was set. */
  get first(): number {
    return this.instant(this.firstDay);
  }

  /** The latest slot at or before `at`, or undefined before the first. */
  latestAtOrBefore(at: number): number | undefined {
    let n = dayNumber(zonedDate(at, this.timeZone));
    for (let i = 0; i <= SEARCH_DAYS && n >= this.firstDay; i++, n--) {
      if (this.matches(n) && this.instant(n) <= at) return this.instant(n);
    }
    return undefined;
  }

  /** The first slot strictly after `at`. */
  nextAfter(at: number): number {
    let n = Math.max(dayNumber(zonedDate(at, this.timeZone)), this.firstDay);
    for (let i = 0; i <= SEARCH_DAYS * 2; i++, n++) {
      if (this.matches(n) && this.instant(n) > at) return this.instant(n);
    }
    // Unreachable for every cadence (each has a slot within 45 days); kept total for the types.
    return this.instant(n);
  }

  private instant(n: number): number {
    const d = dateOfDayNumber(n);
    return zonedInstant({ year: d.year, month: d.month, day: d.day, ...this.time }, this.timeZone);
  }

  private matches(n: number): boolean {
    if (n < this.firstDay || !this.matchesIgnoringAnchor(n)) return false;
    if (this.rhythm.fields.cadence === 'fortnightly') return (n - this.firstDay) % 14 === 0;
    return true;
  }

  private matchesIgnoringAnchor(n: number): boolean {
    const d = dateOfDayNumber(n);
    switch (this.rhythm.fields.cadence) {
      case 'daily':
        return true;
      case 'twice-weekly':
        return d.weekday === this.weekday || d.weekday === (this.weekday + 3) % 7;
      case 'weekly':
      case 'fortnightly':
        return d.weekday === this.weekday;
      case 'monthly':
        return d.weekday === this.weekday && d.day <= 7;
    }
  }
}

/**
 * When the next check-in is due under `rhythm`, given when the last check-in was started
 * (undefined: never). Undefined when the agreed time is not a time of day.
 */
export function nextCheckinDue(rhythm: CheckInRhythm, lastCheckin: number | undefined, now: number, opts: RhythmOptions = {}): CheckinDue | undefined {
  const time = timeOfDay(rhythm.fields.time);
  if (!time) return undefined;
  const slots = new RhythmSlots(rhythm, time, opts.timeZone ?? deviceTimeZone());
  const cover = COVER_MS[rhythm.fields.cadence];
  const covered = (slot: number): boolean => lastCheckin !== undefined && lastCheckin >= slot - cover;
  // Start at the slot that has come (if any), and step over every slot the last check-in covers.
  let slot = slots.latestAtOrBefore(now) ?? slots.first;
  for (let i = 0; i < 4 && covered(slot); i++) slot = slots.nextAfter(slot);
  return { at: slot, due: slot <= now };
}

/** When the latest check-in was started (undefined when there is none). */
export function lastCheckinAt(checkins: readonly CheckIn[]): number | undefined {
  let latest: number | undefined;
  for (const c of checkins) if (latest === undefined || c.createdAt > latest) latest = c.createdAt;
  return latest;
}

/** The rhythm in force: the most recently set check-in-rhythm agreement, if any. */
export function currentRhythm(agreements: readonly Agreement[]): CheckInRhythm | undefined {
  let found: CheckInRhythm | undefined;
  for (const a of agreements) if (a.kind === 'check-in-rhythm' && (!found || a.updatedAt >= found.updatedAt)) found = a;
  return found;
}
