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
          ? 'your partner has left this space, so there is no safety number to compare.'
          : 'your partner has not joined yet. Send them an invitation ("securebase invite"), then compare safety numbers.',
      );
    }
    const safety = await callRelay(creds.relayUrl, () => getSafetyNumber(creds));
    const trust = new TrustStore(profile.store, creds.spaceId);
    const status = await trust.status(safety.partnerIdentity);

    printLine(ctx, formatSafetyNumber(safety.digits, safety.words));
    if (values.verify) {
      await trust.markVerified(safety.partnerIdentity);
      ctx.io.stderr.write('Marked your partner as verified on this device.\n');
      return;
    }
    if (status === 'changed') {
      ctx.io.stderr.write(
        'securebase: WARNING: your partner\'s identity has changed since you verified it. Compare the safety number again in person or on a call before you trust this space; then run "securebase safety-number --verify".\n',
      );
    } else if (status === 'unverified') {
      ctx.io.stderr.write(
        'Compare this with your partner in person or on a call. If it matches, run "securebase safety-number --verify".\n',
      );
    } else {
      ctx.io.stderr.write('You verified your partner on this device.\n');
    }
  });
}

/** The one line both partners compare: the digit groups, then the words. */
export function formatSafetyNumber(digits: string, words: readonly string[]): string {
  return `${digits} — ${words.join(' ')}`;
}
