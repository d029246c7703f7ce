/**
 * Verifying the membership chain. Clients run `verifyMembershipChain` over every op from
 * genesis; the relay runs `appendMembershipOp` on each new op against its stored state, and
 * `verifyInviteCertificate` when an invite is created. Rule violations are 'invalid-membership'
 * (the detail names the rule); a full space is 'space-full'; an expired invite 'invite-expired';
 * a redeemed one 'invite-used'.
 *
 *   const chain = verifyMembershipChain(ops.map(fromBase64Url), {});
 *   const next = appendMembershipOp(chain.value, newOp, { now: Date.now() });
 */
import {
  decodeMembershipOp,
  encodeInviteCertificateUnsigned,
  encodeMembershipOpUnsigned,
  fail,
  HASH_BYTES,
  ok,
  SecureBaseError,
  type DeviceRecord,
  type InviteCertificate,
  type MembershipOp,
  type Result,
} from '@securebase/protocol';
import { bytesEqual } from './bytes.js';
import { hashMembershipOp } from './membership-ops.js';
import { isMemberDevice, MAX_PARTNERS, type MemberDevice, type MembershipState } from './membership-state.js';
import { CONTEXT, verifyWithContext } from './signing.js';

const invalid = <T>(detail: string): Result<T> => fail<T>('invalid-membership', detail);

function decodeOp(encoded: Uint8Array, position: string): Result<MembershipOp> {
  try {
    return ok(decodeMembershipOp(encoded));
  } catch (error) {
    // reason: a malformed op breaks the chain; report it as such rather than as a frame error.
    if (error instanceof SecureBaseError) return invalid(`${position}: malformed (${error.detail ?? error.code})`);
    throw error;
  }
}

function verifyOpSignature(op: MembershipOp, signature: Uint8Array, publicKey: Uint8Array): boolean {
  return verifyWithContext(CONTEXT.membership, encodeMembershipOpUnsigned(op), signature, publicKey);
}

/** Check a certificate against the state: same space, issued and signed by a member device, unused, unexpired at `now`. */
export function verifyInviteCertificate(
  state: MembershipState,
  cert: InviteCertificate,
  options: { now: number },
): Result<InviteCertificate> {
  return checkCertificate(state, cert, { now: options.now, checkExpiry: true });
}

function checkCertificate(
  state: MembershipState,
  cert: InviteCertificate,
  options: { now: number; checkExpiry: boolean },
): Result<InviteCertificate> {
  if (cert.spaceId !== state.spaceId) return invalid('certificate is for another space');
  if (!isMemberDevice(state, cert.issuer)) return invalid('certificate issuer is not a member device');
  if (!verifyWithContext(CONTEXT.invite, encodeInviteCertificateUnsigned(cert), cert.signature, cert.issuer)) {
    return invalid('bad certificate signature');
  }
  if (options.checkExpiry && cert.expiresAt <= options.now) return fail('invite-expired', 'certificate expired');
  if (state.usedInviteIds.includes(cert.inviteId)) return fail('invite-used', 'invite already redeemed');
  return ok(cert);
}

function memberDevice(op: MembershipOp, device: DeviceRecord): MemberDevice {
  return { partnerId: device.partnerId, deviceKey: device.deviceKey, boxKey: device.boxKey, addedAtSeq: op.seq, addedAt: op.timestamp };
}

function applyAddPartner(
  state: MembershipState,
  op: MembershipOp,
  hash: Uint8Array,
  options: { now: number; checkExpiry: boolean },
): Result<MembershipState> {
  if (op.body.kind !== 'add-partner' || op.inviteSignature === undefined) return invalid('not an add-partner op');
  const { device, invite } = op.body;
  if (!bytesEqual(op.signer, device.deviceKey)) return invalid('add-partner must be signed by the joining device');
  if (!verifyOpSignature(op, op.signature, op.signer)) return invalid(`op ${op.seq}: bad signature`);
  const cert = checkCertificate(state, invite, options);
  if (!cert.ok) return cert;
  if (!verifyOpSignature(op, op.inviteSignature, invite.verifierKey)) return invalid(`op ${op.seq}: bad invite signature`);
  if (state.partners.length >= MAX_PARTNERS) return fail('space-full', 'two partners already');
  if (state.partners.some((p) => p.partnerId === device.partnerId)) return invalid('partner id already in the space');
  if (isMemberDevice(state, device.deviceKey)) return invalid('device already in the space');
  const added = memberDevice(op, device);
  return ok({
    spaceId: state.spaceId,
    head: { seq: op.seq, hash },
    partners: [...state.partners, { partnerId: device.partnerId, devices: [added] }],
    devices: [...state.devices, added],
    usedInviteIds: [...state.usedInviteIds, invite.inviteId],
  });
}

function appendDecoded(
  state: MembershipState,
  op: MembershipOp,
  encoded: Uint8Array,
  options: { now: number; checkExpiry: boolean },
): Result<MembershipState> {
  if (op.spaceId !== state.spaceId) return invalid(`op ${op.seq}: names another space`);
  if (op.seq !== state.head.seq + 1) return invalid(`op ${op.seq}: expected seq ${state.head.seq + 1}`);
  if (!bytesEqual(op.prevHash, state.head.hash)) return invalid(`op ${op.seq}: prevHash does not match the previous op`);
  switch (op.body.kind) {
    case 'create':
      return invalid(`op ${op.seq}: create is only allowed as genesis`);
    case 'add-partner':
      return applyAddPartner(state, op, hashMembershipOp(encoded), options);
    case 'link-device':
    case 'remove-device':
    case 'leave':
      return invalid(`op ${op.seq}: ${op.body.kind} not supported yet`);
  }
}

/** Verify one new op against the current state (relay side); returns the next state. */
export function appendMembershipOp(state: MembershipState, encodedOp: Uint8Array, options: { now: number }): Result<MembershipState> {
  const op = decodeOp(encodedOp, `op ${state.head.seq + 1}`);
  if (!op.ok) return op;
  return appendDecoded(state, op.value, encodedOp, { now: options.now, checkExpiry: true });
}

function verifyGenesis(encoded: Uint8Array): Result<MembershipState> {
  const decoded = decodeOp(encoded, 'genesis');
  if (!decoded.ok) return decoded;
  const op = decoded.value;
  if (op.body.kind !== 'create') return invalid('genesis must be a create op');
  if (op.seq !== 0) return invalid('genesis must have seq 0');
  if (!bytesEqual(op.prevHash, new Uint8Array(HASH_BYTES))) return invalid('genesis prevHash must be zero');
  if (!bytesEqual(op.signer, op.body.device.deviceKey)) return invalid('genesis must be signed by its device');
  if (!verifyOpSignature(op, op.signature, op.signer)) return invalid('genesis: bad signature');
  const device = memberDevice(op, op.body.device);
  return ok({
    spaceId: op.spaceId,
    head: { seq: 0, hash: hashMembershipOp(encoded) },
    partners: [{ partnerId: device.partnerId, devices: [device] }],
    devices: [device],
    usedInviteIds: [],
  });
}

/**
 * Verify a whole chain from genesis. Invite expiry is a rule at the time an op is appended, so it
 * is not re-checked for history unless `checkInviteExpiry` is set (then against `now`, default Date.now()).
 */
export function verifyMembershipChain(
  encodedOps: Uint8Array[],
  options: { now?: number; checkInviteExpiry?: boolean } = {},
): Result<MembershipState> {
  const [genesis, ...rest] = encodedOps;
  if (genesis === undefined) return invalid('empty chain');
  let state = verifyGenesis(genesis);
  const appendOptions = { now: options.now ?? Date.now(), checkExpiry: options.checkInviteExpiry ?? false };
  for (const encoded of rest) {
    if (!state.ok) return state;
    const op = decodeOp(encoded, `op ${state.value.head.seq + 1}`);
    if (!op.ok) return op;
    state = appendDecoded(state.value, op.value, encoded, appendOptions);
  }
  return state;
}
