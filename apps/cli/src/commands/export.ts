/**
 * `export`: sync, then print the whole shared workbook as this partner sees it.
 *
 *   $ securebase export --format md > workbook.md
 *   $ securebase export | jq .vocabulary
 */
import { agreementVerifier } from '@securebase/sync';
import { chooseOne, parseCommandArgs } from '../args.js';
import { type CommandContext } from '../context.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { withProfile, withWorkbook } from '../session.js';

const USAGE = 'securebase export [--format json|md]';
const FORMATS = ['json', 'md'] as const;

/** `export [--format json|md]`. */
export async function runExport(ctx: CommandContext): Promise<void> {
  const { values } = parseCommandArgs(ctx, { format: { type: 'string' } }, { min: 0, max: 0, names: '' }, USAGE);
  const format = chooseOne('--format', values.format ?? 'json', FORMATS, USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds, membership } = await loadFreshCredentials(ctx, profile);
    // The web app's rule for "affirmed": the signature verifies and its device is that partner's.
    const opts = { verifyAgreement: agreementVerifier(membership ?? 'unavailable') };
    const text = await withWorkbook(ctx, profile, creds, 'read', ({ workbook }) =>
      format === 'json' ? `${JSON.stringify(workbook.toJSON(opts), null, 2)}\n` : ensureNewline(workbook.toMarkdown(opts)),
    );
    ctx.io.stdout.write(text);
  });
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
