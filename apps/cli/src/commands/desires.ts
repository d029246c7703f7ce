/**
 * `desires list|answer|reveal`: the mutual reveal of desires. Answers (yes, maybe, no) and the
 * person's own items are kept in their PRIVATE document, which only their devices can decrypt.
 * `reveal` runs one round of the private set intersection with a device of the partner over the
 * relay (@securebase/sync's desire-reveal.ts): it prints only the items both said yes or maybe
 * to, one per line, and both counts on stderr. Nothing about the round is stored anywhere.
 *
 *   $ securebase desires answer desire-long-hug yes
 *   Saved: yes for "A long hug without a reason". Only your devices can read this.
 *   $ securebase desires answer "A picnic at dawn" maybe
 *   Saved: maybe for your own item "A picnic at dawn" (custom-Q2x…). Only your devices can read this.
 *   $ securebase desires reveal --timeout 300
 *   securebase: waiting up to 300 s for your partner to start the reveal on their device…   (stderr)
 *   A long hug without a reason
 *   securebase: you brought 2 items, your partner brought 3; 1 is shared.                   (stderr)
 */
import { DESIRE_CUSTOM_MAX, DesireAnswers, ModelValidationError } from '@securebase/model';
import { parseCommandArgs, withUsage } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError, UsageError, oneLine } from '../errors.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { withPrivateDoc, withProfile, withWorkbook } from '../session.js';
import { describeCode } from '../error-codes.js';
import { t } from '../words.js';
import { formatDesireLines, parseDesireAnswer, parseRevealTimeout } from './desires-lines.js';

const LIST_USAGE = 'securebase desires list';
const ANSWER_USAGE = 'securebase desires answer ITEM yes|maybe|no';
const REVEAL_USAGE = 'securebase desires reveal [--timeout SECONDS]';
const USAGE = `${LIST_USAGE}  or  ${ANSWER_USAGE}  or  ${REVEAL_USAGE}`;

/** `desires list|answer|reveal`. */
export async function runDesires(ctx: CommandContext): Promise<void> {
  const [sub, ...rest] = ctx.args;
  const subCtx = { ...ctx, args: rest };
  if (sub === 'list') return listDesires(subCtx);
  if (sub === 'answer') return answerDesire(subCtx);
  if (sub === 'reveal') return revealDesires(subCtx);
  if (sub === undefined) throw new UsageError(withUsage(t('cli.desires.needsSub'), USAGE));
  throw new UsageError(withUsage(t('cli.desires.unknownSub', { sub: oneLine(sub) }), USAGE));
}

async function listDesires(ctx: CommandContext): Promise<void> {
  parseCommandArgs(ctx, {}, { min: 0, max: 0, names: '' }, LIST_USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const entries = await withPrivateDoc(ctx, profile, creds, 'read', (doc) => new DesireAnswers(doc).list());
    for (const line of formatDesireLines(entries)) printLine(ctx, line);
  });
}

async function answerDesire(ctx: CommandContext): Promise<void> {
  const { positionals } = parseCommandArgs(ctx, {}, { min: 2, max: 2, names: t('cli.names.itemAndAnswer'), ids: true }, ANSWER_USAGE);
  const [ref, word] = positionals as [string, string];
  // Checked before anything is opened, so a mistyped word changes nothing.
  const answer = parseDesireAnswer(word, ANSWER_USAGE);
  if (ref.trim() === '') throw new UsageError(withUsage(t('cli.desires.emptyItem'), ANSWER_USAGE));
  if ([...ref.trim()].length > DESIRE_CUSTOM_MAX) throw new UsageError(withUsage(t('cli.desires.tooLong', { max: DESIRE_CUSTOM_MAX }), ANSWER_USAGE));
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const saved = await withPrivateDoc(ctx, profile, creds, 'write', (doc) => {
      try {
        return new DesireAnswers(doc).answer(ref, answer);
      } catch (err) {
        if (err instanceof ModelValidationError && err.reason === 'unknown-id') {
          throw new CliError(t('cli.desires.noItem', { ref: oneLine(ref) }));
        }
        throw err;
      }
    });
    const title = oneLine(saved.title);
    printLine(ctx, saved.custom ? t('cli.desires.savedOwn', { answer, title, id: saved.id }) : t('cli.desires.saved', { answer, title }));
  });
}

async function revealDesires(ctx: CommandContext): Promise<void> {
  const { values } = parseCommandArgs(ctx, { timeout: { type: 'string' } }, { min: 0, max: 0, names: '' }, REVEAL_USAGE);
  const seconds = parseRevealTimeout(values.timeout, REVEAL_USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const items = await withPrivateDoc(ctx, profile, creds, 'read', (doc) => new DesireAnswers(doc).revealItems());
    if (items.length === 0) {
      throw new CliError(t('cli.desires.nothingToReveal'));
    }
    const outcome = await withWorkbook(ctx, profile, creds, 'read', ({ provider }) => {
      ctx.io.stderr.write(`securebase: ${t('cli.desires.waiting', { seconds })}\n`);
      const round = provider.reveals.start({ items: items.map((i) => i.item), timeoutMs: seconds * 1000, ...(ctx.io.signal ? { signal: ctx.io.signal } : {}) });
      return round.outcome;
    });
    if (!outcome.ok) throw new CliError(`${describeCode(outcome.error.code)} [${outcome.error.code}]`);
    const { matches, ownCount, partnerCount } = outcome.value;
    const titles = new Map(items.map((i) => [i.item, i.title]));
    for (const match of matches) printLine(ctx, oneLine(titles.get(match) ?? match));
    const counts = t('cli.desires.counts', { own: ownCount, partner: partnerCount, shared: matches.length });
    ctx.io.stderr.write(`securebase: ${counts}\n`);
  });
}
