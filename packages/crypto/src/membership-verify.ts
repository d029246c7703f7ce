/**
 * Verifying the membership chain. Clients run `verifyMembershipChain` over every op from
 * genesis; the relay runs `appendMembershipOp` on each new op against its stored state, and
 * `verifyInviteCertificate` / `verifyLinkCertificate` when an invite or device link is created.
 * Rule violations are 'invalid-membership' (the detail names the rule); a full space is
 * 'space-full'; an expired invite or link 'invite-expired' / 'link-expired'; a redeemed one
 * 'invite-used' / 'link-used'. The per-kind rules are in membership-rules.ts.
 *
 *   const chain = verifyMembershipChain(ops.map(fromBase64Url), {});
 *   const next = appendMembershipOp(chain.value, newOp, { now: Date.now() });
 *   const later = extendMembershipChain(chain.value, newerOps); // only the new ops are checked
 *   // after the last op of a request: next.value.rotationRequired must be false
 */
import {
  bytesEqual,
  decodeMembershipOp,
  encodeMembershipOpUnsigned,
  HASH_BYTES,
  ok,
  privateScope,
  SecureBaseError,
  SPACE_SCOPE,
  type InviteCertificate,
  type LinkCertificate,
  type MembershipOp,
  type Result,
} from '@securebase/protocol';
import { hashMembershipOp } from './membership-ops.js';
import { applyOp, checkInviteCertificate, checkLinkCertificate, invalid, memberDevice } from './membership-rules.js';
import type { MembershipState } from './membership-state.js';
import { CONTEXT, verifyWithContext } from './signing.js';

function decodeOp(encoded: Uint8Array, position: string): Result<MembershipOp> {
  try {
    return ok(decodeMembershipOp(encoded));
  } catch (error) {
    // reason: a malformed op breaks the chain; report it as such rather than as a frame error.
    if (error instanceof SecureBaseError) return invalid(`${position}: malformed (${error.detail ?? error.code})`);
    throw error;
  }
}

/** Check a certificate against the state: same space, issued and signed by a member device, unused, unexpired at `now`. */
export function verifyInviteCertificate(
  state: MembershipState,
  cert: InviteCertificate,
  options: { now: number },
): Result<InviteCertificate> {
  return checkInviteCertificate(state, cert, { now: options.now, checkExpiry: true });
}

/** Check a link certificate: same space, by a member device of the partner it names, signed, unused, unexpired at `now`. */
export function verifyLinkCertificate(state: MembershipState, cert: LinkCertificate, options: { now: number }): Result<LinkCertificate> {
  return checkLinkCertificate(state, cert, { now: options.now, checkExpiry: true });
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
  return applyOp(state, op, hashMembershipOp(encoded), options);
}

/**
 * Verify one new op against the current state (relay side); returns the next state. A request
 * of several ops is complete only when the final state's `rotationRequired` is false.
 */
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
  if (!verifyWithContext(CONTEXT.membership, encodeMembershipOpUnsigned(op), op.signature, op.signer)) {
    return invalid('genesis: bad signature');
  }
  const device = memberDevice(op, op.body.device);
  return ok({
    spaceId: op.spaceId,
    head: { seq: 0, hash: hashMembershipOp(encoded) },
    partners: [{ partnerId: device.partnerId, devices: [device] }],
    devices: [device],
    usedInviteIds: [],
    usedLinkIds: [],
    epochs: { [SPACE_SCOPE]: 0, [privateScope(device.partnerId)]: 0 },
    identities: [{ partnerId: device.partnerId, identityKey: device.deviceKey }],
    departedPartners: [],
    removedDevices: [],
    formerDevices: [],
    pendingRotations: [],
    rotationRequired: false,
  });
}

/**
 * Verify a whole chain from genesis. Invite and link expiry are rules at the time an op is
 * appended, so they are not re-judged for history unless `checkInviteExpiry` is set (then
 * against `now`, default Date.now()). A chain that ends right after a remove-device without
 * its rotate-key ops is invalid: the relay appends them in one request.
 */
export function verifyMembershipChain(
  encodedOps: Uint8Array[],
  options: { now?: number; checkInviteExpiry?: boolean } = {},
): Result<MembershipState> {
  const [genesis, ...rest] = encodedOps;
  if (genesis === undefined) return invalid('empty chain');
  const state = verifyGenesis(genesis);
  if (!state.ok) return state;
  return extendMembershipChain(state.value, rest, options);
}

/**
 * Verify the ops that follow an already verified state, with the same rules (and the same
 * history view of expiry) as verifyMembershipChain: verifying a chain in two parts gives the
 * answer of verifying it whole, so a verifier that keeps its state only checks what is new.
 *
 *   const later = extendMembershipChain(verified, opsAfterHead, { now });
 */
export function extendMembershipChain(
  state: MembershipState,
  encodedOps: Uint8Array[],
  options: { now?: number; checkInviteExpiry?: boolean } = {},
): Result<MembershipState> {
  const appendOptions = { now: options.now ?? Date.now(), checkExpiry: options.checkInviteExpiry ?? false };
  let current: Result<MembershipState> = ok(state);
  for (const encoded of encodedOps) {
    if (!current.ok) return current;
    const op = decodeOp(encoded, `op ${current.value.head.seq + 1}`);
    if (!op.ok) return op;
    current = appendDecoded(current.value, op.value, encoded, appendOptions);
  }
  if (current.ok && current.value.rotationRequired) return invalid('chain ends after remove-device without its rotate-key ops');
  return current;
}
