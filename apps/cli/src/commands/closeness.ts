/**
 * `closeness list|answer`: the closeness ladder. The steps, their order and the step and pace
 * the couple agreed on are in the shared workbook; where this person is with each step
 * ("ready", "maybe soon", "not yet") is in their PRIVATE document, which only their devices
 * can decrypt, so the partner never sees it. Answering a lower position (moving back) is like
 * any other answer: no reason asked, no confirmation.
 *
 *   $ securebase closeness answer builtin-holding-hands ready
 *   Saved: ready for "Holding hands". Only your devices can read this.
 *   $ securebase closeness list
 *   builtin-presence         —           Being in the same room
 *   builtin-holding-hands    ready       Holding hands
 *   …
 *   Together: no step agreed yet. Pace: no rush: we'll talk about the next step when it feels right.
 */
import { ClosenessLadder, ClosenessPositions, type Workbook } from '@securebase/model';
import { parseCommandArgs, withUsage } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError, UsageError, oneLine } from '../errors.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { withPrivateDoc, withProfile, withWorkbook } from '../session.js';
import { t } from '../words.js';
import { POSITION_KEYS, findStep, formatClosenessLines, parsePositionWord } from './closeness-lines.js';

const LIST_USAGE = 'securebase closeness list';
const ANSWER_USAGE = 'securebase closeness answer STEP ready|soon|not-yet';
const USAGE = `${LIST_USAGE}  or  ${ANSWER_USAGE}`;

/** `closeness list|answer`. */
export async function runCloseness(ctx: CommandContext): Promise<void> {
  const [sub, ...rest] = ctx.args;
  const subCtx = { ...ctx, args: rest };
  if (sub === 'list') return listSteps(subCtx);
  if (sub === 'answer') return answerStep(subCtx);
  if (sub === undefined) throw new UsageError(withUsage(t('cli.closeness.needsSub'), USAGE));
  throw new UsageError(withUsage(t('cli.closeness.unknownSub', { sub: oneLine(sub) }), USAGE));
}

/** The shared ladder, with authorship from the session's verified bindings. */
function ladderOf(workbook: Workbook): ClosenessLadder {
  return new ClosenessLadder(workbook.doc, workbook.authorOfClient ? { authorOfClient: workbook.authorOfClient } : {});
}

async function listSteps(ctx: CommandContext): Promise<void> {
  parseCommandArgs(ctx, {}, { min: 0, max: 0, names: '' }, LIST_USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const { steps, status } = await withWorkbook(ctx, profile, creds, 'read', ({ workbook }) => {
      const ladder = ladderOf(workbook);
      return { steps: ladder.steps(), status: ladder.status() };
    });
    const mine = await withPrivateDoc(ctx, profile, creds, 'read', (doc) => new ClosenessPositions(doc).all());
    for (const line of formatClosenessLines(steps, mine, status)) printLine(ctx, line);
  });
}

async function answerStep(ctx: CommandContext): Promise<void> {
  const { positionals } = parseCommandArgs(ctx, {}, { min: 2, max: 2, names: t('cli.names.stepAndPosition'), ids: true }, ANSWER_USAGE);
  const [ref, word] = positionals as [string, string];
  // Checked before anything is opened, so a mistyped word changes nothing.
  const position = parsePositionWord(word, ANSWER_USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    // Custom steps live in the shared ladder, so the id is looked up there first.
    const step = await withWorkbook(ctx, profile, creds, 'read', ({ workbook }) => findStep(ladderOf(workbook).steps(), ref));
    if (!step) throw new CliError(t('cli.closeness.noStep', { ref: oneLine(ref) }));
    await withPrivateDoc(ctx, profile, creds, 'write', (doc) => new ClosenessPositions(doc).set(step.id, position));
    printLine(ctx, t('cli.closeness.saved', { position: t(POSITION_KEYS[position]), step: oneLine(step.title) }));
  });
}
