/**
 * `safety-number [--verify]`: the space's safety number on one line, the same on both partners'
 * devices. Compare it with your partner in person or on a call; if it matches, `--verify`
 * remembers on this device that you did. If your partner's identity changes later (a new partner
 * after a leave, or a relay substituting a key), a plain run says so on stderr.
 *
 *   $ securebase safety-number
 *   12345 67890 … 54321 — anchor river …
 *   $ securebase safety-number --verify
 */
import { getSafetyNumber, TrustStore } from '@securebase/sync';
import { parseCommandArgs } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { callRelay, withProfile } from '../session.js';
import { t } from '../words.js';

const USAGE = 'securebase safety-number [--verify]';

/** `safety-number [--verify]`. */
export async function runSafetyNumber(ctx: CommandContext): Promise<void> {
  const { values } = parseCommandArgs(ctx, { verify: { type: 'boolean' } }, { min: 0, max: 0, names: '' }, USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds, membership } = await loadFreshCredentials(ctx, profile);
    const present = membership?.identities.filter((identity) => !membership.departedPartners.includes(identity.partnerId));
    if (membership && present && present.length < 2) {
      throw new CliError(
        membership.departedPartners.some((id) => id !== creds.partnerId)
          ? t('cli.safety.partnerLeft')
          : t('cli.safety.notJoined'),
      );
    }
    const safety = await callRelay(creds.relayUrl, () => getSafetyNumber(creds));
    const trust = new TrustStore(profile.store, creds.spaceId);
    const status = await trust.status(safety.partnerIdentity);

    printLine(ctx, formatSafetyNumber(safety.digits, safety.words));
    if (values.verify) {
      await trust.markVerified(safety.partnerIdentity);
      ctx.io.stderr.write(`${t('cli.safety.marked')}\n`);
      return;
    }
    if (status === 'changed') {
      ctx.io.stderr.write(`securebase: ${t('cli.safety.changed')}\n`);
    } else if (status === 'unverified') {
      ctx.io.stderr.write(`${t('cli.safety.compare')}\n`);
    } else {
      ctx.io.stderr.write(`${t('cli.safety.verified')}\n`);
    }
  });
}

/** The one line both partners compare: the digit groups, then the words. */
export function formatSafetyNumber(digits: string, words: readonly string[]): string {
  return `${digits} — ${words.join(' ')}`;
}
