import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMembershipOp, encodeMembershipOp, fromBase64Url, toBase64Url, type MembershipResponse } from '@securebase/protocol';
import { generateDeviceKeys, readyCrypto } from '@securebase/crypto';
import { MemoryStateStore, TrustStore, createInviteLink, createSpace, getSafetyNumber, joinSpace } from '@securebase/sync';
import { codeOf, linkDevice, pairedSpace, startPairingRelay, tamperingFetch, type PairingRelay } from './pairing-helpers.js';

let r: PairingRelay;

beforeAll(async () => {
  await readyCrypto();
  r = await startPairingRelay();
});

afterAll(async () => {
  await r.close();
});

describe('safety numbers', () => {
  it('are the same on both partners’ devices and unchanged by linking a device', async () => {
    const { alice, bob } = await pairedSpace(r.url);
    const fromAlice = await getSafetyNumber(alice);
    const fromBob = await getSafetyNumber(bob);
    expect(fromAlice.digits).toMatch(/^(\d{5} ){11}\d{5}$/);
    expect(fromAlice.words).toHaveLength(6);
    expect(fromBob.digits).toBe(fromAlice.digits);
    expect(fromBob.words).toEqual(fromAlice.words);
    expect(fromAlice.partnerIdentity).toEqual(bob.device.signPublicKey);
    expect(fromBob.partnerIdentity).toEqual(alice.device.signPublicKey);
    const alice2 = await linkDevice(alice);
    expect((await getSafetyNumber(alice2)).digits).toBe(fromAlice.digits);
  });

  it('need a partner', async () => {
    const alone = await createSpace(r.url);
    expect(await codeOf(getSafetyNumber(alone))).toBe('invalid-request');
  });

  it('differ when a relay in the middle swaps the invitation to its own device', async () => {
    // The operator sees Alice's link (say it travelled through a channel it reads) and redeems it
    // with its own device, then invites Bob to a look-alike space where it plays Alice.
    const alice = await createSpace(r.url);
    const { link } = await createInviteLink(alice);
    await joinSpace(link); // the operator, posing as Bob to Alice
    const fakeAlice = await createSpace(r.url);
    const bob = await joinSpace((await createInviteLink(fakeAlice)).link);
    const seenByAlice = await getSafetyNumber(alice);
    const seenByBob = await getSafetyNumber(bob);
    expect(seenByAlice.digits).not.toBe(seenByBob.digits);
    expect(seenByAlice.words).not.toEqual(seenByBob.words);
  });

  it('cannot be faked by rewriting the joiner’s key in the served chain', async () => {
    const { alice } = await pairedSpace(r.url);
    const relayDevice = generateDeviceKeys();
    const swapJoiner = tamperingFetch(/\/membership$/, (b) => {
      const ops = (b as unknown as MembershipResponse).ops.map(fromBase64Url);
      const op = decodeMembershipOp(ops[1]!);
      if (op.body.kind !== 'add-partner') throw new Error('expected add-partner at seq 1');
      const forged = { ...op, signer: relayDevice.signPublicKey, body: { ...op.body, device: { ...op.body.device, deviceKey: relayDevice.signPublicKey } } };
      ops[1] = encodeMembershipOp(forged);
      return { ops: ops.map(toBase64Url) };
    });
    expect(await codeOf(getSafetyNumber(alice, { fetch: swapJoiner }))).toBe('invalid-membership');
  });
});

describe('TrustStore', () => {
  it('marks the partner verified, and reports a changed identity until the person acts', async () => {
    const store = new MemoryStateStore();
    const trust = new TrustStore(store, 'space-1');
    const partner = generateDeviceKeys().signPublicKey;
    const replaced = generateDeviceKeys().signPublicKey;
    expect(await trust.status(partner)).toBe('unverified');
    await trust.markVerified(partner);
    expect(await trust.status(partner)).toBe('verified');
    // Another space's mark is separate.
    expect(await new TrustStore(store, 'space-2').status(partner)).toBe('unverified');

    expect(await trust.status(replaced)).toBe('changed');
    // The mark is cleared: going back to the old identity is not 'verified' any more.
    expect(await trust.status(replaced)).toBe('changed');
    expect(await trust.status(partner)).toBe('unverified');
    await trust.acknowledgeChange();
    expect(await trust.status(replaced)).toBe('unverified');

    await trust.markVerified(replaced);
    expect(await trust.status(replaced)).toBe('verified');
    await trust.clear();
    expect(await trust.status(replaced)).toBe('unverified');
  });
});
