/**
 * Signed, sealed key bundles: how keys reach a device. The wrapping device signs
 * "securebase/key-bundle/v1" ‖ recipient deviceKey ‖ bundle bytes, seals bundle ‖ signature to
 * the recipient's X25519 box key (crypto_box_seal), and sends its own device key in the clear
 * (protocol encodeKeyWrap). A sealed box is anonymous: the signature is what stops a relay from
 * wrapping a key of its own choosing, and binding the recipient stops it re-addressing a wrap.
 *
 *   const wrap = sealKeyBundle({ entries, recipient: { deviceKey, boxKey }, wrapper: device });
 *   const opened = openKeyBundle(wrap, device);
 *   if (opened.ok && isMemberDevice(state, opened.value.wrapper)) mergeKeys(opened.value.entries);
 */
import {
  decodeKeyBundle,
  decodeKeyWrap,
  encodeKeyBundle,
  encodeKeyWrap,
  fail,
  ok,
  SecureBaseError,
  SIGNATURE_BYTES,
  type KeyEntry,
  type KeyWrap,
  type Result,
} from '@securebase/protocol';
import { concatBytes } from './bytes.js';
import type { DeviceKeys } from './keys.js';
import { CONTEXT, signWithContext, verifyWithContext } from './signing.js';
import { sodiumReady } from './sodium.js';

/** Seal `entries` for one recipient device, signed by `wrapper`; returns an encoded key wrap. */
export function sealKeyBundle(input: {
  entries: KeyEntry[];
  recipient: { deviceKey: Uint8Array; boxKey: Uint8Array };
  wrapper: DeviceKeys;
}): Uint8Array {
  const bundle = encodeKeyBundle(input.entries);
  const signature = signWithContext(CONTEXT.keyBundle, concatBytes(input.recipient.deviceKey, bundle), input.wrapper.signSecretKey);
  const sealed = sodiumReady().crypto_box_seal(concatBytes(bundle, signature), input.recipient.boxKey);
  return encodeKeyWrap({ wrapper: input.wrapper.signPublicKey, sealed });
}

/**
 * Open a key wrap addressed to this device: 'decrypt-failed' if it was not sealed to it (or was
 * tampered with), 'bad-signature' if the named wrapper did not sign it for this device. The
 * caller checks that `wrapper` is (was) a member device.
 */
export function openKeyBundle(wrapBytes: Uint8Array, device: DeviceKeys): Result<{ entries: KeyEntry[]; wrapper: Uint8Array }> {
  const sodium = sodiumReady();
  let wrap: KeyWrap;
  try {
    wrap = decodeKeyWrap(wrapBytes);
  } catch (error) {
    // reason: decoding untrusted bytes is expected to fail; only its typed error becomes a Result.
    if (error instanceof SecureBaseError) return { ok: false, error };
    throw error;
  }
  let opened: Uint8Array;
  try {
    opened = sodium.crypto_box_seal_open(wrap.sealed, device.boxPublicKey, device.boxSecretKey);
  } catch (error) {
    // reason: libsodium reports a failed or malformed sealed box by throwing.
    return fail('decrypt-failed', `key wrap did not open (${(error as Error).message})`);
  }
  if (opened.length < SIGNATURE_BYTES) return fail('decrypt-failed', 'key wrap too short');
  const bundle = opened.subarray(0, opened.length - SIGNATURE_BYTES);
  const signature = opened.subarray(opened.length - SIGNATURE_BYTES);
  if (!verifyWithContext(CONTEXT.keyBundle, concatBytes(device.signPublicKey, bundle), signature, wrap.wrapper)) {
    return fail('bad-signature', 'key wrap is not signed by its wrapper for this device');
  }
  try {
    return ok({ entries: decodeKeyBundle(bundle), wrapper: wrap.wrapper });
  } catch (error) {
    // reason: a signed bundle that does not parse (e.g. a newer version) is a typed failure.
    if (error instanceof SecureBaseError) return { ok: false, error };
    throw error;
  }
}
