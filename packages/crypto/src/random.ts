/**
 * Random bytes from the platform's CSPRNG (Web Crypto's getRandomValues: browsers, the
 * extension's service worker, Node 20's global `crypto`). libsodium.js's own randombytes_buf
 * calls back into JavaScript in small pieces and cost about 200 µs for a 24-byte nonce here,
 * more than the Ed25519 signature of an envelope, on every seal; getRandomValues reads the same
 * operating-system source directly.
 */

/** getRandomValues fills at most this many bytes a call (Web Crypto's quota). */
const MAX_PER_CALL = 65_536;

/** `length` cryptographically random bytes. */
export function randomBytes(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`randomBytes: length must be a whole number ≥ 0, got ${length}`);
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += MAX_PER_CALL) globalThis.crypto.getRandomValues(out.subarray(at, Math.min(length, at + MAX_PER_CALL)));
  return out;
}
