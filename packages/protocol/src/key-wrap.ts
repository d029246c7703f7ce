/**
 * Key wrap container: a sealed key bundle for one recipient device, with the wrapping device's
 * key in the clear so the recipient knows whose signature to check inside (packages/crypto
 * sealKeyBundle/openKeyBundle). The relay may read `wrapper` to refuse wraps by non-members.
 *
 *   wrap = varUint(version = 1) · key32(wrapper) · varUint8Array(sealed)
 *
 *   const { wrapper, sealed } = decodeKeyWrap(bytes);
 */
import * as encoding from 'lib0/encoding';
import { PUBLIC_KEY_BYTES } from './sizes.js';
import { createDecoder, expectEnd, readFixedBytes, readVarBytes, readVarUintOneOf } from './wire-decoding.js';
import { writeFixedBytes, writeVarBytes, writeVarUintChecked } from './wire-encoding.js';

/** Version byte at the start of a key wrap. */
export const KEY_WRAP_VERSION = 1;

export interface KeyWrap {
  wrapper: Uint8Array; // wrapping device's Ed25519 public key
  sealed: Uint8Array; // crypto_box_seal output
}

/** Encode a key wrap. */
export function encodeKeyWrap(wrap: KeyWrap): Uint8Array {
  return encoding.encode((e) => {
    writeVarUintChecked(e, KEY_WRAP_VERSION, 'version');
    writeFixedBytes(e, wrap.wrapper, PUBLIC_KEY_BYTES, 'wrapper');
    writeVarBytes(e, wrap.sealed, 'sealed');
  });
}

/** Decode a key wrap; throws SecureBaseError('malformed-frame'). */
export function decodeKeyWrap(bytes: Uint8Array): KeyWrap {
  const d = createDecoder(bytes, 'key wrap');
  readVarUintOneOf(d, 'key wrap version', [KEY_WRAP_VERSION]);
  const wrapper = readFixedBytes(d, PUBLIC_KEY_BYTES, 'wrapper');
  const sealed = readVarBytes(d, 'sealed');
  expectEnd(d, 'key wrap');
  return { wrapper, sealed };
}
