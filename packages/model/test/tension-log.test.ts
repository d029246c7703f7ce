import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  DEFAULT_NUDGE_FROM,
  PrivateWorkbook,
  TENSION_WORDS_MAX,
  Workbook,
  shareTensionSummary,
  shouldNudge,
  tensionSummary,
  tensionWeek,
  tensionTrend,
  type TensionEntry,
} from '@securebase/model';
import { A, exchange, expectInvalid, fixedClock, sync } from './helpers.js';

const DAY = 86_400_000;
/** Noon, local time, on a fixed day: far from midnight so day buckets are unambiguous. */
const NOW = new Date(2026, 10, 20, 12).getTime();
const at = (daysAgo: number, hour = 12): number => {
  const d = new Date(NOW);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - daysAgo, hour).getTime();
};
const entry = (level: number, when: number, words = ''): TensionEntry => ({ id: `e${when}-${level}`, level, words, at: when });

describe('the private tension log', () => {
  it('keeps entries in the private document only, oldest first, and syncs to the person’s other devices', () => {
    const phone = new PrivateWorkbook(new Y.Doc(), { now: fixedClock() });
    const laptop = new PrivateWorkbook(new Y.Doc(), { now: fixedClock() });
    const shared = new Workbook(new Y.Doc(), { now: fixedClock() });
    const first = phone.tension.add({ level: 3, words: '  Zqtensioncanary  ' });
    const second = phone.tension.add({ level: 9 });
    expect(first).toMatchObject({ level: 3, words: 'Zqtensioncanary' });
    expect(second.words).toBe('');
    sync(phone.doc, laptop.doc);
    expect(laptop.tension.list()).toEqual([first, second]);
    expect(phone.tension.get(first.id)).toEqual(first);
    // Nothing was written to the shared workbook.
    expect(new TextDecoder().decode(Y.encodeStateAsUpdate(shared.doc))).not.toContain('Zqtensioncanary');
    phone.tension.remove(first.id);
    expect(phone.tension.list()).toEqual([second]);
  });

  it('refuses a level that is not a whole number 0–10 and words that are too long, with typed errors', () => {
    const mine = new PrivateWorkbook(new Y.Doc(), { now: fixedClock() });
    for (const level of [-1, 11, 3.5, Number.NaN, '5' as unknown as number]) expectInvalid(() => mine.tension.add({ level }), 'level', 'invalid-value');
    expectInvalid(() => mine.tension.add({ level: 4, words: 'x'.repeat(TENSION_WORDS_MAX + 1) }), 'words', 'too-long');
    expect(mine.tension.add({ level: 0, words: 'x'.repeat(TENSION_WORDS_MAX) }).level).toBe(0);
    expect(mine.tension.add({ level: 10 }).level).toBe(10);
    expect(mine.tension.list()).toHaveLength(2);
  });

  it('skips a peer’s junk on read', () => {
    const mine = new PrivateWorkbook(new Y.Doc(), { now: fixedClock() });
    const junk = new Y.Map<unknown>();
    junk.set('level', 42);
    junk.set('words', '');
    junk.set('createdAt', 1);
    mine.doc.getMap('tensionLog').set('bad', junk);
    mine.tension.add({ level: 2 });
    expect(mine.tension.list().map((e) => e.level)).toEqual([2]);
  });

  it('nudges at or above the level the person chose, with a gentle default, and never when turned off', () => {
    const mine = new PrivateWorkbook(new Y.Doc(), { now: fixedClock() });
    expect(mine.tension.nudgeFrom()).toBe(DEFAULT_NUDGE_FROM);
    expect(shouldNudge({ level: DEFAULT_NUDGE_FROM }, mine.tension.nudgeFrom())).toBe(true);
    expect(shouldNudge({ level: DEFAULT_NUDGE_FROM - 1 }, mine.tension.nudgeFrom())).toBe(false);
    mine.tension.setNudgeFrom(5);
    expect(shouldNudge({ level: 5 }, mine.tension.nudgeFrom())).toBe(true);
    expect(shouldNudge({ level: 4 }, mine.tension.nudgeFrom())).toBe(false);
    mine.tension.setNudgeFrom(undefined);
    expect(mine.tension.nudgeFrom()).toBeUndefined();
    expect(shouldNudge({ level: 10 }, mine.tension.nudgeFrom())).toBe(false);
    for (const bad of [0, 11, 2.5]) expectInvalid(() => mine.tension.setNudgeFrom(bad), 'nudgeFrom', 'invalid-value');
    expect(mine.tension.nudgeFrom()).toBeUndefined();
  });

  it('computes the week, the month, the direction and the last seven days', () => {
    const entries = [entry(8, at(20)), entry(6, at(12)), entry(2, at(3)), entry(4, at(3, 20)), entry(3, at(0)), entry(9, at(40))];
    const trend = tensionTrend(entries, NOW);
    expect(trend.week).toEqual({ count: 3, average: 3 });
    expect(trend.month).toEqual({ count: 5, average: 4.6 });
    // 3 this week against 7 in the 23 days before: easing.
    expect(trend.direction).toBe('easing');
    expect(trend.days).toHaveLength(7);
    expect(trend.days.at(-1)).toMatchObject({ count: 1, average: 3, highest: 3 });
    expect(trend.days[3]).toMatchObject({ count: 2, average: 3, highest: 4 });
    expect(trend.days[0]).toMatchObject({ count: 0, average: undefined, highest: undefined });
    expect(tensionTrend([entry(6, at(1)), entry(2, at(10))], NOW).direction).toBe('rising');
    expect(tensionTrend([entry(3, at(1))], NOW).direction).toBeUndefined();
    expect(tensionTrend([entry(3, at(1)), entry(3, at(10))], NOW).direction).toBe('steady');
    expect(tensionTrend([], NOW)).toMatchObject({ week: { count: 0, average: undefined }, direction: undefined });
    // An entry from the future (another device's clock) is not counted yet.
    expect(tensionTrend([entry(5, NOW + DAY)], NOW).week.count).toBe(0);
  });

  it('summarises the week in words only: bands, never levels or the person’s words', () => {
    expect(tensionSummary([], NOW)).toBeUndefined();
    expect(tensionSummary([entry(9, at(10))], NOW)).toBeUndefined();
    const week = [entry(1, at(6), 'Zqprivatewords'), entry(2, at(5)), entry(3, at(4)), entry(8, at(2, 20)), entry(0, at(1))];
    const summary = tensionSummary(week, NOW);
    expect(summary).toBe('This week: mostly calm, one hard evening.');
    expect(summary).not.toMatch(/\d|Zqprivatewords/);
    expect(tensionSummary([entry(5, at(1)), entry(6, at(2)), entry(9, at(3, 9)), entry(7, at(4, 1))], NOW)).toBe(
      'This week: some tension, two hard moments.',
    );
    expect(tensionSummary([entry(9, at(1)), entry(8, at(2))], NOW)).toBe('This week: mostly hard.');
    // The same week as bands, for other languages to word: nothing else is in it.
    expect(tensionWeek(week, NOW)).toEqual({ most: 'calm', hard: 'one', hardAt: 'evening' });
    expect(tensionWeek([entry(9, at(1)), entry(8, at(2))], NOW)).toEqual({ most: 'hard', hard: 'none' });
  });

  it('is in the person’s own export, so leaving loses nothing', () => {
    const mine = new PrivateWorkbook(new Y.Doc(), { now: fixedClock(NOW) });
    const entry = mine.tension.add({ level: 6, words: 'before the *dinner*' });
    expect(mine.toJSON().tension).toEqual([entry]);
    expect(mine.toMarkdown()).toContain(`## Tension log\n\n- ${new Date(NOW).toISOString().slice(0, 10)}: 6 of 10: before the \\*dinner\\*`);
  });

  it('shares the summary only when asked, as an ordinary inbox note of the person', () => {
    const clock = fixedClock(NOW - 1000);
    const mine = new PrivateWorkbook(new Y.Doc(), { now: clock });
    const maya = new Workbook(new Y.Doc(), { now: clock });
    const jonah = new Workbook(new Y.Doc(), { now: clock });
    expectInvalid(() => shareTensionSummary(mine, maya, A, NOW), 'summary', 'required');
    mine.tension.add({ level: 2, words: 'Zqtensionwords' });
    mine.tension.add({ level: 3 });
    exchange(maya.doc, jonah.doc);
    expect(jonah.inbox.list()).toEqual([]);
    const note = shareTensionSummary(mine, maya, A, NOW);
    exchange(maya.doc, jonah.doc);
    expect(jonah.inbox.list()).toEqual([note]);
    expect(note).toMatchObject({ text: 'This week: mostly calm.', createdBy: A });
    expect(new TextDecoder().decode(Y.encodeStateAsUpdate(jonah.doc))).not.toContain('Zqtensionwords');
  });
});
