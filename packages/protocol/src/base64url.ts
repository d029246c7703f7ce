/**
 * Unpadded base64url (RFC 4648 §5) in pure JS, so the same code runs in browsers, the extension
 * and Node. Decoding is strict and canonical: exactly one text per byte string, so an id that
 * decodes also re-encodes to the same text (the relay and clients compare ids as strings).
 *
 *   const text = toBase64Url(new Uint8Array([1, 2, 3])); // 'AQID'
 *   fromBase64Url(text); // Uint8Array [1, 2, 3]
 *   tryFromBase64Url('AQ=='); // undefined: padded, so not canonical
 */
import { SecureBaseError } from './codes.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Char code → 6-bit value, -1 for anything outside the alphabet.
const LOOKUP = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

// Sextet → character, for toBase64Url (an array index beats charAt in the per-entry paths).
const CHARS = ALPHABET.split('');
const char = (sextet: number): string => CHARS[sextet & 63]!;

/** Encode bytes as unpadded base64url. */
export function toBase64Url(bytes: Uint8Array): string {
  // One growing string, not parts joined: ids and keys are encoded for every entry opened.
  let out = '';
  const full = bytes.length - (bytes.length % 3);
  for (let i = 0; i < full; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += char(n >> 18) + char(n >> 12) + char(n >> 6) + char(n);
  }
  const rest = bytes.length - full;
  if (rest === 1) {
    const n = bytes[full]! << 16;
    out += char(n >> 18) + char(n >> 12);
  } else if (rest === 2) {
    const n = (bytes[full]! << 16) | (bytes[full + 1]! << 8);
    out += char(n >> 18) + char(n >> 12) + char(n >> 6);
  }
  return out;
}

// The sextet at `index`, or -1 when that character is outside the alphabet (non-ASCII included).
const sextetAt = (text: string, index: number): number => {
  const code = text.charCodeAt(index);
  return code < 128 ? (LOOKUP[code] ?? -1) : -1;
};

/** Why a text is not canonical unpadded base64url. */
type Base64UrlProblem = 'not base64url' | 'non-canonical base64url';

// The one decoder behind both entry points: the bytes, or why there are none.
function decode(text: unknown): Uint8Array | Base64UrlProblem {
  if (typeof text !== 'string' || text.length % 4 === 1) return 'not base64url';
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 4 <= text.length; i += 4) {
    const a = sextetAt(text, i);
    const b = sextetAt(text, i + 1);
    const c = sextetAt(text, i + 2);
    const d = sextetAt(text, i + 3);
    if ((a | b | c | d) < 0) return 'not base64url';
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = text.length - i;
  if (rest === 0) return out;
  const a = sextetAt(text, i);
  const b = sextetAt(text, i + 1);
  const c = rest === 3 ? sextetAt(text, i + 2) : 0;
  if ((a | b | c) < 0) return 'not base64url';
  const n = (a << 18) | (b << 12) | (c << 6);
  // Leftover bits must be zero: otherwise two texts would decode to the same bytes.
  if (n & (rest === 2 ? 0xffff : 0xff)) return 'non-canonical base64url';
  out[o++] = n >> 16;
  if (rest === 3) out[o++] = (n >> 8) & 255;
  return out;
}

/** Decode unpadded, canonical base64url; throws SecureBaseError('invalid-request') otherwise. */
export function fromBase64Url(text: string): Uint8Array {
  const bytes = decode(text);
  if (typeof bytes === 'string') throw new SecureBaseError('invalid-request', bytes);
  return bytes;
}

/**
 * Decode unpadded, canonical base64url; undefined otherwise. For text read from a document,
 * where a malformed value means "does not verify" rather than a bad request.
 */
export function tryFromBase64Url(text: string): Uint8Array | undefined {
  const bytes = decode(text);
  return typeof bytes === 'string' ? undefined : bytes;
}
