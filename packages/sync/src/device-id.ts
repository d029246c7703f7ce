/**
 * A short, stable name for a device in text: the first 9 bytes of BLAKE2b-256(device key) as
 * base64url (12 characters). Shown in device lists and on both screens while linking, and
 * accepted by `removeDevice` in place of the full key.
 *
 *   deviceFingerprint(creds.device.signPublicKey); // 'q1W0yHk3xP9a'
 */
import { toBase64Url } from '@securebase/protocol';
import { hashBytes } from '@securebase/crypto';

const FINGERPRINT_BYTES = 9;

/** The short base64url id of a device key (call after readyCrypto()). */
export function deviceFingerprint(deviceKey: Uint8Array): string {
  return toBase64Url(hashBytes(deviceKey).subarray(0, FINGERPRINT_BYTES));
}
