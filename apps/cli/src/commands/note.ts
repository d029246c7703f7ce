/**
 * `note add`: a quick note into the shared inbox. Returns once the relay has stored it; if the
 * relay cannot be reached, the note stays pending in this profile and the next command sends it.
 *
 *   $ securebase note add "Thank you for listening last night" --kind appreciation
 */
import { INBOX_KINDS, type InboxKind } from '@securebase/model';
import { chooseOne, parseCommandArgs, withUsage } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { UsageError, oneLine } from '../errors.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { withProfile, withWorkbook } from '../session.js';
import { t } from '../words.js';

const ADD_USAGE = `securebase note add TEXT [--kind ${INBOX_KINDS.join('|')}]`;

/** `note add`. */
export async function runNote(ctx: CommandContext): Promise<void> {
  const [sub, ...rest] = ctx.args;
  if (sub === undefined) throw new UsageError(withUsage(t('cli.note.needsSub'), ADD_USAGE));
  if (sub !== 'add') throw new UsageError(withUsage(t('cli.note.unknownSub', { sub: oneLine(sub) }), ADD_USAGE));

  const subCtx = { ...ctx, args: rest };
  const { values, positionals } = parseCommandArgs(
    subCtx,
    { kind: { type: 'string' } },
    { min: 1, max: 1, names: t('cli.names.noteText') },
    ADD_USAGE,
  );
  const text = positionals[0] as string;
  const kind: InboxKind | undefined = values.kind === undefined ? undefined : chooseOne('--kind', values.kind, INBOX_KINDS, ADD_USAGE);

  await withProfile(subCtx, async (profile) => {
    const { creds } = await loadFreshCredentials(subCtx, profile);
    await withWorkbook(subCtx, profile, creds, 'write', ({ workbook }) => {
      workbook.inbox.add({ text, ...(kind ? { kind } : {}) }, creds.partnerId);
    });
    printLine(subCtx, t('cli.note.added'));
  });
}
