/**
 * Credentials: everything one device needs to reach its space: the relay, the ids, its own
 * device keys and the space keys by epoch. They contain secret keys, so they go only into this
 * device's local (encrypted) store, never over the network. Codec: lib0 encoding, versioned.
 *
 *   await store.set('credentials', encodeCredentials(creds));
 *   const again = decodeCredentials(await store.get('credentials'));
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { SPACE_KEY_BYTES, SecureBaseError } from '@securebase/protocol';
import { decodeDeviceKeys, encodeDeviceKeys, type DeviceKeys } from '@securebase/crypto';

const CREDENTIALS_VERSION = 1;

export interface Credentials {
  /** Relay base URL, http(s)://host[/path], without a trailing slash. */
  relayUrl: string;
  spaceId: string;
  partnerId: string;
  device: DeviceKeys;
  /** Space key (32 bytes) per key epoch. */
  epochKeys: Record<number, Uint8Array>;
  /** Epoch new envelopes are sealed under. */
  currentEpoch: number;
}

/** Serialise credentials for this device's local store (needs readyCrypto() for decoding only). */
export function encodeCredentials(c: Credentials): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, CREDENTIALS_VERSION);
    encoding.writeVarString(e, c.relayUrl);
    encoding.writeVarString(e, c.spaceId);
    encoding.writeVarString(e, c.partnerId);
    encoding.writeVarUint8Array(e, encodeDeviceKeys(c.device));
    encoding.writeVarUint(e, c.currentEpoch);
    const epochs = Object.keys(c.epochKeys)
      .map(Number)
      .sort((a, b) => a - b);
    encoding.writeVarUint(e, epochs.length);
    for (const epoch of epochs) {
      encoding.writeVarUint(e, epoch);
      encoding.writeVarUint8Array(e, c.epochKeys[epoch]!);
    }
  });
}

/** Read credentials back; throws SecureBaseError('invalid-request') if corrupt. Call readyCrypto() first. */
export function decodeCredentials(bytes: Uint8Array): Credentials {
  const d = decoding.createDecoder(bytes);
  let creds: Credentials;
  try {
    const version = decoding.readVarUint(d);
    if (version !== CREDENTIALS_VERSION) {
      throw new SecureBaseError('invalid-request', `credentials version ${version} is not supported`);
    }
    const relayUrl = decoding.readVarString(d);
    const spaceId = decoding.readVarString(d);
    const partnerId = decoding.readVarString(d);
    const device = decodeDeviceKeys(decoding.readVarUint8Array(d).slice());
    const currentEpoch = decoding.readVarUint(d);
    const epochKeys: Record<number, Uint8Array> = {};
    for (let n = decoding.readVarUint(d); n > 0; n--) {
      const epoch = decoding.readVarUint(d);
      const key = decoding.readVarUint8Array(d).slice();
      if (key.length !== SPACE_KEY_BYTES) throw new SecureBaseError('invalid-request', 'credentials: bad space key');
      epochKeys[epoch] = key;
    }
    if (!epochKeys[currentEpoch]) throw new SecureBaseError('invalid-request', 'credentials: no key for the current epoch');
    creds = { relayUrl, spaceId, partnerId, device, epochKeys, currentEpoch };
  } catch (err) {
    if (err instanceof SecureBaseError) {
      if (err.code === 'invalid-request') throw err;
      throw new SecureBaseError('invalid-request', `credentials: ${err.detail ?? err.code}`);
    }
    // lib0 throws plain Errors on truncated input.
    throw new SecureBaseError('invalid-request', `credentials are corrupt: ${(err as Error).message}`);
  }
  if (decoding.hasContent(d)) throw new SecureBaseError('invalid-request', 'credentials have trailing bytes');
  return creds;
}
