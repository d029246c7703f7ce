// extendMembershipChain (verifying only the ops after an already verified state) and the signed
// invite revocation: both added for the relay's hardening (issue 9, findings 4 and 6).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createRotateKeyOp,
  extendMembershipChain,
  generateDeviceKeys,
  randomId,
  readyCrypto,
  signInviteRevocation,
  verifyInviteRevocation,
  verifyMembershipChain,
} from '@securebase/crypto';
import { SPACE_SCOPE } from '@securebase/protocol';
import { codeOf, detailOf, NOW, stateOf, TestChain } from './chain-helpers.js';

beforeAll(async () => {
  await readyCrypto();
});

/** A two-partner chain followed by `rotations` rotate-key ops. */
function chainWithRotations(rotations: number): TestChain {
  const chain = new TestChain();
  for (let epoch = 1; epoch <= rotations; epoch++) {
    chain.append(createRotateKeyOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.alice, scope: SPACE_SCOPE, epoch, now: NOW + 2 }));
  }
  return chain;
}

describe('extendMembershipChain', () => {
  it('verifying a chain in two parts gives the state of verifying it whole', () => {
    const chain = chainWithRotations(5);
    const whole = stateOf(verifyMembershipChain(chain.ops));
    const head = stateOf(verifyMembershipChain(chain.ops.slice(0, 3)));
    expect(stateOf(extendMembershipChain(head, chain.ops.slice(3)))).toEqual(whole);
    expect(stateOf(extendMembershipChain(whole, []))).toEqual(whole);
  });

  it('judges history with expiry off, as verifyMembershipChain does', () => {
    const chain = chainWithRotations(1);
    const genesisOnly = stateOf(verifyMembershipChain(chain.ops.slice(0, 1)));
    // The invite of op 1 expired long ago: still valid history.
    expect(codeOf(extendMembershipChain(genesisOnly, chain.ops.slice(1), { now: NOW + 365 * 86_400_000 }))).toBe('ok');
  });

  it('refuses an op that does not follow the state, a tampered op and a chain ending mid-removal', () => {
    const chain = chainWithRotations(3);
    const head = stateOf(verifyMembershipChain(chain.ops.slice(0, 2)));
    expect(detailOf(extendMembershipChain(head, chain.ops.slice(3)))).toContain('expected seq 2');
    const tampered = chain.ops[2]!.slice();
    tampered.set([(tampered.at(-1) ?? 0) ^ 1], tampered.length - 1);
    expect(codeOf(extendMembershipChain(head, [tampered]))).toBe('invalid-membership');
    const other = chainWithRotations(1);
    const otherHead = stateOf(verifyMembershipChain(other.ops.slice(0, 2)));
    expect(codeOf(extendMembershipChain(otherHead, chain.ops.slice(2, 3)))).toBe('invalid-membership');
  });
});

describe('invite revocation signature', () => {
  const device = () => generateDeviceKeys();

  it('verifies for the signer, space and time it was made for, and for nothing else', () => {
    const signer = device();
    const spaceId = randomId();
    const signedAt = NOW;
    const signature = signInviteRevocation(signer, { spaceId, signedAt });
    const base = { spaceId, signedAt, deviceKey: signer.signPublicKey, signature };
    expect(verifyInviteRevocation(base)).toBe(true);
    expect(verifyInviteRevocation({ ...base, signedAt: signedAt + 1 })).toBe(false);
    expect(verifyInviteRevocation({ ...base, spaceId: randomId() })).toBe(false);
    expect(verifyInviteRevocation({ ...base, deviceKey: device().signPublicKey })).toBe(false);
    const flipped = signature.slice();
    flipped.set([(flipped.at(0) ?? 0) ^ 1], 0);
    expect(verifyInviteRevocation({ ...base, signature: flipped })).toBe(false);
  });

  it('answers false, never throws, for malformed input', () => {
    const signer = device();
    const signature = signInviteRevocation(signer, { spaceId: randomId(), signedAt: NOW });
    expect(verifyInviteRevocation({ spaceId: 'not-an-id', signedAt: NOW, deviceKey: signer.signPublicKey, signature })).toBe(false);
    expect(verifyInviteRevocation({ spaceId: randomId(), signedAt: -1, deviceKey: signer.signPublicKey, signature })).toBe(false);
    expect(verifyInviteRevocation({ spaceId: randomId(), signedAt: 1.5, deviceKey: signer.signPublicKey, signature })).toBe(false);
    expect(verifyInviteRevocation({ spaceId: randomId(), signedAt: NOW, deviceKey: new Uint8Array(3), signature })).toBe(false);
    expect(verifyInviteRevocation({ spaceId: randomId(), signedAt: NOW, deviceKey: signer.signPublicKey, signature: new Uint8Array(5) })).toBe(false);
  });
});
