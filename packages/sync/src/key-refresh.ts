/**
 * Keys that reach a device after it joined: signed, sealed wraps the relay holds for it (from a
 * device link, a removal's rotation, a rotation after a partner left). `refreshKeys` fetches the
 * wraps it has not seen, opens each, and merges only keys the verified chain says the wrapping
 * device could hand out. `wrapsFor` builds the wraps a rotation or link posts.
 *
 *   const creds2 = await refreshKeys(creds, store);        // after a 'stale-epoch', say
 *   provider.setCredentials(creds2);
 */
import { SPACE_SCOPE, SecureBaseError, privateScope, type DeviceRecord, type KeyEntry } from '@securebase/protocol';
import { isMemberDevice, openKeyBundle, readyCrypto, sealKeyBundle } from '@securebase/crypto';
import { chainHistory } from './chain-history.js';
import { keyForEpoch, mergeKeys, type Credentials } from './credentials.js';
import { clientsFor, type FlowOptions } from './flow-context.js';
import { fetchVerifiedChainFrom } from './membership.js';
import type { LocalStateStore } from './state-store.js';

/** The entries a device of `partnerId` should hold out of `creds`: space keys, plus private keys when it is our partner's. */
export function bundleFor(creds: Credentials, partnerId: string): KeyEntry[] {
  const own = privateScope(creds.partnerId);
  return creds.keys.filter((entry) => entry.scope === SPACE_SCOPE || (partnerId === creds.partnerId && entry.scope === own));
}

/** One signed wrap per device, each holding what that device should hold (see bundleFor). */
export function wrapsFor(creds: Credentials, devices: readonly DeviceRecord[]): { deviceKey: Uint8Array; wrap: Uint8Array }[] {
  return devices.map((device) => ({
    deviceKey: device.deviceKey,
    wrap: sealKeyBundle({
      entries: bundleFor(creds, device.partnerId),
      recipient: { deviceKey: device.deviceKey, boxKey: device.boxKey },
      wrapper: creds.device,
    }),
  }));
}

function cursorKey(creds: Credentials): string {
  return `keys/${creds.spaceId}/wraps-after`;
}

/**
 * Fetch, open and merge this device's new key wraps. With a store, only wraps after the last one
 * seen are fetched (the cursor is saved there); without one, all of them (merging is idempotent).
 * Throws 'unknown-author' for a key its wrapping device could not legitimately hand out.
 */
export async function refreshKeys(creds: Credentials, store?: LocalStateStore, opts: FlowOptions = {}): Promise<Credentials> {
  await readyCrypto();
  const { space, pairing } = clientsFor(creds.relayUrl, opts);
  const { ops, state } = await fetchVerifiedChainFrom(space, creds.spaceId, opts.now === undefined ? {} : { now: opts.now });
  if (!isMemberDevice(state, creds.device.signPublicKey)) {
    throw new SecureBaseError('device-removed', 'this device is no longer a member of the space');
  }
  const own = privateScope(creds.partnerId);
  // The cursor only skips wraps whose keys these credentials already hold; if they lack a current
  // key (the caller did not save what an earlier refresh returned), start again from the first wrap.
  const complete = [SPACE_SCOPE, own].every((scope) => keyForEpoch(creds, scope, state.epochs[scope] ?? 0) !== undefined);
  const after = store && complete ? readCursor(await store.get(cursorKey(creds))) : 0;
  const wraps = await pairing.getKeyWraps(creds.spaceId, creds.device.signPublicKey, after);
  if (wraps.length === 0) return creds;
  const history = chainHistory(ops);
  let next = creds;
  for (const stored of wraps) {
    const opened = openKeyBundle(stored.wrap, creds.device);
    if (!opened.ok) throw opened.error;
    const { entries, wrapper } = opened.value;
    for (const entry of entries) {
      // Only keys this device should hold, from a device that held them legitimately.
      if (entry.scope !== SPACE_SCOPE && entry.scope !== own) {
        throw new SecureBaseError('unknown-author', 'a key wrap held a key for another partner');
      }
      if (!history.couldHold(wrapper, entry)) {
        throw new SecureBaseError('unknown-author', 'a key wrap came from a device that could not hand out that key');
      }
    }
    next = mergeKeys(next, entries);
  }
  if (store) await store.set(cursorKey(creds), writeCursor(wraps[wraps.length - 1]!.id));
  return next;
}

function readCursor(bytes: Uint8Array | undefined): number {
  if (!bytes) return 0;
  const value = Number(new TextDecoder().decode(bytes));
  // A corrupt cursor only costs a full re-fetch; merging is idempotent.
  return Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

function writeCursor(id: number): Uint8Array {
  return new TextEncoder().encode(String(id));
}
