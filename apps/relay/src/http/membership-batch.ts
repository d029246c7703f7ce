/**
 * Checking one `POST /v1/spaces/:spaceId/membership` request before anything is stored: every op
 * must append to the verified chain (appendMembershipOp, in order), the group must be one of the
 * allowed shapes, a link-device op must consume a link its new device requested, and the wraps
 * must go to exactly the devices that should hold the new keys. The result is the storage batch
 * that applies the whole request in one transaction, and the membership state after it.
 *
 *   const planned = await planMembershipBatch({ storage, membership, ops, wraps, now, quotaBytes });
 *   await storage.appendMembershipBatch(planned.batch);
 */
import { appendMembershipOp, devicesForScope, isMemberDevice, type MembershipState } from '@securebase/crypto';
import {
  bytesEqual,
  decodeKeyWrap,
  decodeMembershipOp,
  encodeLinkCertificate,
  privateDocId,
  toBase64Url,
  type MembershipBody,
  type MembershipOp,
  type MembershipOpKind,
} from '@securebase/protocol';
import type { LoadedMembership } from '../membership.js';
import type { MembershipBatchInput, RelayStorage } from '../storage/types.js';
import { HttpError, httpErrorFrom } from './http-error.js';

export interface MembershipRequest {
  storage: RelayStorage;
  membership: LoadedMembership;
  ops: Uint8Array[];
  wraps: { deviceKey: Uint8Array; wrap: Uint8Array }[];
  now: number;
  quotaBytes: number;
}

export interface PlannedMembershipBatch {
  batch: MembershipBatchInput;
  /** The verified state once every op is appended. */
  state: MembershipState;
}

/** The groups of ops one request may carry (PROTOCOL.md): each is one person's action. */
const ALLOWED_GROUPS: readonly (readonly MembershipOpKind[])[] = [
  ['link-device'],
  ['remove-device', 'rotate-key', 'rotate-key'],
  ['leave'],
  ['rotate-key'],
  ['rotate-key', 'rotate-key'],
];


function checkGroup(ops: MembershipOp[]): void {
  const kinds = ops.map((op) => op.body.kind);
  const allowed = ALLOWED_GROUPS.some((group) => group.length === kinds.length && group.every((kind, i) => kind === kinds[i]));
  if (!allowed) {
    throw new HttpError('invalid-request', 'ops must be [link-device], [remove-device, rotate-key, rotate-key], [leave] or [rotate-key…]');
  }
}

/** The link a link-device op consumes must exist here, be unexpired, unused and requested by exactly that device. */
async function checkLinkUse(
  request: MembershipRequest,
  body: Extract<MembershipBody, { kind: 'link-device' }>,
): Promise<{ linkId: string; device: Uint8Array }> {
  const { link: certificate, device } = body;
  const link = await request.storage.getDeviceLink(certificate.linkId);
  if (!link || link.spaceId !== request.membership.state.spaceId) throw new HttpError('link-not-found');
  if (link.status === 'linked') throw new HttpError('link-used');
  if (link.expiresAt <= request.now) throw new HttpError('link-expired');
  if (link.status !== 'requested' || !link.requestDevice) {
    throw new HttpError('link-not-requested');
  }
  if (!bytesEqual(link.requestDevice, device.deviceKey)) {
    throw new HttpError('invalid-membership', 'op links another device than the one that asked');
  }
  if (!bytesEqual(encodeLinkCertificate(certificate), link.certificate)) {
    throw new HttpError('invalid-membership', 'op carries a different certificate than the stored link');
  }
  return { linkId: certificate.linkId, device: device.deviceKey };
}

/** Check a membership request against the verified chain and the stored links; throws HttpError. */
export async function planMembershipBatch(request: MembershipRequest): Promise<PlannedMembershipBatch> {
  const { membership, now } = request;
  const ops = request.ops.map((encoded) => decodeMembershipOp(encoded));
  checkGroup(ops);

  let state = membership.state;
  const batch: MembershipBatchInput = {
    spaceId: state.spaceId,
    firstSeq: membership.head + 1,
    ops: request.ops,
    wraps: [],
    linksUsed: [],
    revokedDevices: [],
    deletedDocs: [],
    now,
    quotaBytes: request.quotaBytes,
  };
  // Devices that must receive a wrap, by base64url key; nobody else may.
  const recipients = new Map<string, Uint8Array>();

  for (const [index, op] of ops.entries()) {
    const before = state;
    const appended = appendMembershipOp(before, request.ops[index] ?? new Uint8Array(0), { now });
    if (!appended.ok) throw httpErrorFrom(appended.error);
    state = appended.value;
    const { body } = op;
    switch (body.kind) {
      case 'link-device':
        batch.linksUsed.push(await checkLinkUse(request, body));
        recipients.set(toBase64Url(body.device.deviceKey), body.device.deviceKey);
        break;
      case 'remove-device':
        batch.revokedDevices.push(body.deviceKey);
        break;
      case 'leave': {
        const leaver = before.partners.find((partner) => partner.partnerId === body.partnerId);
        for (const device of leaver?.devices ?? []) batch.revokedDevices.push(device.deviceKey);
        batch.deletedDocs.push(privateDocId(body.partnerId));
        break;
      }
      case 'rotate-key':
        for (const device of devicesForScope(state, body.scope)) recipients.set(toBase64Url(device.deviceKey), device.deviceKey);
        break;
      case 'create':
      case 'add-partner':
        // checkGroup admits neither; kept exhaustive so a new kind cannot slip through.
        throw new HttpError('invalid-request', `${body.kind} ops are not accepted here`);
    }
  }
  // The chain itself says which rotations a remove-device owes; a request must settle them all.
  if (state.rotationRequired) {
    throw new HttpError('invalid-membership', 'remove-device must rotate the space key and the removed device’s private key');
  }

  const wrapped = new Set<string>();
  for (const { deviceKey, wrap } of request.wraps) {
    const name = toBase64Url(deviceKey);
    if (!recipients.has(name)) throw new HttpError('invalid-request', 'a wrap is addressed to a device that should not hold these keys');
    // The wrapper's signature is inside the sealed box (the recipient checks it); the relay can
    // still refuse a wrap that does not even claim to come from a member.
    if (!isMemberDevice(state, decodeKeyWrap(wrap).wrapper)) throw new HttpError('invalid-request', 'a wrap names a wrapper that is not a member device');
    wrapped.add(name);
    batch.wraps.push({ recipient: deviceKey, wrap });
  }
  if ([...recipients.keys()].some((name) => !wrapped.has(name))) {
    throw new HttpError('invalid-request', 'every device that should hold the new keys needs a wrap');
  }
  return { batch, state };
}
