import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeMembershipOp,
  encodeMembershipOp,
  encodeMembershipOpUnsigned,
  fromBase64Url,
  type MembershipOp,
  type Result,
} from '@securebase/protocol';
import {
  appendMembershipOp,
  createAddPartnerOp,
  createGenesisOp,
  createInvite,
  deriveInviteKeys,
  findDevice,
  generateDeviceKeys,
  generateSpaceKey,
  hashMembershipOp,
  isMemberDevice,
  randomId,
  readyCrypto,
  verifyInviteCertificate,
  verifyMembershipChain,
  type DeviceKeys,
  type MembershipState,
} from '@securebase/crypto';
import { createInviteCertificate } from '@securebase/crypto/testing';
import { signMembershipOpBytes } from '../src/membership-ops.js';

const NOW = 1_767_139_200_000;
const spaceKeys = () => [{ scope: 'space', epoch: 0, key: generateSpaceKey() }];
const HOUR = 3_600_000;

let alice: DeviceKeys;
let bob: DeviceKeys;
let carol: DeviceKeys;
let spaceId: string;
let genesis: Uint8Array;

beforeAll(async () => {
  await readyCrypto();
  alice = generateDeviceKeys();
  bob = generateDeviceKeys();
  carol = generateDeviceKeys();
  spaceId = randomId();
  genesis = createGenesisOp({ spaceId, partnerId: randomId(), device: alice, now: NOW });
});

function codeOf(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code;
}
function detailOf(result: Result<unknown>): string {
  return result.ok ? '' : (result.error.detail ?? '');
}

/** An add-partner op by `joiner` redeeming a fresh invite issued by `issuer` after `prev`. */
function join(prev: Uint8Array, seq: number, joiner: DeviceKeys, options: { issuer?: DeviceKeys; ttlMs?: number; now?: number } = {}) {
  const invite = createInvite({ spaceId, keys: spaceKeys(), issuer: options.issuer ?? alice, ttlMs: options.ttlMs ?? HOUR, now: NOW });
  const op = createAddPartnerOp({
    spaceId,
    prev: { seq, hash: hashMembershipOp(prev) },
    partnerId: randomId(),
    device: joiner,
    certificate: invite.certificate,
    verifier: invite.verifier,
    now: options.now ?? NOW + 1,
  });
  return { op, invite };
}

function stateOf(result: Result<MembershipState>): MembershipState {
  if (!result.ok) throw result.error;
  return result.value;
}

describe('membership chain: valid', () => {
  it('genesis alone verifies and names the creator', () => {
    const state = stateOf(verifyMembershipChain([genesis]));
    expect(state.spaceId).toBe(spaceId);
    expect(state.head).toEqual({ seq: 0, hash: hashMembershipOp(genesis) });
    expect(state.partners).toHaveLength(1);
    expect(isMemberDevice(state, alice.signPublicKey)).toBe(true);
    expect(findDevice(state, alice.signPublicKey)).toMatchObject({ addedAtSeq: 0, addedAt: NOW, boxKey: alice.boxPublicKey });
    expect(isMemberDevice(state, bob.signPublicKey)).toBe(false);
  });

  it('create + add-partner verifies as a chain and by append', () => {
    const { op, invite } = join(genesis, 0, bob);
    const chain = stateOf(verifyMembershipChain([genesis, op]));
    expect(chain.partners).toHaveLength(2);
    expect(chain.devices).toHaveLength(2);
    expect(chain.usedInviteIds).toEqual([invite.inviteId]);
    expect(isMemberDevice(chain, bob.signPublicKey)).toBe(true);
    expect(chain.head).toEqual({ seq: 1, hash: hashMembershipOp(op) });
    const appended = stateOf(appendMembershipOp(stateOf(verifyMembershipChain([genesis])), op, { now: NOW + 2 }));
    expect(appended).toEqual(chain);
  });

  it('history is not re-judged by invite expiry unless asked', () => {
    const { op } = join(genesis, 0, bob);
    expect(codeOf(verifyMembershipChain([genesis, op], { now: NOW + 2 * HOUR }))).toBe('ok');
    expect(codeOf(verifyMembershipChain([genesis, op], { now: NOW + 2 * HOUR, checkInviteExpiry: true }))).toBe('invite-expired');
  });
});

describe('membership chain: rejected', () => {
  it('empty chain', () => {
    expect(codeOf(verifyMembershipChain([]))).toBe('invalid-membership');
  });

  it('reordered ops', () => {
    const { op } = join(genesis, 0, bob);
    const result = verifyMembershipChain([op, genesis]);
    expect(codeOf(result)).toBe('invalid-membership');
    expect(detailOf(result)).toContain('genesis must be a create op');
  });

  it('truncated prefix (missing genesis)', () => {
    const { op } = join(genesis, 0, bob);
    expect(codeOf(verifyMembershipChain([op]))).toBe('invalid-membership');
  });

  it('forked: two ops with the same seq', () => {
    const first = join(genesis, 0, bob).op;
    const fork = join(genesis, 0, carol).op;
    const result = verifyMembershipChain([genesis, first, fork]);
    expect(codeOf(result)).toBe('invalid-membership');
    expect(detailOf(result)).toContain('expected seq 2');
  });

  it('an op that skips a position or points at the wrong previous op', () => {
    const { op: skipped } = join(genesis, 1, bob);
    expect(detailOf(verifyMembershipChain([genesis, skipped]))).toContain('expected seq 1');
    const otherGenesis = createGenesisOp({ spaceId, partnerId: randomId(), device: alice, now: NOW + 5 });
    const { op: misplaced } = join(otherGenesis, 0, bob);
    expect(detailOf(verifyMembershipChain([genesis, misplaced]))).toContain('prevHash');
  });

  it('tampered op: any flipped byte breaks verification', () => {
    const { op } = join(genesis, 0, bob);
    for (let i = 0; i < op.length; i++) {
      const tampered = op.slice();
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      const code = codeOf(verifyMembershipChain([genesis, tampered]));
      // expiresAt is covered by the certificate signature, so even time fields cannot move.
      expect(['invalid-membership'], `byte ${i}: ${code}`).toContain(code);
    }
    for (let i = 0; i < genesis.length; i++) {
      const tampered = genesis.slice();
      tampered[i] = (tampered[i] ?? 0) ^ 0x80;
      expect(codeOf(verifyMembershipChain([tampered])), `genesis byte ${i}`).toBe('invalid-membership');
    }
  });

  it('an op whose invite signature is missing the verifier (signed by the joiner only)', () => {
    const { op } = join(genesis, 0, bob);
    const decoded = decodeMembershipOp(op);
    const forged = encodeMembershipOp({ ...decoded, cosignature: decoded.signature });
    expect(detailOf(verifyMembershipChain([genesis, forged]))).toContain('bad invite signature');
  });

  it('a genesis signed by a different device than it names', () => {
    const decoded = decodeMembershipOp(genesis);
    const { signature: _s, ...unsigned } = decoded;
    const bytes = encodeMembershipOp({ ...unsigned, signer: bob.signPublicKey, signature: new Uint8Array(64) });
    expect(detailOf(verifyMembershipChain([bytes]))).toContain('signed by its device');
  });

  it('forged certificate: issuer is not a member', () => {
    const { op } = join(genesis, 0, bob, { issuer: carol });
    const result = verifyMembershipChain([genesis, op]);
    expect(codeOf(result)).toBe('invalid-membership');
    expect(detailOf(result)).toContain('issuer is not a member');
  });

  it('forged certificate: claims a member issuer but signed by someone else', () => {
    const keys = deriveInviteKeys(createInvite({ spaceId, keys: spaceKeys(), issuer: alice, ttlMs: HOUR, now: NOW }).secret);
    const byCarol = createInviteCertificate({ spaceId, inviteId: keys.inviteId, verifierKey: keys.verifier.publicKey, expiresAt: NOW + HOUR, issuer: carol });
    const forged = { ...byCarol, issuer: alice.signPublicKey };
    const op = createAddPartnerOp({ spaceId, prev: { seq: 0, hash: hashMembershipOp(genesis) }, partnerId: randomId(), device: bob, certificate: forged, verifier: keys.verifier, now: NOW });
    expect(detailOf(verifyMembershipChain([genesis, op]))).toContain('bad certificate signature');
  });

  it('expired invite at append time → invite-expired', () => {
    const { op } = join(genesis, 0, bob, { ttlMs: HOUR });
    const state = stateOf(verifyMembershipChain([genesis]));
    expect(codeOf(appendMembershipOp(state, op, { now: NOW + HOUR }))).toBe('invite-expired');
    expect(codeOf(appendMembershipOp(state, op, { now: NOW + HOUR - 1 }))).toBe('ok');
  });

  it('reused invite id → invite-used', () => {
    const first = join(genesis, 0, bob);
    const state = stateOf(verifyMembershipChain([genesis, first.op]));
    const reuse = createAddPartnerOp({
      spaceId,
      prev: state.head,
      partnerId: randomId(),
      device: carol,
      certificate: first.invite.certificate,
      verifier: first.invite.verifier,
      now: NOW + 2,
    });
    expect(codeOf(appendMembershipOp(state, reuse, { now: NOW + 3 }))).toBe('invite-used');
    expect(codeOf(verifyInviteCertificate(state, first.invite.certificate, { now: NOW }))).toBe('invite-used');
  });

  it('third partner → space-full', () => {
    const first = join(genesis, 0, bob);
    const state = stateOf(verifyMembershipChain([genesis, first.op]));
    const third = join(first.op, 1, carol).op;
    expect(codeOf(appendMembershipOp(state, third, { now: NOW + 2 }))).toBe('space-full');
    expect(codeOf(verifyMembershipChain([genesis, first.op, third]))).toBe('space-full');
  });

  it('an op for another space', () => {
    const state = stateOf(verifyMembershipChain([genesis]));
    const { invite } = join(genesis, 0, bob);
    const foreign = createAddPartnerOp({
      spaceId: randomId(),
      prev: state.head,
      partnerId: randomId(),
      device: bob,
      certificate: invite.certificate,
      verifier: invite.verifier,
      now: NOW,
    });
    expect(detailOf(appendMembershipOp(state, foreign, { now: NOW }))).toContain('another space');
  });

  it('a second create', () => {
    const state = stateOf(verifyMembershipChain([genesis]));
    const second = decodeMembershipOp(createGenesisOp({ spaceId, partnerId: randomId(), device: bob, now: NOW }));
    const positioned = { ...second, seq: 1, prevHash: state.head.hash };
    const sign = (op: Omit<MembershipOp, 'signature'>) =>
      encodeMembershipOp({ ...op, signature: signMembershipOpBytes(encodeMembershipOpUnsigned(op), bob.signSecretKey) });
    expect(detailOf(appendMembershipOp(state, sign(positioned), { now: NOW }))).toContain('only allowed as genesis');
  });

  it('garbage bytes → invalid-membership (malformed)', () => {
    const state = stateOf(verifyMembershipChain([genesis]));
    const result = appendMembershipOp(state, fromBase64Url('AAAA'), { now: NOW });
    expect(codeOf(result)).toBe('invalid-membership');
    expect(detailOf(result)).toContain('malformed');
  });

  it('a member device may not join again as a new partner', () => {
    const { op } = join(genesis, 0, alice);
    expect(detailOf(verifyMembershipChain([genesis, op]))).toContain('device already in the space');
  });
});

describe('verifyInviteCertificate', () => {
  it('accepts a fresh certificate by a member and rejects tampering', () => {
    const state = stateOf(verifyMembershipChain([genesis]));
    const { certificate } = createInvite({ spaceId, keys: spaceKeys(), issuer: alice, ttlMs: HOUR, now: NOW });
    expect(codeOf(verifyInviteCertificate(state, certificate, { now: NOW }))).toBe('ok');
    expect(codeOf(verifyInviteCertificate(state, certificate, { now: NOW + HOUR }))).toBe('invite-expired');
    expect(codeOf(verifyInviteCertificate(state, { ...certificate, expiresAt: certificate.expiresAt + 1 }, { now: NOW }))).toBe('invalid-membership');
    expect(codeOf(verifyInviteCertificate(state, { ...certificate, inviteId: randomId() }, { now: NOW }))).toBe('invalid-membership');
    const badSig = certificate.signature.slice();
    badSig[0] = (badSig[0] ?? 0) ^ 1;
    expect(codeOf(verifyInviteCertificate(state, { ...certificate, signature: badSig }, { now: NOW }))).toBe('invalid-membership');
    expect(codeOf(verifyInviteCertificate(state, { ...certificate, spaceId: randomId() }, { now: NOW }))).toBe('invalid-membership');
  });
});
