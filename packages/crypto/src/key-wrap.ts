/**
 * Wrapping a space key for one device with an anonymous sealed box (X25519 + XSalsa20-Poly1305):
 * anyone can wrap for a device's public box key; only that device can unwrap.
 *
 *   const sealed = wrapKeyForDevice(spaceKey, member.boxKey);
 *   const key = unwrapKeyForDevice(sealed, device); // Result<Uint8Array>
 */
import { fail, ok, type Result } from '@securebase/protocol';
import type { DeviceKeys } from './keys.js';
import { sodiumReady } from './sodium.js';

/** Seal `key` so only the holder of `boxPublicKey`'s secret can open it. */
export function wrapKeyForDevice(key: Uint8Array, boxPublicKey: Uint8Array): Uint8Array {
  return sodiumReady().crypto_box_seal(key, boxPublicKey);
}

/** Open a key sealed for this device; 'decrypt-failed' if it was not (or was tampered with). */
export function unwrapKeyForDevice(sealed: Uint8Array, device: DeviceKeys): Result<Uint8Array> {
  const sodium = sodiumReady();
  try {
    return ok(sodium.crypto_box_seal_open(sealed, device.boxPublicKey, device.boxSecretKey));
  } catch (error) {
    // reason: libsodium reports a failed or malformed sealed box by throwing.
    return fail('decrypt-failed', `wrapped key did not open (${(error as Error).message})`);
  }
}
