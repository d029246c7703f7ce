/**
 * The canonical message a device signs to answer the relay's `challenge`. It binds the answer
 * to one space, one challenge nonce and one device, so a signature cannot be replayed for
 * another space, another session or another device.
 *
 *   message = spaceId 16 | nonce 32 | deviceKey 32
 *
 *   const message = encodeAuthChallengeMessage({ spaceId, nonce, deviceKey });
 *   // packages/crypto signs "securebase/auth/v1" ‖ message
 */
import * as encoding from 'lib0/encoding';
import { CHALLENGE_NONCE_BYTES, PUBLIC_KEY_BYTES } from './sizes.js';
import { writeFixedBytes, writeRandomId } from './wire-encoding.js';

export interface AuthChallengeMessage {
  spaceId: string;
  nonce: Uint8Array; // 32, from the challenge frame
  deviceKey: Uint8Array; // 32, the answering device
}

/** The bytes (without context string) a device signs to answer a challenge. */
export function encodeAuthChallengeMessage(message: AuthChallengeMessage): Uint8Array {
  return encoding.encode((e) => {
    writeRandomId(e, message.spaceId, 'spaceId');
    writeFixedBytes(e, message.nonce, CHALLENGE_NONCE_BYTES, 'nonce');
    writeFixedBytes(e, message.deviceKey, PUBLIC_KEY_BYTES, 'deviceKey');
  });
}
