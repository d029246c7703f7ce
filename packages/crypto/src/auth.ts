/**
 * Answering the relay's challenge: the device signs "securebase/auth/v1" ‖ spaceId ‖ nonce ‖
 * deviceKey (protocol's encodeAuthChallengeMessage), proving it holds the key it named in `hello`.
 *
 *   const signature = signAuthChallenge(device, { spaceId, nonce: challenge.nonce });
 *   verifyAuthChallenge({ spaceId, nonce, deviceKey, signature }); // relay side
 */
import { CHALLENGE_NONCE_BYTES, encodeAuthChallengeMessage, isValidSpaceId, PUBLIC_KEY_BYTES } from '@securebase/protocol';
import type { DeviceKeys } from './keys.js';
import { CONTEXT, signWithContext, verifyWithContext } from './signing.js';

/** Sign the answer to a challenge for `spaceId` with this device's key. */
export function signAuthChallenge(device: DeviceKeys, challenge: { spaceId: string; nonce: Uint8Array }): Uint8Array {
  const message = encodeAuthChallengeMessage({ ...challenge, deviceKey: device.signPublicKey });
  return signWithContext(CONTEXT.auth, message, device.signSecretKey);
}

/** True if `signature` answers the challenge for this space, nonce and device key. */
export function verifyAuthChallenge(input: {
  spaceId: string;
  nonce: Uint8Array;
  deviceKey: Uint8Array;
  signature: Uint8Array;
}): boolean {
  // Untrusted shapes are simply "not a valid answer", never an exception.
  if (!isValidSpaceId(input.spaceId) || input.nonce.length !== CHALLENGE_NONCE_BYTES || input.deviceKey.length !== PUBLIC_KEY_BYTES) {
    return false;
  }
  const message = encodeAuthChallengeMessage({ spaceId: input.spaceId, nonce: input.nonce, deviceKey: input.deviceKey });
  return verifyWithContext(CONTEXT.auth, message, input.signature, input.deviceKey);
}
