/**
 * What a verified membership chain says about time, which the folded MembershipState forgets:
 * at which op each key epoch began, and during which ops each device was a member. A device
 * legitimately held a key if it was still a member when that key's epoch began (devices linked
 * later received it too). So a key wrap is trusted only from such a device — a removed device,
 * or the relay replaying one of its wraps, cannot slip in a key for an epoch that began after the
 * removal — and an envelope sealed under epoch n by a device removed later (or whose partner
 * left) is still genuine history the remaining members keep reading.
 *
 *   const history = chainHistory(verifiedOps);
 *   history.couldHold(wrapperKey, { scope: 'space', epoch: 2 }); // true | false
 */
import { bytesEqual, SPACE_SCOPE, decodeMembershipOp, partnerOfScope, privateScope, type KeyScope } from '@securebase/protocol';

/** One device's span of membership, in chain seqs: [addedAt, removedAt). */
export interface DeviceSpan {
  deviceKey: Uint8Array;
  partnerId: string;
  addedAt: number;
  removedAt?: number;
}

/** The timeline of a verified chain. */
export interface ChainHistory {
  devices: DeviceSpan[];
  /** `${scope}#${epoch}` → seq of the op that began it. */
  epochStarts: Map<string, number>;
  /** seq of every `leave` op, in order. */
  leaves: number[];
  /** seq and scope of every `rotate-key` op, in order. */
  rotations: { seq: number; scope: KeyScope; epoch: number }[];
  /**
   * True if `deviceKey` legitimately held the key of `scope` at `epoch`: a device of a partner
   * allowed that scope, not removed before the epoch began. Use it for wrappers and for authors.
   */
  couldHold(deviceKey: Uint8Array, entry: { scope: KeyScope; epoch: number }): boolean;
}

/** Build the history of ops that verifyMembershipChain has already accepted (do not call on unverified ops). */
export function chainHistory(verifiedOps: Uint8Array[]): ChainHistory {
  const devices: DeviceSpan[] = [];
  const epochStarts = new Map<string, number>();
  const leaves: number[] = [];
  const rotations: ChainHistory['rotations'] = [];
  const startEpoch = (scope: KeyScope, epoch: number, seq: number): void => {
    epochStarts.set(`${scope}#${epoch}`, seq);
  };
  for (const encoded of verifiedOps) {
    const op = decodeMembershipOp(encoded);
    const body = op.body;
    switch (body.kind) {
      case 'create':
        startEpoch(SPACE_SCOPE, 0, op.seq);
        startEpoch(privateScope(body.device.partnerId), 0, op.seq);
        devices.push({ deviceKey: body.device.deviceKey, partnerId: body.device.partnerId, addedAt: op.seq });
        break;
      case 'add-partner':
        startEpoch(privateScope(body.device.partnerId), 0, op.seq);
        devices.push({ deviceKey: body.device.deviceKey, partnerId: body.device.partnerId, addedAt: op.seq });
        break;
      case 'link-device':
        devices.push({ deviceKey: body.device.deviceKey, partnerId: body.device.partnerId, addedAt: op.seq });
        break;
      case 'remove-device':
        for (const span of devices) if (span.removedAt === undefined && bytesEqual(span.deviceKey, body.deviceKey)) span.removedAt = op.seq;
        break;
      case 'leave':
        leaves.push(op.seq);
        for (const span of devices) if (span.removedAt === undefined && span.partnerId === body.partnerId) span.removedAt = op.seq;
        break;
      case 'rotate-key':
        rotations.push({ seq: op.seq, scope: body.scope, epoch: body.epoch });
        startEpoch(body.scope, body.epoch, op.seq);
        break;
    }
  }
  return {
    devices,
    epochStarts,
    leaves,
    rotations,
    couldHold(deviceKey, entry) {
      const began = epochStarts.get(`${entry.scope}#${entry.epoch}`);
      if (began === undefined) return false;
      const owner = partnerOfScope(entry.scope);
      return devices.some(
        (span) =>
          bytesEqual(span.deviceKey, deviceKey) &&
          (owner === undefined || span.partnerId === owner) &&
          (span.removedAt === undefined || span.removedAt > began),
      );
    },
  };
}
