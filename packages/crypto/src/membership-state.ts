/**
 * The state a verified membership chain describes: who the partners are, which devices belong
 * to them, the chain head, and which invites were already redeemed. Produced only by
 * verifyMembershipChain / appendMembershipOp; treat it as immutable.
 *
 *   const chain = verifyMembershipChain(ops, {});
 *   if (chain.ok && isMemberDevice(chain.value, header.author)) apply(update);
 */
import type { DeviceRecord } from '@securebase/protocol';
import { bytesEqual } from './bytes.js';

export interface MemberDevice extends DeviceRecord {
  /** seq of the op that added this device. */
  addedAtSeq: number;
  /** That op's (author-claimed) timestamp, ms since epoch. */
  addedAt: number;
}

export interface MembershipState {
  spaceId: string;
  head: { seq: number; hash: Uint8Array };
  partners: { partnerId: string; devices: MemberDevice[] }[];
  devices: MemberDevice[];
  usedInviteIds: string[];
}

/** Partners a space may hold. */
export const MAX_PARTNERS = 2;

/** The member device with this Ed25519 public key, if any. */
export function findDevice(state: MembershipState, deviceKey: Uint8Array): MemberDevice | undefined {
  return state.devices.find((device) => bytesEqual(device.deviceKey, deviceKey));
}

/** True if `deviceKey` is a current member device of the space. */
export function isMemberDevice(state: MembershipState, deviceKey: Uint8Array): boolean {
  return findDevice(state, deviceKey) !== undefined;
}
