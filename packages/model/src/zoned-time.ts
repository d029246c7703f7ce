/**
 * Wall-clock time in a named time zone, with nothing but Intl: the calendar date a moment falls
 * on there, and the moment a local date and time (19:00 on a Sunday) happens there, across DST.
 * A check-in at "Sunday 19:00" means 19:00 on the couple's clocks, whatever the UTC offset.
 *
 *   zonedInstant({ year: 2025, month: 3, day: 30, hour: 19, minute: 0 }, 'Europe/Berlin'); // 17:00Z
 *   zonedDate(Date.UTC(2025, 2, 30, 22, 30), 'Europe/Berlin'); // { year: 2025, month: 3, day: 31, … }
 */

/** A local calendar date and time of day (month 1–12). */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** This runtime's own time zone (the device's), e.g. 'Europe/Berlin'. */
export function deviceTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The local date and time `at` (ms) falls on in `timeZone`. */
export function zonedDate(at: number, timeZone: string): LocalDateTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts['year'] ?? 0,
    month: parts['month'] ?? 1,
    day: parts['day'] ?? 1,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
  };
}

/** The zone's offset from UTC at `at`, in ms (CEST: +7 200 000). */
function offsetAt(at: number, timeZone: string): number {
  const d = zonedDate(at, timeZone);
  const asUtc = Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The moment `local` happens in `timeZone`. A time skipped by a spring-forward gap (02:30 on the
 * night clocks jump to 03:00) is moved forward by the gap, as a clock on the wall would show it;
 * a time that happens twice in the autumn is the first of the two.
 */
export function zonedInstant(local: LocalDateTime, timeZone: string): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // The offset a little before and after: the earlier is the one in force before any change.
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const first = wall - before;
  if (offsetAt(first, timeZone) === before) return first; // ordinary, or the first of two
  const second = wall - after;
  if (offsetAt(second, timeZone) === after) return second;
  // In the gap: neither offset gives back this wall time; the clock reads it an hour (gap) later.
  return wall - before;
}

/** Days since 1970-01-01 of a calendar date: DST-free day arithmetic. */
export function dayNumber(d: { year: number; month: number; day: number }): number {
  return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
}

/** The calendar date `n` days after 1970-01-01, with its weekday (0 = Monday … 6 = Sunday). */
export function dateOfDayNumber(n: number): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(n * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: (d.getUTCDay() + 6) % 7 };
}
