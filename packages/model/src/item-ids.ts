/**
 * Random ids for workbook items. Uses Web Crypto's getRandomValues (browsers and Node ≥ 19),
 * so the model needs no crypto library: ids only need to be unique, not secret.
 *
 *   const id = randomItemId(); // 22 chars of base64url
 */
import { toBase64Url } from '@securebase/protocol';

/**
 * A fresh 16-byte random id as unpadded base64url, never starting with '-' or '_': ids are typed
 * on command lines (`securebase private share ID`), where a leading '-' reads as an option.
 */
export function randomItemId(): string {
  for (;;) {
    const id = toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
    // 62 of 64 first characters qualify, so this loops more than once about 3% of the time.
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}
