import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SHARED_DOC_ID, SPACE_SCOPE, privateScope } from '@securebase/protocol';
import { openEnvelope, readyCrypto } from '@securebase/crypto';
import { openSqliteStorage } from '@securebase/relay';
import {
  createInviteLink,
  currentKey,
  fetchVerifiedMembership,
  joinSpace,
  keyForEpoch,
  leaveSpace,
  listDevices,
  refreshKeys,
  removeDevice,
  rotateAfterLeave,
  type Credentials,
} from '@securebase/sync';
import { codeOf, eventually, linkDevice, pairedSpace, startPairingRelay, type PairingRelay } from './pairing-helpers.js';

let r: PairingRelay;

beforeAll(async () => {
  await readyCrypto();
  r = await startPairingRelay();
});

afterAll(async () => {
  await r.close();
});

/** Open a fresh replica of the shared doc for `creds` and wait until it caught up. */
async function replica(creds: Credentials): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const p = r.provider(creds, doc);
  await p.provider.whenSynced();
  return doc;
}

/** Write `key = value` into the shared doc as `creds` and wait for the relay's ack. */
async function write(creds: Credentials, key: string, value: string): Promise<void> {
  const doc = new Y.Doc();
  const p = r.provider(creds, doc);
  await p.provider.whenSynced();
  doc.getMap('m').set(key, value);
  await p.provider.flush();
  expect(p.errors).toEqual([]);
  p.provider.destroy();
}

/** Every stored envelope of the shared doc, read straight from the relay's database. */
function storedEnvelopes(spaceId: string): Uint8Array[] {
  const storage = openSqliteStorage(r.dataDir);
  try {
    return storage.listUpdates(spaceId, SHARED_DOC_ID, 0, 1e9).map((entry) => entry.envelope);
  } finally {
    storage.close();
  }
}

describe('removing a device', () => {
  it('rotates the keys; the removed device is locked out; everyone else carries on', async () => {
    const { alice, bob } = await pairedSpace(r.url);
    const alice2 = await linkDevice(alice);
    await write(alice, 'a', 'before');
    await write(bob, 'b', 'before');

    const devices = await listDevices(alice);
    const target = devices.find((d) => d.isMine && !d.isThisDevice)!;
    const rotated = await removeDevice(alice, target.id);
    expect(currentKey(rotated, SPACE_SCOPE).epoch).toBe(1);
    expect(currentKey(rotated, privateScope(alice.partnerId)).epoch).toBe(1);
    expect(keyForEpoch(rotated, SPACE_SCOPE, 0)).toEqual(keyForEpoch(alice, SPACE_SCOPE, 0));
    expect((await listDevices(rotated)).map((d) => d.id)).not.toContain(target.id);

    // The partner fetches the new space key, and only that: never Alice's private key.
    const bob1 = await refreshKeys(bob);
    expect(currentKey(bob1, SPACE_SCOPE)).toEqual(currentKey(rotated, SPACE_SCOPE));
    expect(bob1.keys.some((k) => k.scope === privateScope(alice.partnerId))).toBe(false);

    // The removed device can neither connect nor fetch the new keys.
    const locked = r.provider(alice2, new Y.Doc());
    await eventually(() => expect(locked.errors.map((e) => e.code)).toContain('device-removed'));
    expect(await codeOf(refreshKeys(alice2))).toBe('device-removed');

    // New writes use epoch 1; both remaining sides read old and new.
    await write(rotated, 'a', 'after');
    await write(bob1, 'b', 'after');
    for (const creds of [rotated, bob1]) {
      const doc = await replica(creds);
      await eventually(() => expect(doc.getMap('m').toJSON()).toEqual({ a: 'after', b: 'after' }));
    }

    // Given the ciphertext anyway, the removed device opens the old envelopes but none after the rotation.
    const envelopes = storedEnvelopes(alice.spaceId);
    const results = envelopes.map((envelope) =>
      openEnvelope(envelope, { spaceId: alice.spaceId, docId: SHARED_DOC_ID, keyForEpoch: (e) => keyForEpoch(alice2, SPACE_SCOPE, e) }),
    );
    expect(results.filter((res) => res.ok).length).toBeGreaterThanOrEqual(2);
    const refused = results.filter((res) => !res.ok);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const res of refused) expect(res.ok ? undefined : res.error.code).toBe('unknown-epoch');
  });

  it('keeps what the removed device wrote before its removal readable to everyone who remains', async () => {
    const { alice, bob } = await pairedSpace(r.url);
    const alice2 = await linkDevice(alice);
    await write(alice2, 'lost-phone', 'written before it was lost');
    const rotated = await removeDevice(alice, alice2.device.signPublicKey);
    const bob1 = await refreshKeys(bob);
    for (const creds of [rotated, bob1]) {
      const doc = await replica(creds);
      await eventually(() => expect(doc.getMap('m').toJSON()).toEqual({ 'lost-phone': 'written before it was lost' }));
    }
  });

  it('refuses to remove the partner’s device, this device, or an unknown one', async () => {
    const { alice, bob } = await pairedSpace(r.url);
    await linkDevice(alice);
    const devices = await listDevices(alice);
    const bobs = devices.find((d) => !d.isMine)!;
    const mine = devices.find((d) => d.isThisDevice)!;
    expect(await codeOf(removeDevice(alice, bobs.id))).toBe('invalid-request');
    expect(await codeOf(removeDevice(alice, mine.deviceKey))).toBe('invalid-request');
    expect(await codeOf(removeDevice(alice, 'AAAAAAAAAAAA'))).toBe('invalid-request');
    expect((await fetchVerifiedMembership(bob)).devices).toHaveLength(3);
  });
});

describe('leaving the space', () => {
  it('locks the leaver out; the partner rotates exactly once and writes on', async () => {
    const { alice, bob } = await pairedSpace(r.url);
    const alice2 = await linkDevice(alice);
    await write(alice, 'a', 'shared words');

    await leaveSpace(bob);
    const bobLocked = r.provider(bob, new Y.Doc());
    await eventually(() => expect(bobLocked.errors.map((e) => e.code)).toContain('device-removed'));
    expect(await codeOf(refreshKeys(bob))).toBe('device-removed');
    expect(await codeOf(rotateAfterLeave(bob))).toBe('device-removed');

    const rotated = await rotateAfterLeave(alice);
    expect(currentKey(rotated, SPACE_SCOPE).epoch).toBe(1);
    const head = (await fetchVerifiedMembership(alice)).head.seq;
    // Idempotent: a second call (or Alice's other device) finds the rotation done.
    const again = await rotateAfterLeave(rotated);
    expect(again.keys).toEqual(rotated.keys);
    const fromOther = await rotateAfterLeave(alice2);
    expect(currentKey(fromOther, SPACE_SCOPE)).toEqual(currentKey(rotated, SPACE_SCOPE));
    expect((await fetchVerifiedMembership(alice)).head.seq).toBe(head);

    await write(rotated, 'a', 'after leaving');
    const doc = await replica(fromOther);
    await eventually(() => expect(doc.getMap('m').toJSON()).toEqual({ a: 'after leaving' }));
  });

  it('leaves what the leaver co-wrote with the partner who stays', async () => {
    const { alice, bob } = await pairedSpace(r.url);
    await write(bob, 'b', 'co-written');
    await leaveSpace(bob);
    const rotated = await rotateAfterLeave(alice);
    const doc = await replica(rotated);
    await eventually(() => expect(doc.getMap('m').toJSON()).toEqual({ b: 'co-written' }));
  });

  it('refuses a new invite until the key is rotated after the partner left, then allows it', async () => {
    const { alice, bob } = await pairedSpace(r.url);
    await leaveSpace(bob);
    // An invite now would carry a key the leaver holds: refused until the rotation lands.
    expect(await codeOf(createInviteLink(alice))).toBe('stale-epoch');
    const rotated = await rotateAfterLeave(alice);
    // A device that has not fetched the new key yet is refused too.
    expect(await codeOf(createInviteLink(alice))).toBe('stale-epoch');
    const { link } = await createInviteLink(rotated);
    const carol = await joinSpace(link);
    expect(currentKey(carol, SPACE_SCOPE)).toEqual(currentKey(rotated, SPACE_SCOPE));
  });

  it('does nothing when no one left', async () => {
    const { alice } = await pairedSpace(r.url);
    const same = await rotateAfterLeave(alice);
    expect(same.keys).toEqual(alice.keys);
  });
});
