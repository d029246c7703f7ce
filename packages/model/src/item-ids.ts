/**
 * Random ids for workbook items. Uses Web Crypto's getRandomValues (browsers and Node ≥ 19),
 * so the model needs no crypto library: ids only need to be unique, not secret.
 *
 *   const id = randomItemId(); // 22 chars of base64url
 */
import { toBase64url } from './base64url.js';

/** A fresh 16-byte random id as unpadded base64url. */
export function randomItemId(): string {
  return toBase64url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}
