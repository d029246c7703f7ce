/**
 * Byte-string equality for public values: keys, ids, hashes, encoded certificates. The one copy
 * every package and app shares, so a fix or a faster loop lands everywhere at once.
 *
 *   if (!bytesEqual(certificate.verifierKey, derived.publicKey)) reject();
 */

/**
 * True when `a` and `b` hold the same bytes. Not constant time: it stops at the first
 * difference, so never use it on secrets or MACs (compare those with sodium.memcmp).
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
