/**
 * The private tension log: "where am I now?" on a 0–10 scale, with optional words, kept in the
 * partner's PRIVATE document (`private-<partnerId>`, whose key only their own devices hold).
 * Tracking one's own arousal is inner work, so nothing here writes to the shared workbook: the
 * trend is computed on the person's own device, and the only way anything reaches the partner
 * is `shareTensionSummary` (tension-share.ts), which the person calls by pressing Share and
 * which copies a few words about the week (never the numbers, never the person's words).
 *
 *   const log = mine.tension;
 *   const entry = log.add({ level: 8, words: 'after the call with mum' });
 *   if (shouldNudge(entry, log.nudgeFrom())) offerPauseTools();
 *   tensionTrend(log.list(), Date.now()).week.average; // 8
 */
import type * as Y from 'yjs';
import { ItemCollection, writeTransaction, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import type { TensionEntry } from './sections.js';
import { ModelValidationError, isIntIn, isText, isTime, validOptionalText } from './validation.js';

/** The scale: 0 is completely calm, 10 the most tension the person knows. */
export const TENSION_LEVEL = { min: 0, max: 10 } as const;

/** Words with an entry: a phrase, not a journal (the journal is for long writing). */
export const TENSION_WORDS_MAX = 280;

/**
 * The nudge is offered from this level until the person chooses another (or turns it off).
 * Why a default rather than none: the moment a nudge helps is a spike, and nobody opens
 * settings first in a spike. It is gentle because it only suggests the pause tools on the
 * person's own screen, sends nothing, and is one tap to change; 7 is the top third of the
 * scale, where "choosing repair over retreat" is hardest.
 */
export const DEFAULT_NUDGE_FROM = 7;

interface StoredEntry {
  id: string;
  level: number;
  words: string;
  createdAt: number;
}

function parseEntry(id: string, f: Y.Map<unknown>): StoredEntry | undefined {
  const level = f.get('level');
  const words = f.get('words');
  const createdAt = f.get('createdAt');
  if (!isIntIn(level, TENSION_LEVEL.min, TENSION_LEVEL.max) || !isText(words, TENSION_WORDS_MAX, true) || !isTime(createdAt)) {
    return undefined;
  }
  return { id, level, words, createdAt };
}

const asEntry = (s: StoredEntry): TensionEntry => ({ id: s.id, level: s.level, words: s.words, at: s.createdAt });

/** A level from user input (a tap, a CLI argument): an integer 0–10, else 'level' 'invalid-value'. */
export function validTensionLevel(value: unknown): number {
  if (!isIntIn(value, TENSION_LEVEL.min, TENSION_LEVEL.max)) throw new ModelValidationError('level', 'invalid-value');
  return value;
}

/** This partner's own tension log, in their private document. */
export class TensionLogSection {
  private readonly items: ItemCollection<StoredEntry>;
  private readonly prefs: Y.Map<unknown>;

  constructor(private readonly ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('tensionLog'), parseEntry);
    this.prefs = ctx.doc.getMap('tensionPrefs');
  }

  /** Every entry, oldest first. */
  list(): TensionEntry[] {
    return this.items.list().map(asEntry);
  }

  /** One entry, or undefined. */
  get(id: string): TensionEntry | undefined {
    const stored = this.items.get(id);
    return stored ? asEntry(stored) : undefined;
  }

  /** Records where the person is now. */
  add(input: { level: number; words?: string }): TensionEntry {
    const level = validTensionLevel(input.level);
    const words = validOptionalText('words', input.words ?? '', TENSION_WORDS_MAX);
    const id = randomItemId();
    const at = this.ctx.now();
    this.items.insert(id, { level, words, createdAt: at });
    return { id, level, words, at };
  }

  /** Deletes an entry. */
  remove(id: string): void {
    this.items.remove(id);
  }

  /** The level from which the pause tools are suggested; undefined when turned off. */
  nudgeFrom(): number | undefined {
    const stored = this.prefs.get('nudgeFrom');
    if (stored === 'off') return undefined;
    return isIntIn(stored, 1, TENSION_LEVEL.max) ? stored : DEFAULT_NUDGE_FROM;
  }

  /** Chooses the nudge level (1–10), or turns the nudge off with undefined. */
  setNudgeFrom(level: number | undefined): void {
    if (level !== undefined && !isIntIn(level, 1, TENSION_LEVEL.max)) throw new ModelValidationError('nudgeFrom', 'invalid-value');
    writeTransaction(this.ctx, () => this.prefs.set('nudgeFrom', level ?? 'off'));
  }
}

/** True when this entry is at or above the level the person chose (never with the nudge off). */
export function shouldNudge(entry: Pick<TensionEntry, 'level'>, nudgeFrom: number | undefined): boolean {
  return nudgeFrom !== undefined && entry.level >= nudgeFrom;
}

const DAY_MS = 86_400_000;

/** Average and count of the entries in one window. */
export interface TensionWindow {
  count: number;
  /** Mean level, one decimal; undefined with no entries. */
  average: number | undefined;
}

/** One day of the last week, for the bars. */
export interface TensionDay {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  count: number;
  /** Mean level that day, one decimal; undefined with no entries. */
  average: number | undefined;
  /** Highest level that day. */
  highest: number | undefined;
}

/** The private trend of the person's own log. */
export interface TensionTrend {
  week: TensionWindow;
  month: TensionWindow;
  /**
   * The last 7 days against the 23 before them: 'easing' or 'rising' when the averages differ by
   * a whole point or more, else 'steady'; undefined without entries in both.
   */
  direction: 'easing' | 'steady' | 'rising' | undefined;
  /** The last 7 local days, oldest first (today last). */
  days: TensionDay[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function windowOf(entries: readonly TensionEntry[]): TensionWindow {
  if (entries.length === 0) return { count: 0, average: undefined };
  return { count: entries.length, average: round1(entries.reduce((sum, e) => sum + e.level, 0) / entries.length) };
}

/** Local calendar date of `ms` (the person's own day, not UTC's). */
function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The last 7 and 30 days (ending at `now`), their direction, and the week day by day. */
export function tensionTrend(entries: readonly TensionEntry[], now: number): TensionTrend {
  const within = (days: number): TensionEntry[] => entries.filter((e) => e.at <= now && e.at > now - days * DAY_MS);
  const week = within(7);
  const month = within(30);
  const before = month.filter((e) => e.at <= now - 7 * DAY_MS);
  const w = windowOf(week);
  const b = windowOf(before);
  let direction: TensionTrend['direction'];
  if (w.average !== undefined && b.average !== undefined) {
    const change = w.average - b.average;
    direction = change <= -1 ? 'easing' : change >= 1 ? 'rising' : 'steady';
  }
  const days: TensionDay[] = [];
  const today = new Date(now);
  for (let back = 6; back >= 0; back--) {
    // Calendar arithmetic, so a daylight-saving change does not skip or repeat a day.
    const date = localDate(new Date(today.getFullYear(), today.getMonth(), today.getDate() - back, 12).getTime());
    const that = week.filter((e) => localDate(e.at) === date);
    const { count, average } = windowOf(that);
    days.push({ date, count, average, highest: count ? Math.max(...that.map((e) => e.level)) : undefined });
  }
  return { week: w, month: windowOf(month), direction, days };
}

/** Three words a partner can read without numbers: 0–3 calm, 4–6 some tension, 7–10 hard. */
export type TensionBand = 'calm' | 'tense' | 'hard';
export type PartOfDay = 'morning' | 'afternoon' | 'evening' | 'night';

/**
 * The week as the summary tells it, and nothing more: the band most entries fell in and, when
 * that is not "hard", how many hard moments there were (one, two or a few) and, for a single one,
 * the part of the day. Each language puts these into its own words (tensionSummary: English).
 */
export interface TensionWeek {
  most: TensionBand;
  hard: 'none' | 'one' | 'two' | 'few';
  /** For exactly one hard moment: when it was. */
  hardAt?: PartOfDay;
}

const band = (level: number): TensionBand => (level <= 3 ? 'calm' : level <= 6 ? 'tense' : 'hard');
const BAND_WORDS: Record<TensionBand, string> = { calm: 'mostly calm', tense: 'some tension', hard: 'mostly hard' };

function partOfDay(ms: number): PartOfDay {
  const hour = new Date(ms).getHours();
  if (hour >= 5 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 18) return 'afternoon';
  if (hour >= 18 && hour < 23) return 'evening';
  return 'night';
}

/**
 * The last 7 days the person may choose to share, built from bands only: no level, no count
 * beyond "one / two / a few", none of the person's own words. Undefined when the week has no
 * entries (nothing to say).
 */
export function tensionWeek(entries: readonly TensionEntry[], now: number): TensionWeek | undefined {
  const week = entries.filter((e) => e.at <= now && e.at > now - 7 * DAY_MS);
  if (week.length === 0) return undefined;
  const counts: Record<TensionBand, number> = { calm: 0, tense: 0, hard: 0 };
  for (const e of week) counts[band(e.level)] += 1;
  const most = (['calm', 'tense', 'hard'] as const).reduce((a, b) => (counts[b] > counts[a] ? b : a));
  const hard = week.filter((e) => band(e.level) === 'hard');
  if (most === 'hard' || hard.length === 0) return { most, hard: 'none' };
  if (hard.length === 1) return { most, hard: 'one', hardAt: partOfDay((hard[0] as TensionEntry).at) };
  return { most, hard: hard.length === 2 ? 'two' : 'few' };
}

/** The week in English words, e.g. "This week: mostly calm, one hard evening." */
export function englishTensionWeek(week: TensionWeek): string {
  const extra = week.hard === 'one' ? `, one hard ${week.hardAt ?? 'moment'}` : week.hard === 'two' ? ', two hard moments' : week.hard === 'few' ? ', a few hard moments' : '';
  return `This week: ${BAND_WORDS[week.most]}${extra}.`;
}

/** The summary in English (tensionWeek in words), or undefined when the week is empty. */
export function tensionSummary(entries: readonly TensionEntry[], now: number): string | undefined {
  const week = tensionWeek(entries, now);
  return week && englishTensionWeek(week);
}
