import { beforeAll, describe, expect, it } from 'vitest';
import { decodeMembershipOp, encodeMembershipOp, privateScope } from '@securebase/protocol';
import {
  createAddPartnerOp,
  createDeviceLink,
  createInvite,
  createLeaveOp,
  createLinkDeviceOp,
  createLinkRequest,
  createRemoveDeviceOp,
  createRotateKeyOp,
  devicesForScope,
  generateDeviceKeys,
  generateSpaceKey,
  identityOf,
  isMemberDevice,
  isRemovedDevice,
  randomId,
  readyCrypto,
  verifyLinkCertificate,
  verifyMembershipChain,
  type DeviceKeys,
} from '@securebase/crypto';
import { codeOf, detailOf, MINUTE, NOW, stateOf, TestChain } from './chain-helpers.js';

beforeAll(async () => {
  await readyCrypto();
});

/** Alice links `alice2`, so she has two devices. */
function withSecondDevice(): { chain: TestChain; alice2: DeviceKeys } {
  const chain = new TestChain();
  const alice2 = generateDeviceKeys();
  chain.append(chain.linkOp(chain.alice, alice2).op);
  return { chain, alice2 };
}

/** remove-device + rotate-key(space) + rotate-key(private) by `signer`, all appended. */
function removeWithRotations(chain: TestChain, signer: DeviceKeys, deviceKey: Uint8Array, partnerId: string): void {
  const now = NOW + 3;
  chain.append(createRemoveDeviceOp({ spaceId: chain.spaceId, prev: chain.state.head, signer, deviceKey, now }));
  chain.append(createRotateKeyOp({ spaceId: chain.spaceId, prev: chain.state.head, signer, scope: 'space', epoch: chain.state.epochs.space! + 1, now }));
  const scope = privateScope(partnerId);
  chain.append(createRotateKeyOp({ spaceId: chain.spaceId, prev: chain.state.head, signer, scope, epoch: chain.state.epochs[scope]! + 1, now }));
}

describe('genesis and add-partner state', () => {
  it('tracks epochs, identities and nothing pending', () => {
    const chain = new TestChain();
    const s = chain.state;
    expect(s.epochs).toEqual({ space: 0, [privateScope(chain.alicePid)]: 0, [privateScope(chain.bobPid)]: 0 });
    expect(identityOf(s, chain.alicePid)).toEqual(chain.alice.signPublicKey);
    expect(identityOf(s, chain.bobPid)).toEqual(chain.bob.signPublicKey);
    expect(s.departedPartners).toEqual([]);
    expect(s.removedDevices).toEqual([]);
    expect(s.pendingRotations).toEqual([]);
    expect(s.rotationRequired).toBe(false);
    expect(devicesForScope(s, 'space')).toHaveLength(2);
    expect(devicesForScope(s, privateScope(chain.bobPid)).map((d) => d.deviceKey)).toEqual([chain.bob.signPublicKey]);
    expect(devicesForScope(s, 'private:nonsense')).toEqual([]);
  });
});

describe('link-device', () => {
  it('adds a device to the same partner; identity and epochs stay; the chain verifies', () => {
    const { chain, alice2 } = withSecondDevice();
    const s = chain.state;
    expect(isMemberDevice(s, alice2.signPublicKey)).toBe(true);
    expect(s.partners.find((p) => p.partnerId === chain.alicePid)?.devices).toHaveLength(2);
    expect(devicesForScope(s, privateScope(chain.alicePid))).toHaveLength(2);
    expect(identityOf(s, chain.alicePid)).toEqual(chain.alice.signPublicKey);
    expect(s.usedLinkIds).toHaveLength(1);
    expect(stateOf(verifyMembershipChain(chain.ops))).toEqual(s);
  });

  it('by the other partner\'s device (for Alice) → rejected', () => {
    const chain = new TestChain();
    const { op } = chain.linkOp(chain.bob, generateDeviceKeys(), { partnerId: chain.alicePid });
    expect(codeOf(chain.try(op))).toBe('invalid-membership');
    expect(detailOf(chain.try(op))).toContain('own partner');
  });

  it('signed by a device that did not issue the link → rejected', () => {
    const { chain, alice2 } = withSecondDevice();
    const decoded = decodeMembershipOp(chain.linkOp(chain.alice, generateDeviceKeys()).op);
    if (decoded.body.kind !== 'link-device') throw new Error('expected a link-device op');
    // alice2 signs an op carrying a certificate (and a request) that alice issued.
    const op = chain.signed(alice2, decoded.body, decoded.cosignature);
    expect(detailOf(chain.try(op))).toContain('not issued by the signer');
  });

  it('expired link at append time → link-expired; history is not re-judged', () => {
    const chain = new TestChain();
    const { op } = chain.linkOp(chain.alice, generateDeviceKeys(), { ttlMs: MINUTE });
    expect(codeOf(chain.try(op, NOW + MINUTE))).toBe('link-expired');
    chain.append(op, NOW + MINUTE - 1);
    expect(codeOf(verifyMembershipChain(chain.ops, { now: NOW + 60 * MINUTE }))).toBe('ok');
    expect(codeOf(verifyMembershipChain(chain.ops, { now: NOW + 60 * MINUTE, checkInviteExpiry: true }))).toBe('link-expired');
  });

  it('a used link → link-used, even for another requesting device', () => {
    const chain = new TestChain();
    const { op, link } = chain.linkOp(chain.alice, generateDeviceKeys());
    chain.append(op);
    const request = createLinkRequest({ secret: link.secret, spaceId: chain.spaceId, device: generateDeviceKeys() });
    const reuse = createLinkDeviceOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.alice, request, certificate: link.certificate, now: NOW + 3 });
    expect(codeOf(chain.try(reuse))).toBe('link-used');
    expect(codeOf(verifyLinkCertificate(chain.state, link.certificate, { now: NOW }))).toBe('link-used');
  });

  it('a cosignature that is not the new device\'s → rejected', () => {
    const chain = new TestChain();
    const { op } = chain.linkOp(chain.alice, generateDeviceKeys());
    const decoded = decodeMembershipOp(op);
    const forged = encodeMembershipOp({ ...decoded, cosignature: decoded.signature });
    expect(detailOf(chain.try(forged))).toContain('cosignature');
  });

  it('a forged link certificate (signature by a non-issuer) → rejected', () => {
    const chain = new TestChain();
    const mallory = generateDeviceKeys();
    const byMallory = createDeviceLink({ spaceId: chain.spaceId, partnerId: chain.alicePid, issuer: mallory, now: NOW });
    const forgedCert = { ...byMallory.certificate, issuer: chain.alice.signPublicKey };
    expect(detailOf(verifyLinkCertificate(chain.state, forgedCert, { now: NOW }))).toContain('bad link certificate signature');
    expect(detailOf(verifyLinkCertificate(chain.state, byMallory.certificate, { now: NOW }))).toContain('not a member');
  });

  it('verifyLinkCertificate: fresh ok; expired; other space; other partner', () => {
    const chain = new TestChain();
    const link = createDeviceLink({ spaceId: chain.spaceId, partnerId: chain.alicePid, issuer: chain.alice, now: NOW });
    expect(codeOf(verifyLinkCertificate(chain.state, link.certificate, { now: NOW }))).toBe('ok');
    expect(codeOf(verifyLinkCertificate(chain.state, link.certificate, { now: NOW + 10 * MINUTE }))).toBe('link-expired');
    const foreign = createDeviceLink({ spaceId: new TestChain().spaceId, partnerId: chain.alicePid, issuer: chain.alice, now: NOW });
    expect(detailOf(verifyLinkCertificate(chain.state, foreign.certificate, { now: NOW }))).toContain('another space');
    const forBob = createDeviceLink({ spaceId: chain.spaceId, partnerId: chain.bobPid, issuer: chain.alice, now: NOW });
    expect(detailOf(verifyLinkCertificate(chain.state, forBob.certificate, { now: NOW }))).toContain('own partner');
  });

  it('a device that is already a member cannot be linked again', () => {
    const chain = new TestChain();
    const { op } = chain.linkOp(chain.alice, chain.bob);
    expect(detailOf(chain.try(op))).toContain('already in the space');
    const { chain: c2, alice2 } = withSecondDevice();
    expect(detailOf(c2.try(c2.linkOp(c2.alice, alice2).op))).toContain('already in the space');
  });
});

describe('remove-device', () => {
  it('removes the device, rotates both scopes; the removed device can never sign again or come back', () => {
    const { chain, alice2 } = withSecondDevice();
    removeWithRotations(chain, chain.alice, alice2.signPublicKey, chain.alicePid);
    const s = chain.state;
    expect(isMemberDevice(s, alice2.signPublicKey)).toBe(false);
    expect(isRemovedDevice(s, alice2.signPublicKey)).toBe(true);
    expect(s.epochs.space).toBe(1);
    expect(s.epochs[privateScope(chain.alicePid)]).toBe(1);
    expect(s.epochs[privateScope(chain.bobPid)]).toBe(0);
    expect(s.pendingRotations).toEqual([]);
    expect(s.rotationRequired).toBe(false);
    expect(stateOf(verifyMembershipChain(chain.ops))).toEqual(s);

    const now = NOW + 4;
    for (const op of [
      createRotateKeyOp({ spaceId: chain.spaceId, prev: s.head, signer: alice2, scope: 'space', epoch: 2, now }),
      createLeaveOp({ spaceId: chain.spaceId, prev: s.head, signer: alice2, partnerId: chain.alicePid, now }),
      chain.linkOp(alice2, generateDeviceKeys()).op,
    ]) {
      expect(detailOf(chain.try(op))).toContain('signer was removed');
    }
    expect(detailOf(chain.try(chain.linkOp(chain.alice, alice2).op))).toContain('removed and cannot come back');
  });

  it('of the other partner\'s device → rejected', () => {
    const { chain, alice2 } = withSecondDevice();
    const op = createRemoveDeviceOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.bob, deviceKey: alice2.signPublicKey, now: NOW });
    expect(detailOf(chain.try(op))).toContain('same partner');
  });

  it('of a partner\'s last device → rejected (leave instead)', () => {
    const chain = new TestChain();
    const op = createRemoveDeviceOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.bob, deviceKey: chain.bob.signPublicKey, now: NOW });
    expect(detailOf(chain.try(op))).toContain('last device');
  });

  it('of a device that is not a member → rejected', () => {
    const chain = new TestChain();
    const op = createRemoveDeviceOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.alice, deviceKey: generateDeviceKeys().signPublicKey, now: NOW });
    expect(detailOf(chain.try(op))).toContain('not a member device');
  });

  it('must be followed by its rotate-key ops: anything else, or a chain that stops, is rejected', () => {
    const { chain, alice2 } = withSecondDevice();
    chain.append(createRemoveDeviceOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.alice, deviceKey: alice2.signPublicKey, now: NOW }));
    expect(chain.state.rotationRequired).toBe(true);
    expect([...chain.state.pendingRotations].sort()).toEqual(['space', privateScope(chain.alicePid)].sort());
    // The chain as it stands (truncated after remove-device) is refused.
    expect(detailOf(verifyMembershipChain(chain.ops))).toContain('without its rotate-key ops');
    expect(detailOf(chain.try(chain.linkOp(chain.alice, generateDeviceKeys()).op))).toContain('must be followed by its rotate-key');
    const bobRotatesOwn = createRotateKeyOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.bob, scope: privateScope(chain.bobPid), epoch: 1, now: NOW });
    expect(detailOf(chain.try(bobRotatesOwn))).toContain('only its rotate-key ops');
  });
});

describe('rotate-key', () => {
  it('epoch must be current + 1', () => {
    const chain = new TestChain();
    for (const epoch of [0, 2, 7]) {
      const op = createRotateKeyOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.bob, scope: 'space', epoch, now: NOW });
      expect(detailOf(chain.try(op)), `epoch ${epoch}`).toContain('epoch must be 1');
    }
    chain.append(createRotateKeyOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.bob, scope: 'space', epoch: 1, now: NOW }));
    expect(chain.state.epochs.space).toBe(1);
  });

  it('a private scope only by that partner\'s devices; unknown scopes rejected', () => {
    const chain = new TestChain();
    const byBob = createRotateKeyOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.bob, scope: privateScope(chain.alicePid), epoch: 1, now: NOW });
    expect(detailOf(chain.try(byBob))).toContain('private scope');
    const stranger = privateScope(new TestChain().alicePid);
    const unknown = createRotateKeyOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.alice, scope: stranger, epoch: 1, now: NOW });
    expect(detailOf(chain.try(unknown))).toContain('unknown scope');
  });

  it('by a non-member → rejected', () => {
    const chain = new TestChain();
    const op = createRotateKeyOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: generateDeviceKeys(), scope: 'space', epoch: 1, now: NOW });
    expect(detailOf(chain.try(op))).toContain('not a member device');
  });
});

describe('leave', () => {
  it('by a device of another partner → rejected', () => {
    const chain = new TestChain();
    const op = createLeaveOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.bob, partnerId: chain.alicePid, now: NOW });
    expect(detailOf(chain.try(op))).toContain('leaving partner');
  });

  it('removes the partner and all their devices; space rotation pending; the leaver can sign nothing after', () => {
    const { chain, alice2 } = withSecondDevice();
    chain.append(createLeaveOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: alice2, partnerId: chain.alicePid, now: NOW }));
    const s = chain.state;
    expect(s.partners.map((p) => p.partnerId)).toEqual([chain.bobPid]);
    expect(s.devices.map((d) => d.deviceKey)).toEqual([chain.bob.signPublicKey]);
    expect(s.departedPartners).toEqual([chain.alicePid]);
    expect(isRemovedDevice(s, chain.alice.signPublicKey) && isRemovedDevice(s, alice2.signPublicKey)).toBe(true);
    expect(s.epochs[privateScope(chain.alicePid)]).toBeUndefined();
    expect(s.identities.map((i) => i.partnerId)).toEqual([chain.bobPid]);
    expect(s.pendingRotations).toEqual(['space']);
    expect(s.rotationRequired).toBe(false);

    for (const op of [
      createRotateKeyOp({ spaceId: chain.spaceId, prev: s.head, signer: chain.alice, scope: 'space', epoch: 1, now: NOW }),
      createLeaveOp({ spaceId: chain.spaceId, prev: s.head, signer: chain.alice, partnerId: chain.alicePid, now: NOW }),
      chain.linkOp(chain.alice, generateDeviceKeys()).op,
    ]) {
      expect(detailOf(chain.try(op))).toContain('signer was removed');
    }

    chain.append(createRotateKeyOp({ spaceId: chain.spaceId, prev: s.head, signer: chain.bob, scope: 'space', epoch: 1, now: NOW }));
    expect(chain.state.pendingRotations).toEqual([]);
    expect(stateOf(verifyMembershipChain(chain.ops))).toEqual(chain.state);
  });

  it('a new partner may join only after the space key was rotated; the departed id never comes back', () => {
    const chain = new TestChain();
    chain.append(createLeaveOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.alice, partnerId: chain.alicePid, now: NOW }));
    const carol = generateDeviceKeys();
    const joinAs = (partnerId: string) => {
      const invite = createInvite({ spaceId: chain.spaceId, keys: [{ scope: 'space', epoch: 1, key: generateSpaceKey() }], issuer: chain.bob, ttlMs: MINUTE, now: NOW });
      return createAddPartnerOp({ spaceId: chain.spaceId, prev: chain.state.head, partnerId, device: carol, certificate: invite.certificate, verifier: invite.verifier, now: NOW + 3 });
    };
    expect(detailOf(chain.try(joinAs(randomId())))).toContain('rotate the space key before a new partner joins');
    chain.append(createRotateKeyOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.bob, scope: 'space', epoch: 1, now: NOW }));
    expect(detailOf(chain.try(joinAs(chain.alicePid)))).toContain('left the space');
    const carolPid = randomId();
    chain.append(joinAs(carolPid));
    // The identity changed: the safety number the app shows changes with it.
    expect(identityOf(chain.state, carolPid)).toEqual(carol.signPublicKey);
    expect(chain.state.epochs[privateScope(carolPid)]).toBe(0);
  });
});

describe('chain tampering with the new ops', () => {
  function fullChain(): TestChain {
    const { chain, alice2 } = withSecondDevice();
    removeWithRotations(chain, chain.alice, alice2.signPublicKey, chain.alicePid);
    chain.append(createLeaveOp({ spaceId: chain.spaceId, prev: chain.state.head, signer: chain.bob, partnerId: chain.bobPid, now: NOW + 5 }));
    return chain;
  }

  it('a full chain verifies', () => {
    expect(codeOf(verifyMembershipChain(fullChain().ops))).toBe('ok');
  });

  it('any flipped bit in any op breaks it', () => {
    const chain = fullChain();
    for (let index = 2; index < chain.ops.length; index++) {
      const op = chain.ops[index]!;
      for (let i = 0; i < op.length; i += 7) {
        const tampered = op.slice();
        tampered[i] = (tampered[i] ?? 0) ^ 0x01;
        const ops = chain.ops.slice();
        ops[index] = tampered;
        expect(codeOf(verifyMembershipChain(ops)), `op ${index} byte ${i}`).toBe('invalid-membership');
      }
    }
  });

  it('reordered, truncated in the middle, or forked → invalid-membership', () => {
    const chain = fullChain();
    const ops = chain.ops;
    const swapped = [...ops];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    expect(codeOf(verifyMembershipChain(swapped))).toBe('invalid-membership');
    expect(codeOf(verifyMembershipChain([...ops.slice(0, 3), ...ops.slice(4)]))).toBe('invalid-membership');
    // Truncated at the end inside the removal group: no rotation for the private scope.
    expect(detailOf(verifyMembershipChain(ops.slice(0, 5)))).toContain('without its rotate-key ops');
    // A fork: another op at the same position as the leave.
    const other = new TestChain();
    expect(other.spaceId).not.toBe(chain.spaceId);
    const fork = createRotateKeyOp({ spaceId: chain.spaceId, prev: stateOf(verifyMembershipChain(ops.slice(0, 6))).head, signer: chain.bob, scope: 'space', epoch: 2, now: NOW });
    expect(detailOf(verifyMembershipChain([...ops, fork]))).toContain('expected seq');
  });
});
