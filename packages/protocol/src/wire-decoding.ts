/**
 * Strict readers over a lib0 `Decoder`, shared by every codec in this package. lib0's own
 * readers trust their input (a short buffer yields a short view, a varuint may be padded); these
 * check every length against the bytes left, accept only minimal varuints up to
 * Number.MAX_SAFE_INTEGER and only well-formed UTF-8, so that a decoded value re-encodes to the
 * very same bytes. Every failure is SecureBaseError('malformed-frame', '<what>: <why>').
 *
 *   const d = decoding.createDecoder(bytes);
 *   const seq = readVarUintStrict(d, 'seq');
 *   expectEnd(d, 'ack');
 */
import * as decoding from 'lib0/decoding';
import { toBase64Url } from './base64url.js';
import { SecureBaseError } from './codes.js';
import { isValidDocId, RANDOM_ID_BYTES } from './ids.js';

export type Decoder = decoding.Decoder;

// The longest minimal varuint for a safe integer: 53 bits / 7 bits per byte → 8 bytes.
const MAX_VARUINT_BYTES = 8;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The error every decoder throws: the bytes could not be read as the expected structure. */
export function malformed(detail: string): SecureBaseError {
  return new SecureBaseError('malformed-frame', detail);
}

/** Start decoding `bytes` (must be a Uint8Array). */
export function createDecoder(bytes: Uint8Array, what: string): Decoder {
  if (!(bytes instanceof Uint8Array)) throw malformed(`${what}: not bytes`);
  return decoding.createDecoder(bytes);
}

function remaining(d: Decoder): number {
  return d.arr.length - d.pos;
}

/** Read a minimal LEB128 varuint no larger than Number.MAX_SAFE_INTEGER. */
export function readVarUintStrict(d: Decoder, field: string): number {
  const start = d.pos;
  let value = 0;
  let multiplier = 1;
  for (;;) {
    if (d.pos >= d.arr.length) throw malformed(`${field}: truncated`);
    if (d.pos - start >= MAX_VARUINT_BYTES) throw malformed(`${field}: varuint too long`);
    const byte = d.arr[d.pos++] ?? 0;
    value += (byte & 0x7f) * multiplier;
    if (value > Number.MAX_SAFE_INTEGER) throw malformed(`${field}: integer too large`);
    if (byte < 0x80) {
      // A zero final byte after a continuation is padding: reject so encodings stay unique.
      if (byte === 0 && d.pos - start > 1) throw malformed(`${field}: non-minimal varuint`);
      return value;
    }
    multiplier *= 128;
  }
}

/** Read a varuint that must be one of `allowed`. */
export function readVarUintOneOf(d: Decoder, field: string, allowed: readonly number[]): number {
  const value = readVarUintStrict(d, field);
  if (!allowed.includes(value)) throw malformed(`${field}: unknown value ${value}`);
  return value;
}

/** Read exactly `length` raw bytes (a copy, so the result never aliases the input buffer). */
export function readFixedBytes(d: Decoder, length: number, field: string): Uint8Array {
  if (remaining(d) < length) throw malformed(`${field}: truncated`);
  const bytes = d.arr.slice(d.pos, d.pos + length);
  d.pos += length;
  return bytes;
}

/**
 * Read exactly `length` bytes as a view INTO the input (no copy): only for bytes used while the
 * input is still at hand and then dropped (a view kept would keep the whole input alive).
 */
export function readFixedView(d: Decoder, length: number, field: string): Uint8Array {
  if (remaining(d) < length) throw malformed(`${field}: truncated`);
  const bytes = d.arr.subarray(d.pos, d.pos + length);
  d.pos += length;
  return bytes;
}

/** readVarBytes as a view into the input (see readFixedView). */
export function readVarView(d: Decoder, field: string, maxLength = Number.MAX_SAFE_INTEGER): Uint8Array {
  const length = readVarUintStrict(d, `${field} length`);
  if (length > maxLength) throw malformed(`${field}: longer than ${maxLength} bytes`);
  return readFixedView(d, length, field);
}

/** Read a varuint length then that many bytes; the length may not exceed `maxLength`. */
export function readVarBytes(d: Decoder, field: string, maxLength = Number.MAX_SAFE_INTEGER): Uint8Array {
  const length = readVarUintStrict(d, `${field} length`);
  if (length > maxLength) throw malformed(`${field}: longer than ${maxLength} bytes`);
  return readFixedBytes(d, length, field);
}

/** Read a varuint byte length then well-formed UTF-8 of at most `maxBytes` bytes. */
export function readVarStringStrict(d: Decoder, field: string, maxBytes: number): string {
  const bytes = readVarBytes(d, field, maxBytes);
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    // reason: TextDecoder throws a TypeError for invalid UTF-8; map it to the wire error.
    throw malformed(`${field}: invalid UTF-8 (${(cause as Error).name})`);
  }
}

/** Read a 16-byte random id (space, partner, invite) and return its base64url text. */
export function readRandomId(d: Decoder, field: string): string {
  // A view suffices: the bytes are only encoded, never kept.
  return toBase64Url(readFixedView(d, RANDOM_ID_BYTES, field));
}

/** Read a document id (varString, 1–64 chars of [A-Za-z0-9_-]). */
export function readDocId(d: Decoder, field = 'docId'): string {
  const docId = readVarStringStrict(d, field, 64);
  if (!isValidDocId(docId)) throw malformed(`${field}: invalid`);
  return docId;
}

/** Fail unless every byte was consumed: trailing bytes would make encodings ambiguous. */
export function expectEnd(d: Decoder, what: string): void {
  if (d.pos !== d.arr.length) throw malformed(`${what}: ${d.arr.length - d.pos} trailing bytes`);
}
