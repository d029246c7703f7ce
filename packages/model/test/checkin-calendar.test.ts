import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workbook, checkinCalendar, type CheckInCadence } from '@securebase/model';
import { A } from './helpers.js';

function rhythmFile(cadence: CheckInCadence, setAt = Date.parse('2025-03-05T11:00:00Z')): { ics: string; id: string } {
  const wb = new Workbook(new Y.Doc(), { now: () => setAt });
  wb.members.setName(A, 'Maya');
  const a = wb.agreements.add({ kind: 'check-in-rhythm', title: 'Sunday evenings, Maya and Jonah', fields: { cadence, day: 'sunday', time: '19:30' } }, A);
  return { ics: checkinCalendar(a, { timeZone: 'Europe/Berlin' }), id: a.id };
}

describe('checkinCalendar', () => {
  it('is one RFC 5545 event with a weekly RRULE, CRLF lines, a stable UID and floating time', () => {
    const { ics, id } = rhythmFile('weekly');
    expect(ics).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Secure Base//Check-in rhythm//EN',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'BEGIN:VEVENT',
        `UID:checkin-${id}@securebase.invalid`,
        'DTSTAMP:20250305T110000Z',
        'DTSTART:20250309T193000',
        'DURATION:PT30M',
        'RRULE:FREQ=WEEKLY;BYDAY=SU',
        'SUMMARY:Our check-in',
        'TRANSP:TRANSPARENT',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'DESCRIPTION:Our check-in',
        'TRIGGER:PT0M',
        'END:VALARM',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    // The same agreement gives the same file (and UID) every time.
    expect(rhythmFile('weekly').ics.replace(/UID:.*\r\n/, '')).toBe(ics.replace(/UID:.*\r\n/, ''));
  });

  it('carries no names or words from the workbook, and no line is longer than 75 octets', () => {
    const { ics } = rhythmFile('weekly');
    expect(ics).not.toMatch(/Maya|Jonah|evenings/);
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it('has the RRULE of every cadence, starting on a day the rule produces', () => {
    const rule = (c: CheckInCadence): string => /RRULE:(.*)\r\n/.exec(rhythmFile(c).ics)?.[1] ?? '';
    const start = (c: CheckInCadence): string => /DTSTART:(.*)\r\n/.exec(rhythmFile(c).ics)?.[1] ?? '';
    expect(rule('daily')).toBe('FREQ=DAILY');
    expect(start('daily')).toBe('20250305T193000');
    expect(rule('twice-weekly')).toBe('FREQ=WEEKLY;BYDAY=WE,SU');
    expect(start('twice-weekly')).toBe('20250305T193000');
    expect(rule('fortnightly')).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=SU');
    expect(start('fortnightly')).toBe('20250309T193000');
    expect(rule('monthly')).toBe('FREQ=MONTHLY;BYDAY=1SU');
    expect(start('monthly')).toBe('20250406T193000');
  });
});
