/**
 * `sync`: catch up with the relay and send any changes still pending from earlier commands
 * (for example a note written while the relay was down), then exit.
 *
 *   $ securebase sync
 *   Up to date.
 */
import { parseCommandArgs } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { withProfile, withWorkbook } from '../session.js';
import { t } from '../words.js';

const USAGE = 'securebase sync';

/** `sync`. */
export async function runSync(ctx: CommandContext): Promise<void> {
  parseCommandArgs(ctx, {}, { min: 0, max: 0, names: '' }, USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    await withWorkbook(ctx, profile, creds, 'read', () => undefined);
    printLine(ctx, t('cli.sync.upToDate'));
  });
}
