/**
 * Picking up keys wrapped for this device (after a rotation: a device removed, a partner left)
 * and keeping them in the profile, so the next command starts with them. Used before a command
 * touches a document, and by every provider the CLI opens as its `refreshKeys`, so a
 * 'stale-epoch' met mid-command heals within the same command.
 *
 *   const next = await refreshAndKeep(ctx, profile, creds);
 */
import { bytesEqual } from '@securebase/protocol';
import { encodeCredentials, refreshKeys, type Credentials } from '@securebase/sync';
import type { CommandContext } from './context.js';
import type { Profile } from './profile.js';
import { boundedFetch } from './relay-timeout.js';

/** Fetch and open this device's new key wraps, keep the result in the profile, and return it. */
export async function refreshAndKeep(ctx: CommandContext, profile: Profile, creds: Credentials): Promise<Credentials> {
  const next = await refreshKeys(creds, profile.store, { fetch: boundedFetch(ctx) });
  await keepCredentials(profile, next);
  return next;
}

/**
 * Save `creds` in the profile when they differ from what it holds. The stored relay address is
 * kept: `creds` may carry this run's --relay override.
 */
export async function keepCredentials(profile: Profile, creds: Credentials): Promise<void> {
  const stored = await profile.requireCredentials();
  const next = encodeCredentials({ ...creds, relayUrl: stored.relayUrl });
  if (bytesEqual(encodeCredentials(stored), next)) return;
  await profile.saveCredentials({ ...creds, relayUrl: stored.relayUrl });
}
