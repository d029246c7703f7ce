/**
 * `leave [--yes]`: leave the space for good. Before anything happens the person is told what
 * leaving means, asked to confirm (unless --yes), and given an export of everything they can
 * read, written to a file in the profile folder. Then all their devices are revoked, their
 * private document is deleted from the relay, and the partner is told on their next sync. What
 * the two wrote together stays with the partner.
 *
 *   $ securebase leave
 *   $ securebase leave --yes        (scripts: no question asked)
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { leaveSpace } from '@securebase/sync';
import { parseCommandArgs } from '../args.js';
import { confirmOnTerminal } from '../confirm.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { openPrivateWorkbook } from '../private-items.js';
import { callRelay, withPrivateDoc, withProfile, withWorkbook } from '../session.js';
import { t } from '../words.js';

const USAGE = 'securebase leave [--yes]';


/** `leave [--yes]`. */
export async function runLeave(ctx: CommandContext): Promise<void> {
  const { values } = parseCommandArgs(ctx, { yes: { type: 'boolean' } }, { min: 0, max: 0, names: '' }, USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    ctx.io.stderr.write(`${t('cli.leave.whatHappens')}\n`);
    if (!values.yes) {
      const confirmed = await confirmOnTerminal(ctx, `${t('cli.leave.prompt')} `, 'leave', 'securebase leave --yes');
      if (!confirmed) throw new CliError(t('cli.leave.notConfirmed'));
    }

    const workbook = await withWorkbook(ctx, profile, creds, 'read', (session) => session.workbook.toJSON());
    // The whole private notebook (drafts, journal, private notes), not only what the CLI writes.
    const privateNotebook = await withPrivateDoc(ctx, profile, creds, 'read', (doc) => openPrivateWorkbook(doc).toJSON());
    const exportPath = await writeExportFile(profile.dir, { exportedAt: new Date().toISOString(), workbook, private: privateNotebook });
    printLine(ctx, t('cli.leave.exported', { path: exportPath }));

    await callRelay(creds.relayUrl, () => leaveSpace(creds));
    printLine(ctx, t('cli.leave.done'));
  });
}

/** Write the export as a private file (0600) next to the profile's keys; returns its path. */
async function writeExportFile(dir: string, content: unknown): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(dir, `export-${stamp}.json`);
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return path;
}
