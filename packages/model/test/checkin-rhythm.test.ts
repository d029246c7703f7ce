import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workbook, currentRhythm, lastCheckinAt, nextCheckinDue, type CheckInCadence, type CheckInRhythm, type Weekday } from '@securebase/model';
import { A } from './helpers.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const H = 3_600_000;
const D = 24 * H;

/** A rhythm agreement set at `setAt`. */
function rhythm(cadence: CheckInCadence, day: Weekday, time: string, setAt: number): CheckInRhythm {
  const wb = new Workbook(new Y.Doc(), { now: () => setAt });
  return wb.agreements.add({ kind: 'check-in-rhythm', fields: { cadence, day, time } }, A);
}

const utc = (iso: string): number => Date.parse(iso);

describe('nextCheckinDue', () => {
  // Wednesday 2025-03-05 12:00 in Berlin (11:00Z).
  const setAt = utc('2025-03-05T11:00:00Z');
  const weekly = rhythm('weekly', 'sunday', '19:00', setAt);

  it('is the first agreed slot after the rhythm was set, and due once it has come', () => {
    expect(nextCheckinDue(weekly, undefined, setAt, { timeZone: BERLIN })).toEqual({ at: utc('2025-03-09T18:00:00Z'), due: false });
    // Exactly at the slot: due. A minute before: not yet.
    expect(nextCheckinDue(weekly, undefined, utc('2025-03-09T18:00:00Z'), { timeZone: BERLIN })?.due).toBe(true);
    expect(nextCheckinDue(weekly, undefined, utc('2025-03-09T17:59:00Z'), { timeZone: BERLIN })?.due).toBe(false);
  });

  it('a check-in covers its slot, even a day early; a missed slot stays due, without piling up', () => {
    const sunday = utc('2025-03-09T18:00:00Z');
    // Checked in on time: the next is a week later.
    expect(nextCheckinDue(weekly, sunday + 5 * 60_000, sunday + H, { timeZone: BERLIN })).toEqual({ at: sunday + 7 * D, due: false });
    // Checked in on Saturday: Sunday's slot is covered.
    expect(nextCheckinDue(weekly, sunday - D, sunday + H, { timeZone: BERLIN })).toEqual({ at: sunday + 7 * D, due: false });
    // Not checked in for two weeks: due, at the latest slot (never "three missed").
    expect(nextCheckinDue(weekly, undefined, sunday + 15 * D, { timeZone: BERLIN })).toEqual({ at: sunday + 14 * D, due: true });
    // A check-in the previous Wednesday does not cover Sunday (more than half a week before).
    expect(nextCheckinDue(weekly, sunday - 4 * D, sunday + H, { timeZone: BERLIN })?.due).toBe(true);
  });

  it('keeps 19:00 on the wall clock across the spring and autumn changes', () => {
    // Berlin moves to summer time on 2025-03-30: 19:00 is 18:00Z before and 17:00Z after.
    const before = utc('2025-03-23T18:00:00Z');
    expect(nextCheckinDue(weekly, before, before + H, { timeZone: BERLIN })?.at).toBe(utc('2025-03-30T17:00:00Z'));
    // And back on 2025-10-26.
    const autumn = utc('2025-10-19T17:00:00Z');
    expect(nextCheckinDue(weekly, autumn, autumn + H, { timeZone: BERLIN })?.at).toBe(utc('2025-10-26T18:00:00Z'));
    // New York changes on other dates (2025-03-09): the device's zone decides.
    const ny = rhythm('weekly', 'sunday', '19:00', utc('2025-03-05T12:00:00Z'));
    expect(nextCheckinDue(ny, undefined, utc('2025-03-05T12:00:00Z'), { timeZone: NEW_YORK })?.at).toBe(utc('2025-03-09T23:00:00Z'));
  });

  it('a time inside the spring gap moves forward; a time that happens twice is the first', () => {
    const night = rhythm('weekly', 'sunday', '02:30', utc('2025-03-25T12:00:00Z'));
    // 02:30 does not exist in Berlin on 2025-03-30: the clock reads 03:30 CEST (01:30Z).
    expect(nextCheckinDue(night, undefined, utc('2025-03-25T12:00:00Z'), { timeZone: BERLIN })?.at).toBe(utc('2025-03-30T01:30:00Z'));
    const autumn = rhythm('weekly', 'sunday', '02:30', utc('2025-10-22T12:00:00Z'));
    // 02:30 happens twice on 2025-10-26: the first, in summer time (00:30Z).
    expect(nextCheckinDue(autumn, undefined, utc('2025-10-22T12:00:00Z'), { timeZone: BERLIN })?.at).toBe(utc('2025-10-26T00:30:00Z'));
  });

  it('weekday edges: set on the agreed day before and after the time, late on Saturday, at midnight', () => {
    // Set Sunday 18:00 Berlin: today's 19:00 counts.
    const early = rhythm('weekly', 'sunday', '19:00', utc('2025-03-09T17:00:00Z'));
    expect(nextCheckinDue(early, undefined, utc('2025-03-09T17:00:00Z'), { timeZone: BERLIN })?.at).toBe(utc('2025-03-09T18:00:00Z'));
    // Set Sunday 19:30: next Sunday.
    const late = rhythm('weekly', 'sunday', '19:00', utc('2025-03-09T18:30:00Z'));
    expect(nextCheckinDue(late, undefined, utc('2025-03-09T18:30:00Z'), { timeZone: BERLIN })?.at).toBe(utc('2025-03-16T18:00:00Z'));
    // Saturday 23:30 in Berlin: Sunday 00:00 is half an hour away (the zone's calendar decides).
    const sat = rhythm('weekly', 'sunday', '00:00', utc('2025-03-08T22:30:00Z')); // Saturday 23:30 Berlin
    expect(nextCheckinDue(sat, undefined, utc('2025-03-08T22:30:00Z'), { timeZone: BERLIN })?.at).toBe(utc('2025-03-08T23:00:00Z'));
    // The same instant in New York is Saturday 17:30: midnight is the start of Sunday there.
    expect(nextCheckinDue(sat, undefined, utc('2025-03-08T22:30:00Z'), { timeZone: NEW_YORK })?.at).toBe(utc('2025-03-09T05:00:00Z'));
  });

  it('every cadence: daily, twice a week, fortnightly from the first slot, the first Sunday of a month', () => {
    const set = utc('2025-03-05T11:00:00Z'); // Wednesday
    const daily = rhythm('daily', 'sunday', '08:00', set);
    expect(nextCheckinDue(daily, undefined, set, { timeZone: BERLIN })?.at).toBe(utc('2025-03-06T07:00:00Z'));
    const twice = rhythm('twice-weekly', 'sunday', '19:00', set);
    // Sunday and Wednesday: Wednesday's 19:00 is still to come.
    expect(nextCheckinDue(twice, undefined, set, { timeZone: BERLIN })?.at).toBe(utc('2025-03-05T18:00:00Z'));
    expect(nextCheckinDue(twice, utc('2025-03-05T18:10:00Z'), utc('2025-03-06T09:00:00Z'), { timeZone: BERLIN })?.at).toBe(utc('2025-03-09T18:00:00Z'));
    const fortnightly = rhythm('fortnightly', 'sunday', '19:00', set);
    expect(nextCheckinDue(fortnightly, utc('2025-03-09T18:10:00Z'), utc('2025-03-10T09:00:00Z'), { timeZone: BERLIN })?.at).toBe(utc('2025-03-23T18:00:00Z'));
    // A check-in on the off week does not shift the fortnight.
    expect(nextCheckinDue(fortnightly, utc('2025-03-16T18:10:00Z'), utc('2025-03-17T09:00:00Z'), { timeZone: BERLIN })?.at).toBe(utc('2025-03-23T18:00:00Z'));
    const monthly = rhythm('monthly', 'sunday', '19:00', set);
    // The first Sunday of April 2025 is the 6th (summer time).
    expect(nextCheckinDue(monthly, undefined, set, { timeZone: BERLIN })?.at).toBe(utc('2025-04-06T17:00:00Z'));
  });

  it('reads the rhythm in force and the last check-in from the workbook', () => {
    let t = utc('2025-03-05T11:00:00Z');
    const wb = new Workbook(new Y.Doc(), { now: () => t++ });
    expect(currentRhythm(wb.agreements.list())).toBeUndefined();
    wb.agreements.add({ kind: 'check-in-rhythm', fields: { cadence: 'weekly', day: 'sunday', time: '19:00' } }, A);
    const later = wb.agreements.add({ kind: 'check-in-rhythm', fields: { cadence: 'daily', day: 'monday', time: '08:00' } }, A);
    expect(currentRhythm(wb.agreements.list())?.id).toBe(later.id);
    expect(lastCheckinAt(wb.checkins.list())).toBeUndefined();
    const c = wb.checkins.create({ date: '2025-03-05' }, A);
    expect(lastCheckinAt(wb.checkins.list())).toBe(c.createdAt);
  });
});
