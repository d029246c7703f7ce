/**
 * The state a verified membership chain describes: who the partners are, which devices belong
 * to them, the current key epoch of every scope, who left and which devices were removed.
 * Produced only by verifyMembershipChain / appendMembershipOp; treat it as immutable.
 *
 *   const chain = verifyMembershipChain(ops, {});
 *   if (chain.ok && isMemberDevice(chain.value, header.author)) apply(update);
 *   const holders = devicesForScope(chain.value, 'space'); // who gets a wrap on rotation
 */
import { bytesEqual, partnerOfScope, SPACE_SCOPE, type DeviceRecord, type KeyScope } from '@securebase/protocol';

export interface MemberDevice extends DeviceRecord {
  /** seq of the op that added this device. */
  addedAtSeq: number;
  /** That op's (author-claimed) timestamp, ms since epoch. */
  addedAt: number;
}

export interface MembershipState {
  spaceId: string;
  head: { seq: number; hash: Uint8Array };
  /** Current partners (at most two), each with their current devices. */
  partners: { partnerId: string; devices: MemberDevice[] }[];
  /** Every current member device. */
  devices: MemberDevice[];
  usedInviteIds: string[];
  usedLinkIds: string[];
  /** Current epoch per scope: 'space' from genesis; `private:<pid>` while that partner is in the space. */
  epochs: Record<KeyScope, number>;
  /** Each current partner's identity key: the device key of their create / add-partner op. */
  identities: { partnerId: string; identityKey: Uint8Array }[];
  /** Partners who left; their ids can never come back. */
  departedPartners: string[];
  /** Devices removed (remove-device, or their partner left); they can never come back. */
  removedDevices: Uint8Array[];
  /**
   * The removed devices with the partner each belonged to: what they wrote while members is still
   * theirs, so authorship of old words is read from here once the device is gone.
   */
  formerDevices: MemberDevice[];
  /**
   * Scopes whose key a remaining member must rotate: set by remove-device (space and the
   * partner's private scope) and by leave (space); cleared by the matching rotate-key.
   */
  pendingRotations: KeyScope[];
  /** True right after a remove-device: only its rotate-key ops may follow until none is pending. */
  rotationRequired: boolean;
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

/** The partner a current or removed device belongs (or belonged) to. */
export function partnerOfDevice(state: MembershipState, deviceKey: Uint8Array): string | undefined {
  return (findDevice(state, deviceKey) ?? state.formerDevices.find((d) => bytesEqual(d.deviceKey, deviceKey)))?.partnerId;
}

/** True if `deviceKey` was removed from the space (or belonged to a partner who left). */
export function isRemovedDevice(state: MembershipState, deviceKey: Uint8Array): boolean {
  return state.removedDevices.some((removed) => bytesEqual(removed, deviceKey));
}

/** The current devices that should hold `scope`: all devices for 'space', one partner's for a private scope. */
export function devicesForScope(state: MembershipState, scope: KeyScope): MemberDevice[] {
  if (scope === SPACE_SCOPE) return state.devices;
  const partnerId = partnerOfScope(scope);
  if (partnerId === undefined) return [];
  return state.devices.filter((device) => device.partnerId === partnerId);
}

/** The identity key of a current partner, if any. */
export function identityOf(state: MembershipState, partnerId: string): Uint8Array | undefined {
  return state.identities.find((identity) => identity.partnerId === partnerId)?.identityKey;
}
