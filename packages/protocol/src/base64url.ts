/**
 * Unpadded base64url (RFC 4648 §5) in pure JS, so the same code runs in browsers, the extension
 * and Node. Decoding is strict and canonical: exactly one text per byte string, so an id that
 * decodes also re-encodes to the same text (the relay and clients compare ids as strings).
 *
 *   const text = toBase64Url(new Uint8Array([1, 2, 3])); // 'AQID'
 *   fromBase64Url(text); // Uint8Array [1, 2, 3]
 */
import { SecureBaseError } from './codes.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Char code → 6-bit value, -1 for anything outside the alphabet.
const LOOKUP = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

const char = (sextet: number): string => ALPHABET.charAt(sextet & 63);

/** Encode bytes as unpadded base64url. */
export function toBase64Url(bytes: Uint8Array): string {
  const parts: string[] = [];
  const full = bytes.length - (bytes.length % 3);
  for (let i = 0; i < full; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    parts.push(char(n >> 18) + char(n >> 12) + char(n >> 6) + char(n));
  }
  const rest = bytes.length - full;
  if (rest === 1) {
    const n = (bytes[full] ?? 0) << 16;
    parts.push(char(n >> 18) + char(n >> 12));
  } else if (rest === 2) {
    const n = ((bytes[full] ?? 0) << 16) | ((bytes[full + 1] ?? 0) << 8);
    parts.push(char(n >> 18) + char(n >> 12) + char(n >> 6));
  }
  return parts.join('');
}

function sextetAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const value = code < 128 ? (LOOKUP[code] ?? -1) : -1;
  if (value < 0) throw new SecureBaseError('invalid-request', 'not base64url');
  return value;
}

/** Decode unpadded, canonical base64url; throws SecureBaseError('invalid-request') otherwise. */
export function fromBase64Url(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length % 4 === 1) {
    throw new SecureBaseError('invalid-request', 'not base64url');
  }
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 4 <= text.length; i += 4) {
    const n = (sextetAt(text, i) << 18) | (sextetAt(text, i + 1) << 12) | (sextetAt(text, i + 2) << 6) | sextetAt(text, i + 3);
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = text.length - i;
  // Leftover bits must be zero: otherwise two texts would decode to the same bytes.
  if (rest === 2) {
    const n = (sextetAt(text, i) << 18) | (sextetAt(text, i + 1) << 12);
    if (n & 0xffff) throw new SecureBaseError('invalid-request', 'non-canonical base64url');
    out[o++] = n >> 16;
  } else if (rest === 3) {
    const n = (sextetAt(text, i) << 18) | (sextetAt(text, i + 1) << 12) | (sextetAt(text, i + 2) << 6);
    if (n & 0xff) throw new SecureBaseError('invalid-request', 'non-canonical base64url');
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
  }
  return out;
}
