/**
 * Builds real, signed membership chains for the tests: a space with Alice (creator) and Bob,
 * then link / remove / leave / rotate steps, each appended with appendMembershipOp so every test
 * starts from a state the rules accepted.
 *
 *   const chain = await twoPartnerChain();
 *   const linked = chain.link(chain.alice, alice2);
 */
import { encodeMembershipOp, encodeMembershipOpUnsigned, type MembershipBody, type Result } from '@securebase/protocol';
import {
  appendMembershipOp,
  createAddPartnerOp,
  createDeviceLink,
  createGenesisOp,
  createInvite,
  createLinkDeviceOp,
  createLinkRequest,
  generateDeviceKeys,
  generateSpaceKey,
  randomId,
  verifyMembershipChain,
  type DeviceKeys,
  type MembershipState,
} from '@securebase/crypto';
import { nextUnsignedOp, signMembershipOpBytes } from '../src/membership-ops.js';

export const NOW = 1_767_139_200_000;
export const MINUTE = 60_000;

export function codeOf(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}
export function detailOf(result: Result<unknown>): string {
  return result.ok ? '' : (result.error.detail ?? '');
}
export function stateOf(result: Result<MembershipState>): MembershipState {
  if (!result.ok) throw result.error;
  return result.value;
}

/** A space with two partners and helpers to build the next op against the current head. */
export class TestChain {
  readonly alice = generateDeviceKeys();
  readonly bob = generateDeviceKeys();
  readonly spaceId = randomId();
  readonly alicePid = randomId();
  readonly bobPid = randomId();
  ops: Uint8Array[] = [];
  state!: MembershipState;

  constructor() {
    this.ops.push(createGenesisOp({ spaceId: this.spaceId, partnerId: this.alicePid, device: this.alice, now: NOW }));
    this.state = stateOf(verifyMembershipChain(this.ops));
    const invite = createInvite({ spaceId: this.spaceId, keys: [{ scope: 'space', epoch: 0, key: generateSpaceKey() }], issuer: this.alice, ttlMs: 24 * 60 * MINUTE, now: NOW });
    this.append(
      createAddPartnerOp({ spaceId: this.spaceId, prev: this.state.head, partnerId: this.bobPid, device: this.bob, certificate: invite.certificate, verifier: invite.verifier, now: NOW + 1 }),
    );
  }

  /** Append an op that must be accepted. */
  append(op: Uint8Array, now = NOW + 2): MembershipState {
    this.state = stateOf(appendMembershipOp(this.state, op, { now }));
    this.ops.push(op);
    return this.state;
  }

  /** Try an op against the current state without keeping it. */
  try(op: Uint8Array, now = NOW + 2): Result<MembershipState> {
    return appendMembershipOp(this.state, op, { now });
  }

  /** A link-device op: `issuer` opens a link for `partnerId` (default: its own), `device` requests it. */
  linkOp(issuer: DeviceKeys, device: DeviceKeys, options: { partnerId?: string; ttlMs?: number; signer?: DeviceKeys } = {}) {
    const partnerId = options.partnerId ?? (issuer === this.bob ? this.bobPid : this.alicePid);
    const link = createDeviceLink({ spaceId: this.spaceId, partnerId, issuer, ttlMs: options.ttlMs ?? 10 * MINUTE, now: NOW });
    const request = createLinkRequest({ secret: link.secret, spaceId: this.spaceId, device });
    const op = createLinkDeviceOp({ spaceId: this.spaceId, prev: this.state.head, signer: options.signer ?? issuer, request, certificate: link.certificate, now: NOW + 2 });
    return { op, link, request };
  }

  /** Sign any body with any device at the next position (to build ops the builders refuse to make). */
  signed(signer: DeviceKeys, body: MembershipBody, cosignature?: Uint8Array): Uint8Array {
    const unsigned = nextUnsignedOp({ spaceId: this.spaceId, prev: this.state.head, signer, body, now: NOW + 2 });
    const signature = signMembershipOpBytes(encodeMembershipOpUnsigned(unsigned), signer.signSecretKey);
    return encodeMembershipOp(cosignature === undefined ? { ...unsigned, signature } : { ...unsigned, signature, cosignature });
  }
}
