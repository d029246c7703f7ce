/**
 * Managing the devices of a space after pairing: list them, remove one of your own (a lost
 * phone), leave the space, and — for the partner who stays — rotate the space key after the
 * other left. Every change is a signed membership op; every rotation carries a signed wrap for
 * each device that keeps the scope (the other partner's devices get space keys only).
 *
 *   const devices = await listDevices(creds);
 *   creds = await removeDevice(creds, devices[1].id);   // new epochs: save the returned credentials
 *   await leaveSpace(creds);                            // export first: the web/CLI offer it
 *   partnerCreds = await rotateAfterLeave(partnerCreds); // no-op if already rotated
 */
import { bytesEqual, SPACE_SCOPE, SecureBaseError, privateScope, toBase64Url, type KeyEntry, type KeyScope } from '@securebase/protocol';
import {
  createLeaveOp,
  createRemoveDeviceOp,
  createRotateKeyOp,
  generateSpaceKey,
  hashMembershipOp,
  readyCrypto,
  type MembershipState,
} from '@securebase/crypto';
import { chainHistory } from './chain-history.js';
import { keyForEpoch, mergeKeys, type Credentials } from './credentials.js';
import { deviceFingerprint } from './device-id.js';
import { clientsFor, nowOf, type FlowOptions } from './flow-context.js';
import { refreshKeys, wrapsFor } from './key-refresh.js';
import { fetchVerifiedChainFrom } from './membership.js';

/** One member device as the app lists it. */
export interface DeviceListing {
  deviceKey: Uint8Array;
  /** Short base64url fingerprint of the device key. */
  id: string;
  partnerId: string;
  /** When the op that added it was signed (the signer's clock), ms since epoch. */
  addedAt: number;
  isThisDevice: boolean;
  isMine: boolean;
}

function verifyOptions(opts: FlowOptions): { now?: number } {
  return opts.now === undefined ? {} : { now: opts.now };
}

/** Every current member device of the verified chain, oldest first. */
export async function listDevices(creds: Credentials, opts: FlowOptions = {}): Promise<DeviceListing[]> {
  await readyCrypto();
  const { state } = await fetchVerifiedChainFrom(clientsFor(creds.relayUrl, opts).space, creds.spaceId, verifyOptions(opts));
  return [...state.devices]
    .sort((a, b) => a.addedAtSeq - b.addedAtSeq)
    .map((device) => ({
      deviceKey: device.deviceKey,
      id: deviceFingerprint(device.deviceKey),
      partnerId: device.partnerId,
      addedAt: device.addedAt,
      isThisDevice: bytesEqual(device.deviceKey, creds.device.signPublicKey),
      isMine: device.partnerId === creds.partnerId,
    }));
}

/**
 * Remove another device of this partner: `remove-device`, then `rotate-key` for the space and
 * for this partner's private scope, in one request with wraps for every remaining device.
 * Returns the credentials with the new keys: save them. `device` is a key (bytes or base64url) or a listed id.
 */
export async function removeDevice(creds: Credentials, device: Uint8Array | string, opts: FlowOptions = {}): Promise<Credentials> {
  await readyCrypto();
  const current = await refreshKeys(creds, undefined, opts);
  const { space, pairing } = clientsFor(creds.relayUrl, opts);
  const { state } = await fetchVerifiedChainFrom(space, creds.spaceId, verifyOptions(opts));
  const target = state.devices.find((member) => matchesDevice(member.deviceKey, device));
  if (!target) throw new SecureBaseError('invalid-request', 'no such device in this space');
  if (target.partnerId !== creds.partnerId) throw new SecureBaseError('invalid-request', 'only your own devices can be removed');
  if (bytesEqual(target.deviceKey, creds.device.signPublicKey)) {
    throw new SecureBaseError('invalid-request', 'remove this device from another of your devices, or leave the space');
  }
  const scopes = [SPACE_SCOPE, privateScope(creds.partnerId)];
  const { ops, next } = rotationOps(current, state, scopes, opts, (prev) =>
    createRemoveDeviceOp({ spaceId: creds.spaceId, prev, signer: creds.device, deviceKey: target.deviceKey, now: nowOf(opts) }),
  );
  const remaining = state.devices.filter((member) => !bytesEqual(member.deviceKey, target.deviceKey));
  await pairing.appendMembership(creds.spaceId, ops, wrapsFor(next, remaining));
  return next;
}

/** Leave the space: all of this partner's devices stop being members, and the relay deletes its private document. */
export async function leaveSpace(creds: Credentials, opts: FlowOptions = {}): Promise<void> {
  await readyCrypto();
  const { space, pairing } = clientsFor(creds.relayUrl, opts);
  const { state } = await fetchVerifiedChainFrom(space, creds.spaceId, verifyOptions(opts));
  const op = createLeaveOp({
    spaceId: creds.spaceId,
    prev: { seq: state.head.seq, hash: state.head.hash },
    signer: creds.device,
    partnerId: creds.partnerId,
    now: nowOf(opts),
  });
  await pairing.appendMembership(creds.spaceId, [op], []);
}

/**
 * For the partner who stays: after the other partner left, start a new space epoch so nothing new
 * is readable with keys the leaver held. Idempotent: returns the (refreshed) credentials unchanged
 * when no one left or a space rotation already followed the last leave.
 */
export async function rotateAfterLeave(creds: Credentials, opts: FlowOptions = {}): Promise<Credentials> {
  await readyCrypto();
  try {
    return await rotateAfterLeaveOnce(creds, opts);
  } catch (err) {
    // Two of the partner's devices may race to rotate; the loser's append is refused because the
    // chain moved on (membership-changed, or invalid-membership when its op no longer chains).
    // Looking once more finds the winner's rotation (and fetches its wrap).
    if (err instanceof SecureBaseError && (err.code === 'membership-changed' || err.code === 'invalid-membership')) {
      return rotateAfterLeaveOnce(creds, opts);
    }
    throw err;
  }
}

async function rotateAfterLeaveOnce(creds: Credentials, opts: FlowOptions): Promise<Credentials> {
  const current = await refreshKeys(creds, undefined, opts);
  const { space, pairing } = clientsFor(creds.relayUrl, opts);
  const { ops: encoded, state } = await fetchVerifiedChainFrom(space, creds.spaceId, verifyOptions(opts));
  if (state.departedPartners.includes(creds.partnerId)) throw new SecureBaseError('device-removed', 'this partner left the space');
  const history = chainHistory(encoded);
  const lastLeave = history.leaves[history.leaves.length - 1];
  if (lastLeave === undefined) return current;
  if (history.rotations.some((rotation) => rotation.scope === SPACE_SCOPE && rotation.seq > lastLeave)) return current;
  const { ops, next } = rotationOps(current, state, [SPACE_SCOPE], opts);
  await pairing.appendMembership(creds.spaceId, ops, wrapsFor(next, state.devices));
  return next;
}

/**
 * The ops of a rotation: an optional leading op, then one `rotate-key` per scope at current + 1,
 * each chained to the one before; and the credentials holding the new keys.
 */
function rotationOps(
  creds: Credentials,
  state: MembershipState,
  scopes: KeyScope[],
  opts: FlowOptions,
  first?: (prev: { seq: number; hash: Uint8Array }) => Uint8Array,
): { ops: Uint8Array[]; next: Credentials } {
  let prev = { seq: state.head.seq, hash: state.head.hash };
  const ops: Uint8Array[] = [];
  const append = (op: Uint8Array): void => {
    ops.push(op);
    prev = { seq: prev.seq + 1, hash: hashMembershipOp(op) };
  };
  if (first) append(first(prev));
  const fresh: KeyEntry[] = [];
  for (const scope of scopes) {
    const epoch = state.epochs[scope] ?? 0;
    // A rotation re-wraps everything this device holds: it must hold the current key to pass on.
    if (!keyForEpoch(creds, scope, epoch)) throw new SecureBaseError('stale-epoch', 'this device lacks a current key');
    append(createRotateKeyOp({ spaceId: creds.spaceId, prev, signer: creds.device, scope, epoch: epoch + 1, now: nowOf(opts) }));
    fresh.push({ scope, epoch: epoch + 1, key: generateSpaceKey() });
  }
  return { ops, next: mergeKeys(creds, fresh) };
}

function matchesDevice(deviceKey: Uint8Array, wanted: Uint8Array | string): boolean {
  if (typeof wanted !== 'string') return bytesEqual(deviceKey, wanted);
  return deviceFingerprint(deviceKey) === wanted || toBase64Url(deviceKey) === wanted;
}
