/**
 * `vocab add` and `vocab list`: the shared vocabulary, with each partner's own meaning.
 *
 * Adding a term that already exists (same words, ignoring case) sets your meaning on it rather
 * than making a duplicate, so both partners can give their meaning of the same word.
 *
 *   $ securebase vocab add flooded --meaning "too much at once; I need a pause" --category emotion
 *   $ securebase vocab list
 *   flooded (emotion) — you: too much at once; I need a pause — Alex: I go quiet
 */
import { VOCABULARY_CATEGORIES, type VocabularyCategory, type VocabularyEntry, type Workbook } from '@securebase/model';
import { chooseOne, parseCommandArgs, withUsage } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { UsageError, oneLine } from '../errors.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { withProfile, withWorkbook } from '../session.js';
import { t } from '../words.js';

const ADD_USAGE = `securebase vocab add TERM --meaning TEXT [--category ${VOCABULARY_CATEGORIES.join('|')}]`;
const LIST_USAGE = 'securebase vocab list';
const USAGE = `${ADD_USAGE}  or  ${LIST_USAGE}`;

/** Terms are matched the way a person reads them: trimmed, case-folded, Unicode-normalised. */
function sameTerm(a: string, b: string): boolean {
  const fold = (s: string): string => s.normalize('NFC').trim().toLocaleLowerCase();
  return fold(a) === fold(b);
}

/** `vocab add|list`. */
export async function runVocab(ctx: CommandContext): Promise<void> {
  const [sub, ...rest] = ctx.args;
  const subCtx = { ...ctx, args: rest };
  if (sub === 'add') return addTerm(subCtx);
  if (sub === 'list') return listTerms(subCtx);
  if (sub === undefined) throw new UsageError(withUsage(t('cli.vocab.needsSub'), USAGE));
  throw new UsageError(withUsage(t('cli.vocab.unknownSub', { sub: oneLine(sub) }), USAGE));
}

async function addTerm(ctx: CommandContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(ctx,
    { meaning: { type: 'string' }, category: { type: 'string' } },
    { min: 1, max: 1, names: t('cli.names.term') },
    ADD_USAGE,
  );
  const term = positionals[0] as string;
  if (values.meaning === undefined) throw new UsageError(withUsage(t('cli.vocab.needsMeaning'), ADD_USAGE));
  const meaning = values.meaning;
  const category: VocabularyCategory | undefined =
    values.category === undefined ? undefined : chooseOne('--category', values.category, VOCABULARY_CATEGORIES, ADD_USAGE);

  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const outcome = await withWorkbook(ctx, profile, creds, 'write', ({ workbook }) =>
      addOrUpdate(workbook, creds.partnerId, term, meaning, category),
    );
    printLine(ctx, t(outcome === 'added' ? 'cli.vocab.added' : 'cli.vocab.updated', { term: oneLine(term) }));
  });
}

function addOrUpdate(
  workbook: Workbook,
  me: string,
  term: string,
  meaning: string,
  category: VocabularyCategory | undefined,
): 'added' | 'updated' {
  const existing = workbook.vocabulary.list().find((entry) => sameTerm(entry.term, term));
  if (!existing) {
    workbook.vocabulary.add({ term, meaning, ...(category ? { category } : {}) }, me);
    return 'added';
  }
  // One transaction, so the partner never sees the meaning without the new category.
  workbook.doc.transact(() => {
    workbook.vocabulary.setMeaning(existing.id, me, meaning);
    if (category && category !== existing.category) workbook.vocabulary.setCategory(existing.id, category);
  });
  return 'updated';
}

/** One readable line per entry: term, category, my meaning, my partner's meaning. */
export function formatVocabularyLine(entry: VocabularyEntry, me: string, names: Record<string, string>): string {
  const mine = entry.meanings[me];
  const partnerId = Object.keys(entry.meanings).find((id) => id !== me);
  const partnerLabel = (partnerId && names[partnerId]) || Object.entries(names).find(([id]) => id !== me)?.[1] || t('cli.vocab.partner');
  const partnerMeaning = partnerId ? entry.meanings[partnerId] : undefined;
  // Everything here may come from the partner's device: keep it on one line, no escapes.
  return [
    `${oneLine(entry.term)} (${entry.category})`,
    `${t('cli.vocab.you')}: ${mine ? oneLine(mine) : '—'}`,
    `${oneLine(partnerLabel)}: ${partnerMeaning ? oneLine(partnerMeaning) : '—'}`,
  ].join(' — ');
}

async function listTerms(ctx: CommandContext): Promise<void> {
  parseCommandArgs(ctx, {}, { min: 0, max: 0, names: '' }, LIST_USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const lines = await withWorkbook(ctx, profile, creds, 'read', ({ workbook }) => {
      const names = workbook.members.all();
      return workbook.vocabulary.list().map((entry) => formatVocabularyLine(entry, creds.partnerId, names));
    });
    for (const line of lines) printLine(ctx, line);
  });
}
