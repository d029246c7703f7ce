/**
 * Revoking a space's open invites: a member device signs "securebase/invite-revoke/v1" ‖ spaceId
 * (16 raw bytes) ‖ signedAt (ms since the epoch, 8 bytes big-endian). The relay checks the
 * signature, that the signer is a current member device, and that `signedAt` is near its own
 * clock, so an old request cannot be replayed to cancel a newer invitation.
 *
 *   const signature = signInviteRevocation(device, { spaceId, signedAt: Date.now() });
 *   verifyInviteRevocation({ spaceId, signedAt, deviceKey, signature }); // relay side
 */
import { fromBase64Url, isValidSpaceId, PUBLIC_KEY_BYTES } from '@securebase/protocol';
import { concatBytes } from './bytes.js';
import type { DeviceKeys } from './keys.js';
import { CONTEXT, signWithContext, verifyWithContext } from './signing.js';

export interface InviteRevocation {
  spaceId: string;
  /** When the device signed, in ms since the epoch. */
  signedAt: number;
}

/** The canonical bytes (without context) of a revocation; throws for a malformed space id or time. */
function revocationMessage(revocation: InviteRevocation): Uint8Array {
  if (!isValidSpaceId(revocation.spaceId)) throw new RangeError('spaceId is not a valid space id');
  if (!Number.isSafeInteger(revocation.signedAt) || revocation.signedAt < 0) throw new RangeError('signedAt must be a non-negative integer');
  const time = new Uint8Array(8);
  new DataView(time.buffer).setBigUint64(0, BigInt(revocation.signedAt));
  return concatBytes(fromBase64Url(revocation.spaceId), time);
}

/** Sign a request to revoke every open invite of `spaceId` with this device's key. */
export function signInviteRevocation(device: DeviceKeys, revocation: InviteRevocation): Uint8Array {
  return signWithContext(CONTEXT.inviteRevoke, revocationMessage(revocation), device.signSecretKey);
}

/** True if `signature` is `deviceKey`'s revocation of `spaceId` at `signedAt`; false for any malformed input. */
export function verifyInviteRevocation(input: InviteRevocation & { deviceKey: Uint8Array; signature: Uint8Array }): boolean {
  // Untrusted shapes are simply "not a valid revocation", never an exception.
  if (!isValidSpaceId(input.spaceId) || !Number.isSafeInteger(input.signedAt) || input.signedAt < 0) return false;
  if (input.deviceKey.length !== PUBLIC_KEY_BYTES) return false;
  return verifyWithContext(CONTEXT.inviteRevoke, revocationMessage(input), input.signature, input.deviceKey);
}
