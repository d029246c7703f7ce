/**
 * `tension add|list`: the private tension log ("where am I now?", 0–10, optional words). The
 * entries are in this partner's PRIVATE document, which only their devices can decrypt, so the
 * partner never sees them and `list` can only ever show one's own. Nothing here shares: the
 * weekly summary is shared from the app, by pressing Share.
 *
 *   $ securebase tension add 7 --note "after the call"
 *   Saved: 7 of 10. Only your devices can read this.
 *   That is at or above the level you chose: a pause may help (Pause or Breathe in the app).
 *   $ securebase tension list
 *   2026-11-20 19:02   7/10  after the call
 *   Last 7 days: 7 on average (1 entry). Last 30 days: 7 on average (1 entry).
 */
import { TENSION_WORDS_MAX, shouldNudge, tensionTrend, type TensionEntry, type TensionWindow } from '@securebase/model';
import { parseCommandArgs, withUsage } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { UsageError, oneLine } from '../errors.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { openPrivateWorkbook } from '../private-items.js';
import { withPrivateDoc, withProfile } from '../session.js';
import { t } from '../words.js';

const ADD_USAGE = 'securebase tension add N [--note TEXT]';
const LIST_USAGE = 'securebase tension list';
const USAGE = `${ADD_USAGE}  or  ${LIST_USAGE}`;

/** `tension add|list`. */
export async function runTension(ctx: CommandContext): Promise<void> {
  const [sub, ...rest] = ctx.args;
  const subCtx = { ...ctx, args: rest };
  if (sub === 'add') return addEntry(subCtx);
  if (sub === 'list') return listEntries(subCtx);
  if (sub === undefined) throw new UsageError(withUsage(t('cli.tension.needsSub'), USAGE));
  throw new UsageError(withUsage(t('cli.tension.unknownSub', { sub: oneLine(sub) }), USAGE));
}

/** N as typed: digits only, 0–10 (so "7.5", "seven" and "-1" get the same plain answer). */
function parseLevel(word: string): number {
  const level = /^\d{1,2}$/.test(word) ? Number(word) : Number.NaN;
  if (level >= 0 && level <= 10) return level;
  throw new UsageError(withUsage(t('cli.tension.badLevel', { word: oneLine(word) }), ADD_USAGE));
}

async function addEntry(ctx: CommandContext): Promise<void> {
  // A negative number would read as an option; it is a level, and a wrong one.
  if (ctx.args[0] !== undefined && /^-\d/.test(ctx.args[0])) parseLevel(ctx.args[0]);
  const { values, positionals } = parseCommandArgs(ctx, { note: { type: 'string' } }, { min: 1, max: 1, names: t('cli.names.level') }, ADD_USAGE);
  const level = parseLevel(positionals[0] as string);
  const words = values.note ?? '';
  // Checked before anything is opened, so a refused entry changes nothing.
  if ([...words.trim()].length > TENSION_WORDS_MAX) {
    throw new UsageError(t('cli.tension.tooLong', { max: TENSION_WORDS_MAX }));
  }
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const { entry, nudge } = await withPrivateDoc(ctx, profile, creds, 'write', (doc) => {
      const log = openPrivateWorkbook(doc).tension;
      const added = log.add({ level, words });
      return { entry: added, nudge: shouldNudge(added, log.nudgeFrom()) };
    });
    printLine(ctx, t('cli.tension.saved', { level: entry.level }));
    if (nudge) printLine(ctx, t('cli.tension.nudge'));
  });
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-20 19:02" in this computer's time zone. */
function localTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** One entry as a line: when, level, words. */
export function formatTensionLine(entry: TensionEntry): string {
  return `${localTime(entry.at)}  ${String(entry.level).padStart(2)}/10${entry.words ? `  ${oneLine(entry.words)}` : ''}`;
}

function windowWords(days: number, w: TensionWindow): string {
  if (w.average === undefined) return t('cli.tension.windowEmpty', { days });
  return t('cli.tension.window', { days, average: w.average, count: w.count });
}

async function listEntries(ctx: CommandContext): Promise<void> {
  parseCommandArgs(ctx, {}, { min: 0, max: 0, names: '' }, LIST_USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const entries = await withPrivateDoc(ctx, profile, creds, 'read', (doc) => openPrivateWorkbook(doc).tension.list());
    if (entries.length === 0) {
      printLine(ctx, t('cli.tension.none', { usage: ADD_USAGE }));
      return;
    }
    for (const entry of entries) printLine(ctx, formatTensionLine(entry));
    const trend = tensionTrend(entries, Date.now());
    printLine(ctx, `${windowWords(7, trend.week)} ${windowWords(30, trend.month)}`);
  });
}
