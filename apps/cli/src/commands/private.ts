/**
 * `private add|list|share`: private items in this partner's private document, which only this
 * partner's devices can decrypt. Sharing is an explicit act: it copies the text into the shared
 * inbox, where the partner sees it; the private copy stays private.
 *
 *   $ securebase private add "What I could not say on Sunday"
 *   Saved privately as Xk3f9Qa1. Only your devices can read it.
 *   $ securebase private list
 *   Xk3f9Qa1  What I could not say on Sunday
 *   $ securebase private share Xk3f9Qa1
 */
import { parseCommandArgs } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError, UsageError, oneLine } from '../errors.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { PrivateItems } from '../private-items.js';
import { withPrivateDoc, withProfile, withWorkbook } from '../session.js';

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
      throw new UsageError(`private needs "add", "list" or "share". Usage: ${USAGE}`);
    default:
      throw new UsageError(`unknown private command "${oneLine(sub)}". Usage: ${USAGE}`);
  }
}

async function addItem(ctx: CommandContext): Promise<void> {
  const { positionals } = parseCommandArgs(ctx, {}, { min: 1, max: 1, names: 'the text' }, ADD_USAGE);
  const text = positionals[0] as string;
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const item = await withPrivateDoc(ctx, profile, creds, 'write', (doc) => new PrivateItems(doc).add(text));
    printLine(ctx, `Saved privately as ${item.id}. Only your devices can read it.`);
  });
}

async function listItems(ctx: CommandContext): Promise<void> {
  parseCommandArgs(ctx, {}, { min: 0, max: 0, names: '' }, LIST_USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const items = await withPrivateDoc(ctx, profile, creds, 'read', (doc) => new PrivateItems(doc).list());
    for (const item of items) printLine(ctx, `${item.id}  ${oneLine(item.text)}`);
  });
}

async function shareItem(ctx: CommandContext): Promise<void> {
  const { positionals } = parseCommandArgs(ctx, {}, { min: 1, max: 1, names: 'the item id' }, SHARE_USAGE);
  const ref = positionals[0] as string;
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const item = await withPrivateDoc(ctx, profile, creds, 'read', (doc) => new PrivateItems(doc).find(ref));
    if (!item) {
      throw new CliError(`no private item has the id "${oneLine(ref)}". Run "securebase private list" to see them.`);
    }
    // The shared copy first: if the relay is down it waits in the outbox and the command stops
    // before marking the private copy, so a retry shares it once more rather than never.
    await withWorkbook(ctx, profile, creds, 'write', ({ workbook }) => workbook.inbox.add({ text: item.text }, creds.partnerId));
    await withPrivateDoc(ctx, profile, creds, 'write', (doc) => new PrivateItems(doc).markShared(item.id));
    printLine(ctx, `Copied ${item.id} into the shared inbox: it is now visible to your partner. Your private copy stays private.`);
  });
}
