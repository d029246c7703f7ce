/**
 * Invite payload codec: the plaintext the inviting device encrypts under the key derived from
 * the invite secret, so the joiner learns which space to join and the space keys it may read.
 * Only `space` scope keys may travel in an invite: private keys never leave their partner.
 *
 *   payload = varUint(version = 2) · id16(spaceId) · entries      (entries as in key-bundle.ts)
 *
 *   const plain = encodeInvitePayload({ spaceId, keys: [{ scope: 'space', epoch: 0, key }] });
 *   decodeInvitePayload(plain).keys[0].epoch; // 0
 */
import * as encoding from 'lib0/encoding';
import { readKeyEntries, writeKeyEntries, type KeyEntry } from './key-bundle.js';
import { SPACE_SCOPE } from './key-scope.js';
import { createDecoder, expectEnd, malformed, readRandomId, readVarUintOneOf } from './wire-decoding.js';
import { writeRandomId, writeVarUintChecked } from './wire-encoding.js';

/** Version byte at the start of an invite payload (2: key entries instead of one epoch key). */
export const INVITE_PAYLOAD_VERSION = 2;

export interface InvitePayload {
  spaceId: string;
  /** Space-scope keys only, at least one. */
  keys: KeyEntry[];
}

/** Encode the plaintext of an invite payload. */
export function encodeInvitePayload(payload: InvitePayload): Uint8Array {
  if (payload.keys.length === 0) throw new RangeError('invite payload: at least one key');
  if (payload.keys.some((entry) => entry.scope !== SPACE_SCOPE)) throw new RangeError('invite payload: space keys only');
  return encoding.encode((e) => {
    writeVarUintChecked(e, INVITE_PAYLOAD_VERSION, 'version');
    writeRandomId(e, payload.spaceId, 'spaceId');
    writeKeyEntries(e, payload.keys);
  });
}

/** Decode the plaintext of an invite payload; throws SecureBaseError('malformed-frame'). */
export function decodeInvitePayload(bytes: Uint8Array): InvitePayload {
  const d = createDecoder(bytes, 'invite payload');
  readVarUintOneOf(d, 'invite payload version', [INVITE_PAYLOAD_VERSION]);
  const spaceId = readRandomId(d, 'spaceId');
  const keys = readKeyEntries(d);
  expectEnd(d, 'invite payload');
  if (keys.length === 0) throw malformed('invite payload: no keys');
  if (keys.some((entry) => entry.scope !== SPACE_SCOPE)) throw malformed('invite payload: a key outside the space scope');
  return { spaceId, keys };
}
