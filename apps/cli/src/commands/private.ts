/**
 * `private add|list|share`: private items (the private workbook's quick notes) in this
 * partner's private document, which only this partner's devices can decrypt. Sharing is an
 * explicit act: it copies the text into the shared inbox, where the partner sees it; the private
 * copy stays private. An id may be shortened to any unambiguous start of it.
 *
 *   $ securebase private add "What I could not say on Sunday"
 *   Saved privately as Xk3f9Qa1bV0c2dE4fG6hI8. Only your devices can read it.
 *   $ securebase private list
 *   Xk3f9Qa1bV0c2dE4fG6hI8  What I could not say on Sunday
 *   $ securebase private share Xk3f
 */
import { shareItem as shareIntoInbox } from '@securebase/model';
import { parseCommandArgs, withUsage } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError, UsageError, oneLine } from '../errors.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { findPrivateItem, formatPrivateItemLine, openPrivateWorkbook } from '../private-items.js';
import { withPrivateDoc, withProfile, withWorkbook } from '../session.js';
import { t } from '../words.js';

const ADD_USAGE = 'securebase private add TEXT';
const LIST_USAGE = 'securebase private list';
const SHARE_USAGE = 'securebase private share ID';
const USAGE = `${ADD_USAGE}  or  ${LIST_USAGE}  or  ${SHARE_USAGE}`;

/** `private add|list|share`. */
export async function runPrivate(ctx: CommandContext): Promise<void> {
  const [sub, ...rest] = ctx.args;
  const subCtx = { ...ctx, args: rest };
  switch (sub) {
    case 'add':
      return addItem(subCtx);
    case 'list':
      return listItems(subCtx);
    case 'share':
      return shareItem(subCtx);
    case undefined:
      throw new UsageError(withUsage(t('cli.private.needsSub'), USAGE));
    default:
      throw new UsageError(withUsage(t('cli.private.unknownSub', { sub: oneLine(sub) }), USAGE));
  }
}

async function addItem(ctx: CommandContext): Promise<void> {
  const { positionals } = parseCommandArgs(ctx, {}, { min: 1, max: 1, names: t('cli.names.text') }, ADD_USAGE);
  const text = positionals[0] as string;
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const item = await withPrivateDoc(ctx, profile, creds, 'write', (doc) => openPrivateWorkbook(doc).items.add({ text }));
    printLine(ctx, t('cli.private.saved', { id: item.id }));
  });
}

async function listItems(ctx: CommandContext): Promise<void> {
  parseCommandArgs(ctx, {}, { min: 0, max: 0, names: '' }, LIST_USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const items = await withPrivateDoc(ctx, profile, creds, 'read', (doc) => openPrivateWorkbook(doc).items.list());
    for (const item of items) printLine(ctx, formatPrivateItemLine(item));
  });
}

async function shareItem(ctx: CommandContext): Promise<void> {
  const { positionals } = parseCommandArgs(ctx, {}, { min: 1, max: 1, names: t('cli.names.itemId'), ids: true }, SHARE_USAGE);
  const ref = positionals[0] as string;
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    // Both documents open at once: the model's shareItem copies into the shared inbox and marks
    // the private item. The shared session (inner) is acknowledged first; if the relay is down,
    // both changes wait in this profile's outbox and the next command sends them.
    const shared = await withPrivateDoc(ctx, profile, creds, 'write', async (doc) => {
      const mine = openPrivateWorkbook(doc);
      const item = findPrivateItem(mine, ref);
      if (!item) {
        throw new CliError(t('cli.private.noItem', { ref: oneLine(ref) }));
      }
      await withWorkbook(ctx, profile, creds, 'write', ({ workbook }) => shareIntoInbox(mine, workbook, item.id, creds.partnerId));
      return item.id;
    });
    printLine(ctx, t('cli.private.shared', { id: shared }));
  });
}
