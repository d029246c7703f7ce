/**
 * What every command does before it touches a document: check on the verified membership chain
 * that this device still belongs to the space, finish what a partner's departure requires (the
 * key rotation), and pick up the keys wrapped for this device since the last run. So a command
 * keeps working after a device was removed or a partner left, and a removed or departed device
 * hears why it can no longer connect instead of a bare refusal.
 *
 *   const { creds, membership } = await loadFreshCredentials(ctx, profile);
 */
import { isMemberDevice, type MembershipState } from '@securebase/crypto';
import { bytesEqual, SecureBaseError } from '@securebase/protocol';
import { fetchVerifiedMembership, rotateAfterLeave, type Credentials } from '@securebase/sync';
import type { CommandContext } from './context.js';
import { CliError, isNetworkError } from './errors.js';
import { refreshAndKeep } from './key-updates.js';
import type { Profile } from './profile.js';
import { boundedFetch } from './relay-timeout.js';
import { chooseRelayUrl } from './relay-url.js';
import { callRelay } from './session.js';
import { t } from './words.js';

/** Local record of the departed partners this device has already told the person about. */
const DEPARTURE_NOTICE_KEY = 'cli-departure-notices';

export interface FreshSession {
  /** Credentials for this run (relay override applied), with every key wrapped for this device. */
  creds: Credentials;
  /** The verified chain, or undefined when the relay could not be reached (offline run). */
  membership: MembershipState | undefined;
}

/**
 * Load this device's credentials and bring them up to date with the space. When the relay is
 * unreachable the stored credentials are returned as they are: the document session that
 * follows reports the relay as unreachable (and a write is kept for later).
 */
export async function loadFreshCredentials(ctx: CommandContext, profile: Profile): Promise<FreshSession> {
  const stored = await profile.requireCredentials();
  const relayUrl = chooseRelayUrl(ctx, stored.relayUrl);
  let creds: Credentials = { ...stored, relayUrl };

  let membership: MembershipState;
  try {
    membership = await fetchVerifiedMembership(creds, { fetch: boundedFetch(ctx) });
  } catch (err) {
    if (isNetworkError(err) || isTimeout(err) || (err instanceof SecureBaseError && err.code === 'relay-unreachable')) {
      return { creds, membership: undefined };
    }
    throw err;
  }
  refuseIfNotMember(membership, creds, profile.dir);

  const departed = membership.departedPartners.filter((partnerId) => partnerId !== creds.partnerId);
  if (departed.length > 0) {
    // Idempotent: only the first device of the remaining partner to get here rotates the key.
    creds = await callRelay(relayUrl, () => rotateAfterLeave(creds, { fetch: boundedFetch(ctx) }));
    await tellAboutDepartures(ctx, profile, departed);
  }

  const rotated = creds;
  creds = await callRelay(relayUrl, () => refreshAndKeep(ctx, profile, rotated));
  return { creds, membership };
}

/** Throw the plain reason this device can no longer use the space, if it cannot. */
function refuseIfNotMember(membership: MembershipState, creds: Credentials, profileDir: string): void {
  const me = creds.device.signPublicKey;
  if (isMemberDevice(membership, me)) return;
  if (membership.departedPartners.includes(creds.partnerId)) {
    throw new CliError(t('cli.space.youLeft', { profile: profileDir }));
  }
  if (membership.removedDevices.some((key) => bytesEqual(key, me))) throw new SecureBaseError('device-removed');
  throw new SecureBaseError('not-a-member');
}

async function tellAboutDepartures(ctx: CommandContext, profile: Profile, departed: string[]): Promise<void> {
  const told = new Set(new TextDecoder().decode((await profile.store.get(DEPARTURE_NOTICE_KEY)) ?? new Uint8Array()).split('\n'));
  const news = departed.filter((partnerId) => !told.has(partnerId));
  if (news.length === 0) return;
  ctx.io.stderr.write(`securebase: ${t('cli.space.partnerLeft')}\n`);
  const all = [...told, ...news].filter((id) => id !== '');
  await profile.store.set(DEPARTURE_NOTICE_KEY, new TextEncoder().encode(all.join('\n')));
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && err.name === 'TimeoutError';
}
