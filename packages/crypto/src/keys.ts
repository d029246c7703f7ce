/**
 * Device keys, space keys and random values. A device holds an Ed25519 pair (signing, and its
 * public key is its name on the wire) and an independent X25519 pair (receiving wrapped keys).
 * `encodeDeviceKeys` is for the device's own local store only: secret keys never leave it.
 *
 *   await readyCrypto();
 *   const device = generateDeviceKeys();
 *   store.set('device', encodeDeviceKeys(device));
 */
import { bytesEqual, SecureBaseError, toBase64Url } from '@securebase/protocol';
import { sodiumReady } from './sodium.js';

export interface DeviceKeys {
  signPublicKey: Uint8Array; // Ed25519, 32
  signSecretKey: Uint8Array; // Ed25519, 64
  boxPublicKey: Uint8Array; // X25519, 32
  boxSecretKey: Uint8Array; // X25519, 32
}

// Local storage layout: version | signPublicKey 32 | signSecretKey 64 | boxPublicKey 32 | boxSecretKey 32
const DEVICE_KEYS_VERSION = 1;
const DEVICE_KEYS_BYTES = 1 + 32 + 64 + 32 + 32;

/** Generate a fresh device identity (signing + box key pairs). */
export function generateDeviceKeys(): DeviceKeys {
  const sodium = sodiumReady();
  const sign = sodium.crypto_sign_keypair();
  const box = sodium.crypto_box_keypair();
  return { signPublicKey: sign.publicKey, signSecretKey: sign.privateKey, boxPublicKey: box.publicKey, boxSecretKey: box.privateKey };
}

/** A fresh 32-byte space key (XChaCha20-Poly1305 / crypto_kdf master key). */
export function generateSpaceKey(): Uint8Array {
  return sodiumReady().crypto_kdf_keygen();
}

import { randomBytes } from './random.js';

export { randomBytes };

/** A random 16-byte id as base64url (space, partner ids). */
export function randomId(): string {
  return toBase64Url(randomBytes(16));
}

/** Serialise device keys for this device's local store. */
export function encodeDeviceKeys(keys: DeviceKeys): Uint8Array {
  const out = new Uint8Array(DEVICE_KEYS_BYTES);
  out[0] = DEVICE_KEYS_VERSION;
  out.set(keys.signPublicKey, 1);
  out.set(keys.signSecretKey, 33);
  out.set(keys.boxPublicKey, 97);
  out.set(keys.boxSecretKey, 129);
  return out;
}

/** Read device keys back; checks that each public key belongs to its secret key. */
export function decodeDeviceKeys(bytes: Uint8Array): DeviceKeys {
  const sodium = sodiumReady();
  if (bytes.length !== DEVICE_KEYS_BYTES || bytes[0] !== DEVICE_KEYS_VERSION) {
    throw new SecureBaseError('malformed-frame', 'device keys: wrong length or version');
  }
  const keys: DeviceKeys = {
    signPublicKey: bytes.slice(1, 33),
    signSecretKey: bytes.slice(33, 97),
    boxPublicKey: bytes.slice(97, 129),
    boxSecretKey: bytes.slice(129, 161),
  };
  // A corrupted store must not yield a device that signs as one key and claims another.
  // (Re-derive from the seed: the secret key's stored public half alone proves nothing.)
  const rederived = sodium.crypto_sign_seed_keypair(sodium.crypto_sign_ed25519_sk_to_seed(keys.signSecretKey));
  if (!bytesEqual(rederived.publicKey, keys.signPublicKey) || !bytesEqual(rederived.privateKey, keys.signSecretKey)) {
    throw new SecureBaseError('malformed-frame', 'device keys: signing pair does not match');
  }
  if (!bytesEqual(sodium.crypto_scalarmult_base(keys.boxSecretKey), keys.boxPublicKey)) {
    throw new SecureBaseError('malformed-frame', 'device keys: box pair does not match');
  }
  return keys;
}
