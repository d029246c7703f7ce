/**
 * Checked writers over a lib0 `Encoder`, the mirror of wire-decoding.ts. They refuse values the
 * decoders would refuse, so anything we encode can be decoded again and the encoding of a value
 * is unique. A refused value is a bug in the caller (validate untrusted input first with the
 * `isValid*` helpers), so these throw TypeError/RangeError, not SecureBaseError.
 *
 *   const bytes = encoding.encode((e) => { writeVarUintChecked(e, 7, 'seq'); writeDocId(e, 'shared'); });
 */
import * as encoding from 'lib0/encoding';
import { fromBase64Url } from './base64url.js';
import { isValidDocId, isValidPartnerId } from './ids.js';

export type Encoder = encoding.Encoder;

// TextEncoder would silently turn a lone surrogate into U+FFFD, so such a string would not
// survive a round trip: refuse it instead.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Write a varuint; `value` must be an integer in 0..Number.MAX_SAFE_INTEGER. */
export function writeVarUintChecked(e: Encoder, value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${field}: not a safe unsigned integer`);
  encoding.writeVarUint(e, value);
}

/** Write raw bytes that must be exactly `length` long. */
export function writeFixedBytes(e: Encoder, bytes: Uint8Array, length: number, field: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new RangeError(`${field}: expected ${length} bytes`);
  }
  encoding.writeUint8Array(e, bytes);
}

/** Write a varuint length and the bytes. */
export function writeVarBytes(e: Encoder, bytes: Uint8Array, field: string, maxLength = Number.MAX_SAFE_INTEGER): void {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${field}: not bytes`);
  if (bytes.length > maxLength) throw new RangeError(`${field}: longer than ${maxLength} bytes`);
  encoding.writeVarUint8Array(e, bytes);
}

/** Write a varuint byte length and the UTF-8 of `text` (at most `maxBytes` bytes). */
export function writeVarStringChecked(e: Encoder, text: string, field: string, maxBytes: number): void {
  if (typeof text !== 'string' || LONE_SURROGATE.test(text)) throw new TypeError(`${field}: not a well-formed string`);
  writeVarBytes(e, new TextEncoder().encode(text), field, maxBytes);
}

/** Write a 16-byte random id given as canonical base64url text. */
export function writeRandomId(e: Encoder, id: string, field: string): void {
  // All random ids share one shape; isValidPartnerId is that shape check.
  if (!isValidPartnerId(id)) throw new RangeError(`${field}: not base64url of 16 bytes`);
  encoding.writeUint8Array(e, fromBase64Url(id));
}

/** Write a document id as a varString. */
export function writeDocId(e: Encoder, docId: string, field = 'docId'): void {
  if (!isValidDocId(docId)) throw new RangeError(`${field}: invalid`);
  encoding.writeVarString(e, docId);
}
