/**
 * The rule for each membership op kind after genesis (the table in ARCHITECTURE.md, "Membership
 * operations"). Each `apply*` takes the state before the op and returns the state after it, or
 * the typed failure. membership-verify.ts has already checked space, seq and prevHash; the
 * signer's membership and signature are checked here, per kind.
 *
 *   const next = applyOp(state, op, hash, { now, checkExpiry: true });
 */
import {
  bytesEqual,
  encodeInviteCertificateUnsigned,
  encodeMembershipOpUnsigned,
  fail,
  ok,
  partnerOfScope,
  privateScope,
  SPACE_SCOPE,
  type DeviceRecord,
  type InviteCertificate,
  type LinkCertificate,
  type MembershipOp,
  type Result,
} from '@securebase/protocol';
import { linkRequestSignedBytes, verifyLinkCertificateSignature } from './device-link.js';
import { findDevice, isMemberDevice, isRemovedDevice, MAX_PARTNERS, type MemberDevice, type MembershipState } from './membership-state.js';
import { CONTEXT, verifyWithContext } from './signing.js';

export interface RuleOptions {
  now: number;
  /** Judge invite and link expiry (at append time: yes; when re-verifying history: only if asked). */
  checkExpiry: boolean;
}

/** A rule violation: 'invalid-membership' with a detail naming the rule. */
export const invalid = <T>(detail: string): Result<T> => fail<T>('invalid-membership', detail);

function verifyOpSignature(op: MembershipOp, signature: Uint8Array, publicKey: Uint8Array): boolean {
  return verifyWithContext(CONTEXT.membership, encodeMembershipOpUnsigned(op), signature, publicKey);
}

/** A member device record for a device added by `op`. */
export function memberDevice(op: MembershipOp, device: DeviceRecord): MemberDevice {
  return { partnerId: device.partnerId, deviceKey: device.deviceKey, boxKey: device.boxKey, addedAtSeq: op.seq, addedAt: op.timestamp };
}

/** Check an invite certificate: same space, issued and signed by a member device, unused, unexpired (if asked). */
export function checkInviteCertificate(state: MembershipState, cert: InviteCertificate, options: RuleOptions): Result<InviteCertificate> {
  if (cert.spaceId !== state.spaceId) return invalid('certificate is for another space');
  if (!isMemberDevice(state, cert.issuer)) return invalid('certificate issuer is not a member device');
  if (!verifyWithContext(CONTEXT.invite, encodeInviteCertificateUnsigned(cert), cert.signature, cert.issuer)) {
    return invalid('bad certificate signature');
  }
  if (options.checkExpiry && cert.expiresAt <= options.now) return fail('invite-expired', 'certificate expired');
  if (state.usedInviteIds.includes(cert.inviteId)) return fail('invite-used', 'invite already redeemed');
  return ok(cert);
}

/** Check a link certificate: same space, issued by a member device of the partner it names, signed, unused, unexpired (if asked). */
export function checkLinkCertificate(state: MembershipState, cert: LinkCertificate, options: RuleOptions): Result<LinkCertificate> {
  if (cert.spaceId !== state.spaceId) return invalid('link certificate is for another space');
  const issuer = findDevice(state, cert.issuer);
  if (issuer === undefined) return invalid('link certificate issuer is not a member device');
  if (issuer.partnerId !== cert.partnerId) return invalid('a device may only link devices of its own partner');
  if (!verifyLinkCertificateSignature(cert)) return invalid('bad link certificate signature');
  if (options.checkExpiry && cert.expiresAt <= options.now) return fail('link-expired', 'link certificate expired');
  if (state.usedLinkIds.includes(cert.linkId)) return fail('link-used', 'link already used');
  return ok(cert);
}

function checkNewDevice(state: MembershipState, deviceKey: Uint8Array): Result<true> {
  if (isMemberDevice(state, deviceKey)) return invalid('device already in the space');
  if (isRemovedDevice(state, deviceKey)) return invalid('device was removed and cannot come back');
  return ok(true);
}

/** The signer of a non-genesis, non-add-partner op must be a current member with a valid signature. */
function checkMemberSigner(state: MembershipState, op: MembershipOp): Result<MemberDevice> {
  const signer = findDevice(state, op.signer);
  if (signer === undefined) {
    const why = isRemovedDevice(state, op.signer) ? 'signer was removed from the space' : 'signer is not a member device';
    return invalid(`op ${op.seq}: ${why}`);
  }
  if (!verifyOpSignature(op, op.signature, op.signer)) return invalid(`op ${op.seq}: bad signature`);
  return ok(signer);
}

function withDevices(state: MembershipState, devices: MemberDevice[], changes: Partial<MembershipState>): MembershipState {
  const partners = state.partners.map((p) => ({ partnerId: p.partnerId, devices: devices.filter((d) => d.partnerId === p.partnerId) }));
  return { ...state, ...changes, devices, partners: changes.partners ?? partners };
}

function addPartner(state: MembershipState, op: MembershipOp, head: MembershipState['head'], options: RuleOptions): Result<MembershipState> {
  if (op.body.kind !== 'add-partner' || op.cosignature === undefined) return invalid('not an add-partner op');
  const { device, invite } = op.body;
  if (!bytesEqual(op.signer, device.deviceKey)) return invalid('add-partner must be signed by the joining device');
  if (!verifyOpSignature(op, op.signature, op.signer)) return invalid(`op ${op.seq}: bad signature`);
  const cert = checkInviteCertificate(state, invite, options);
  if (!cert.ok) return cert;
  if (!verifyOpSignature(op, op.cosignature, invite.verifierKey)) return invalid(`op ${op.seq}: bad invite signature`);
  if (state.partners.length >= MAX_PARTNERS) return fail('space-full', 'two partners already');
  // A partner left and the space key was not rotated yet: a newcomer would share a key the leaver knows.
  if (state.pendingRotations.includes(SPACE_SCOPE)) return invalid(`op ${op.seq}: rotate the space key before a new partner joins`);
  if (state.partners.some((p) => p.partnerId === device.partnerId)) return invalid('partner id already in the space');
  if (state.departedPartners.includes(device.partnerId)) return invalid('partner id left the space and cannot come back');
  const fresh = checkNewDevice(state, device.deviceKey);
  if (!fresh.ok) return fresh;
  const added = memberDevice(op, device);
  return ok({
    ...state,
    head,
    partners: [...state.partners, { partnerId: device.partnerId, devices: [added] }],
    devices: [...state.devices, added],
    usedInviteIds: [...state.usedInviteIds, invite.inviteId],
    epochs: { ...state.epochs, [privateScope(device.partnerId)]: 0 },
    identities: [...state.identities, { partnerId: device.partnerId, identityKey: device.deviceKey }],
  });
}

function linkDevice(state: MembershipState, op: MembershipOp, head: MembershipState['head'], options: RuleOptions): Result<MembershipState> {
  if (op.body.kind !== 'link-device' || op.cosignature === undefined) return invalid('not a link-device op');
  const { device, link } = op.body;
  const signer = checkMemberSigner(state, op);
  if (!signer.ok) return signer;
  if (signer.value.partnerId !== device.partnerId || link.partnerId !== device.partnerId) {
    return invalid(`op ${op.seq}: a device may only link devices of its own partner`);
  }
  if (!bytesEqual(link.issuer, op.signer)) return invalid(`op ${op.seq}: link certificate was not issued by the signer`);
  const cert = checkLinkCertificate(state, link, options);
  if (!cert.ok) return cert;
  const requestBytes = linkRequestSignedBytes({ spaceId: state.spaceId, linkId: link.linkId, deviceKey: device.deviceKey, boxKey: device.boxKey });
  if (!verifyWithContext(CONTEXT.linkRequest, requestBytes, op.cosignature, device.deviceKey)) {
    return invalid(`op ${op.seq}: bad new-device cosignature`);
  }
  const fresh = checkNewDevice(state, device.deviceKey);
  if (!fresh.ok) return fresh;
  return ok(withDevices(state, [...state.devices, memberDevice(op, device)], { head, usedLinkIds: [...state.usedLinkIds, link.linkId] }));
}

function removeDevice(state: MembershipState, op: MembershipOp, head: MembershipState['head']): Result<MembershipState> {
  if (op.body.kind !== 'remove-device') return invalid('not a remove-device op');
  const signer = checkMemberSigner(state, op);
  if (!signer.ok) return signer;
  const target = findDevice(state, op.body.deviceKey);
  if (target === undefined) return invalid(`op ${op.seq}: the removed device is not a member device`);
  if (target.partnerId !== signer.value.partnerId) return invalid(`op ${op.seq}: only a device of the same partner may remove a device`);
  const own = state.devices.filter((d) => d.partnerId === target.partnerId);
  if (own.length <= 1) return invalid(`op ${op.seq}: cannot remove a partner's last device (leave instead)`);
  const pending = new Set([...state.pendingRotations, SPACE_SCOPE, privateScope(target.partnerId)]);
  return ok(
    withDevices(
      state,
      state.devices.filter((d) => d !== target),
      { head, removedDevices: [...state.removedDevices, target.deviceKey], formerDevices: [...state.formerDevices, target], pendingRotations: [...pending], rotationRequired: true },
    ),
  );
}

function leave(state: MembershipState, op: MembershipOp, head: MembershipState['head']): Result<MembershipState> {
  if (op.body.kind !== 'leave') return invalid('not a leave op');
  const signer = checkMemberSigner(state, op);
  if (!signer.ok) return signer;
  const { partnerId } = op.body;
  if (signer.value.partnerId !== partnerId) return invalid(`op ${op.seq}: leave must be signed by a device of the leaving partner`);
  const leaving = state.devices.filter((d) => d.partnerId === partnerId);
  const epochs = { ...state.epochs };
  delete epochs[privateScope(partnerId)];
  const pending = new Set([...state.pendingRotations.filter((s) => s !== privateScope(partnerId)), SPACE_SCOPE]);
  return ok({
    ...state,
    head,
    partners: state.partners.filter((p) => p.partnerId !== partnerId),
    devices: state.devices.filter((d) => d.partnerId !== partnerId),
    epochs,
    identities: state.identities.filter((i) => i.partnerId !== partnerId),
    departedPartners: [...state.departedPartners, partnerId],
    removedDevices: [...state.removedDevices, ...leaving.map((d) => d.deviceKey)],
    formerDevices: [...state.formerDevices, ...leaving],
    pendingRotations: [...pending],
  });
}

function rotateKey(state: MembershipState, op: MembershipOp, head: MembershipState['head']): Result<MembershipState> {
  if (op.body.kind !== 'rotate-key') return invalid('not a rotate-key op');
  const signer = checkMemberSigner(state, op);
  if (!signer.ok) return signer;
  const { scope, epoch } = op.body;
  const current = state.epochs[scope];
  if (current === undefined) return invalid(`op ${op.seq}: rotate-key for an unknown scope`);
  const owner = partnerOfScope(scope);
  if (owner !== undefined && owner !== signer.value.partnerId) {
    return invalid(`op ${op.seq}: only that partner's devices may rotate a private scope`);
  }
  if (epoch !== current + 1) return invalid(`op ${op.seq}: rotate-key epoch must be ${current + 1}`);
  if (state.rotationRequired && !state.pendingRotations.includes(scope)) {
    return invalid(`op ${op.seq}: after remove-device only its rotate-key ops may follow`);
  }
  const pendingRotations = state.pendingRotations.filter((s) => s !== scope);
  return ok({
    ...state,
    head,
    epochs: { ...state.epochs, [scope]: epoch },
    pendingRotations,
    rotationRequired: state.rotationRequired && pendingRotations.length > 0,
  });
}

/** Apply one decoded, positioned op (not genesis) to the state. */
export function applyOp(state: MembershipState, op: MembershipOp, hash: Uint8Array, options: RuleOptions): Result<MembershipState> {
  const head = { seq: op.seq, hash };
  if (state.rotationRequired && op.body.kind !== 'rotate-key') {
    return invalid(`op ${op.seq}: remove-device must be followed by its rotate-key ops`);
  }
  switch (op.body.kind) {
    case 'create':
      return invalid(`op ${op.seq}: create is only allowed as genesis`);
    case 'add-partner':
      return addPartner(state, op, head, options);
    case 'link-device':
      return linkDevice(state, op, head, options);
    case 'remove-device':
      return removeDevice(state, op, head);
    case 'leave':
      return leave(state, op, head);
    case 'rotate-key':
      return rotateKey(state, op, head);
  }
}
