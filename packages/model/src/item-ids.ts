/**
 * Random ids for workbook items. Uses Web Crypto's getRandomValues (browsers and Node ≥ 19),
 * so the model needs no crypto library: ids only need to be unique, not secret.
 *
 *   const id = randomItemId(); // 22 chars of base64url
 */

/** A fresh 16-byte random id as unpadded base64url. */
export function randomItemId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
