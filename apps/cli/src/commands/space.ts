/**
 * Space membership commands: `init` (new device + new space), `invite` (a single-use link for
 * the partner; `--revoke` cancels every open one) and `join` (redeem a link as the second partner).
 *
 *   $ securebase init --relay http://127.0.0.1:8787 --name Sam     → prints the space id
 *   $ securebase invite                                            → prints the link, nothing else
 *   $ securebase invite --revoke                                   → Cancelled 1 open invitation(s).
 *   $ securebase --profile ~/.sb-alex join 'http://…/#/join/…' --name Alex
 */
import { createInviteLink, createSpace, joinSpace, parseInviteLink, revokeInviteLinks } from '@securebase/sync';
import { SecureBaseError } from '@securebase/protocol';
import { parseCommandArgs, withUsage } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import type { Profile } from '../profile.js';
import { relayOverride } from '../relay-url.js';
import { describeCode } from '../error-codes.js';
import { callRelay, checkName, withProfile, withWorkbook } from '../session.js';
import { t } from '../words.js';

const INIT_USAGE = 'securebase init --relay URL [--name NAME] [--creation-code CODE]';
const INVITE_USAGE = 'securebase invite [--revoke]';
const JOIN_USAGE = 'securebase join LINK [--name NAME]';

async function refuseIfMember(profile: Profile): Promise<void> {
  if (await profile.loadCredentials()) {
    throw new CliError(t('cli.space.profileTaken', { profile: profile.dir }));
  }
}

/** `init`: create this device's identity and a new space on the relay; print the space id. */
export async function runInit(ctx: CommandContext): Promise<void> {
  const { values } = parseCommandArgs(ctx, { name: { type: 'string' }, 'creation-code': { type: 'string' } }, { min: 0, max: 0, names: '' }, INIT_USAGE);
  const relayUrl = relayOverride(ctx);
  if (!relayUrl) throw new UsageError(withUsage(t('cli.space.needsRelay'), INIT_USAGE));
  const name = values.name === undefined ? undefined : checkName(values.name);
  // Only a relay whose operator gates creation asks for one; an open relay ignores it.
  const creationCode = (values['creation-code'] ?? ctx.io.env['SECUREBASE_CREATION_CODE'])?.trim() || undefined;

  await withProfile(ctx, async (profile) => {
    await refuseIfMember(profile);
    const creds = await callRelay(relayUrl, () => createSpace(relayUrl, creationCode === undefined ? {} : { creationCode })).catch(
      (err: unknown) => {
        if (!(err instanceof SecureBaseError) || err.code !== 'creation-closed') throw err;
        const hint = creationCode === undefined ? t('cli.space.askForCode') : t('cli.space.codeRefused');
        throw new CliError(`${describeCode('creation-closed')} ${hint}`);
      },
    );
    // Saved before anything else can fail: losing the keys would orphan the new space.
    await profile.saveCredentials(creds);
    if (name !== undefined) {
      await withWorkbook(ctx, profile, creds, 'write', ({ workbook }) => workbook.members.setName(creds.partnerId, name));
    }
    printLine(ctx, creds.spaceId);
  }, { create: true });
}

/** `invite`: create a single-use invitation on the relay and print its link; `--revoke` cancels every open one. */
export async function runInvite(ctx: CommandContext): Promise<void> {
  const { values } = parseCommandArgs(ctx, { revoke: { type: 'boolean' } }, { min: 0, max: 0, names: '' }, INVITE_USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds } = await loadFreshCredentials(ctx, profile);
    const relayUrl = creds.relayUrl;
    if (values.revoke === true) {
      const cancelled = await callRelay(relayUrl, () => revokeInviteLinks(creds));
      printLine(ctx, t('cli.space.revoked', { count: cancelled }));
      return;
    }
    const { link } = await callRelay(relayUrl, () => createInviteLink(creds, {}));
    printLine(ctx, link);
  });
}

/** Check the link's shape before touching the profile or the network. */
function checkInviteLink(link: string, override: string | undefined): string {
  try {
    parseInviteLink(link);
  } catch (err) {
    if (!(err instanceof SecureBaseError) && !(err instanceof TypeError)) throw err;
    // The link itself is secret: never echo it back.
    throw new UsageError(t('cli.space.notALink'));
  }
  if (!override) return link;
  // Same secret, different address for the relay (for example through a tunnel).
  const url = new URL(link);
  return `${override}${url.pathname === '/' ? '/' : url.pathname}${url.hash}`;
}

/** `join LINK`: redeem an invitation as the second partner. */
export async function runJoin(ctx: CommandContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(ctx,
    { name: { type: 'string' } },
    { min: 1, max: 1, names: t('cli.names.invitationLink') },
    JOIN_USAGE,
  );
  const override = relayOverride(ctx);
  const link = checkInviteLink(positionals[0] as string, override);
  const name = values.name === undefined ? undefined : checkName(values.name);
  const relayUrl = override ?? new URL(link).origin;

  await withProfile(ctx, async (profile) => {
    await refuseIfMember(profile);
    const creds = await callRelay(relayUrl, () => joinSpace(link));
    await profile.saveCredentials(creds);
    if (name !== undefined) {
      await withWorkbook(ctx, profile, creds, 'write', ({ workbook }) => workbook.members.setName(creds.partnerId, name));
    } else {
      await withWorkbook(ctx, profile, creds, 'read', () => undefined);
    }
    printLine(ctx, creds.spaceId);
  }, { create: true });
}
