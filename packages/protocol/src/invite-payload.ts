/**
 * Invite payload codec: the plaintext the inviting device encrypts under the key derived from
 * the invite secret, so the joiner learns which space to join and its current key.
 *
 *   payload = varUint version | spaceId 16 | varUint epoch | spaceKey 32
 *
 *   const plain = encodeInvitePayload({ spaceId, epoch: 0, spaceKey });
 *   decodeInvitePayload(plain).epoch; // 0
 */
import * as encoding from 'lib0/encoding';
import { SPACE_KEY_BYTES } from './sizes.js';
import { createDecoder, expectEnd, readFixedBytes, readRandomId, readVarUintOneOf, readVarUintStrict } from './wire-decoding.js';
import { writeFixedBytes, writeRandomId, writeVarUintChecked } from './wire-encoding.js';

/** Version byte at the start of an invite payload. */
export const INVITE_PAYLOAD_VERSION = 1;

export interface InvitePayload {
  spaceId: string;
  epoch: number;
  spaceKey: Uint8Array; // 32
}

/** Encode the plaintext of an invite payload. */
export function encodeInvitePayload(payload: InvitePayload): Uint8Array {
  return encoding.encode((e) => {
    writeVarUintChecked(e, INVITE_PAYLOAD_VERSION, 'version');
    writeRandomId(e, payload.spaceId, 'spaceId');
    writeVarUintChecked(e, payload.epoch, 'epoch');
    writeFixedBytes(e, payload.spaceKey, SPACE_KEY_BYTES, 'spaceKey');
  });
}

/** Decode the plaintext of an invite payload; throws SecureBaseError('malformed-frame'). */
export function decodeInvitePayload(bytes: Uint8Array): InvitePayload {
  const d = createDecoder(bytes, 'invite payload');
  readVarUintOneOf(d, 'invite payload version', [INVITE_PAYLOAD_VERSION]);
  const spaceId = readRandomId(d, 'spaceId');
  const epoch = readVarUintStrict(d, 'epoch');
  const spaceKey = readFixedBytes(d, SPACE_KEY_BYTES, 'spaceKey');
  expectEnd(d, 'invite payload');
  return { spaceId, epoch, spaceKey };
}
