import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { generateDeviceKeys, generateSpaceKey, readyCrypto } from '@securebase/crypto';
import { openSqliteStorage } from '@securebase/relay';
import { PresenceChannel } from '../src/presence.js';
import { createInviteLink, createSpace, joinSpace } from '../src/space-flows.js';
import { eventually, startHarness, type Harness } from './relay-harness.js';

describe('PresenceChannel', () => {
  beforeEach(async () => {
    await readyCrypto();
  });

  const spaceId = 'AAAAAAAAAAAAAAAAAAAAAA';
  const key = { epoch: 0, key: new Uint8Array(32).fill(3) };

  it('opens what it sealed once; a replay or an older message is dropped as stale', () => {
    const device = generateDeviceKeys();
    let now = 1000;
    const sender = new PresenceChannel({ spaceId, docId: SHARED_DOC_ID, device, now: () => now });
    const receiver = new PresenceChannel({ spaceId, docId: SHARED_DOC_ID, device: generateDeviceKeys() });
    const ctx = { keyForEpoch: () => key.key, isMember: () => true };
    const first = sender.seal(new Uint8Array([1]), key);
    const second = sender.seal(new Uint8Array([2]), key); // same millisecond: still a higher clock
    expect(receiver.open(second, ctx)).toMatchObject({ kind: 'apply', update: new Uint8Array([2]) });
    expect(receiver.open(first, ctx)).toEqual({ kind: 'stale' });
    expect(receiver.open(second, ctx)).toEqual({ kind: 'stale' });
    // After a restart the wall clock keeps the counter ahead of everything sent before.
    now = 5000;
    const restarted = new PresenceChannel({ spaceId, docId: SHARED_DOC_ID, device, now: () => now });
    expect(receiver.open(restarted.seal(new Uint8Array([3]), key), ctx).kind).toBe('apply');
  });

  it('rejects tampered bytes, another document, a non-member and an update envelope', () => {
    const device = generateDeviceKeys();
    const sender = new PresenceChannel({ spaceId, docId: SHARED_DOC_ID, device });
    const receiver = new PresenceChannel({ spaceId, docId: SHARED_DOC_ID, device: generateDeviceKeys() });
    const ctx = { keyForEpoch: () => key.key, isMember: () => true };
    const sealed = sender.seal(new Uint8Array([1, 2, 3]), key);
    const tampered = sealed.slice();
    tampered[tampered.length - 70]! ^= 1;
    expect(receiver.open(tampered, ctx)).toMatchObject({ kind: 'rejected', error: { code: 'bad-signature' } });
    const elsewhere = new PresenceChannel({ spaceId, docId: 'other', device }).seal(new Uint8Array([1]), key);
    expect(receiver.open(elsewhere, ctx)).toMatchObject({ kind: 'rejected', error: { code: 'wrong-document' } });
    expect(receiver.open(sealed, { ...ctx, isMember: () => false })).toMatchObject({ kind: 'rejected', error: { code: 'unknown-author' } });
    expect(receiver.open(sealed, { ...ctx, keyForEpoch: () => generateSpaceKey() })).toMatchObject({
      kind: 'rejected',
      error: { code: 'bad-commitment' },
    });
  });
});

describe('presence against a real relay', () => {
  let h: Harness;

  beforeEach(async () => {
    await readyCrypto();
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  function spaceBytes(): number {
    const storage = openSqliteStorage(h.dataDir);
    try {
      return storage.spaceBytes(h.alice.spaceId);
    } finally {
      storage.close();
    }
  }

  it('is delivered both ways at once to a device that arrives later, never stored, and cleared on leave', async () => {
    const docA = new Y.Doc();
    const awA = new Awareness(docA);
    const a = h.provider(h.alice, docA, { awareness: awA });
    await a.provider.whenSynced();
    awA.setLocalStateField('editing', 'narrative');
    const bytesBefore = spaceBytes();

    const docB = new Y.Doc();
    const awB = new Awareness(docB);
    awB.setLocalStateField('editing', 'boundaries');
    const b = h.provider(h.bob, docB, { awareness: awB });
    // Bob sees Alice without waiting for her 15-second renewal, and she sees him.
    await eventually(() => expect(awB.getStates().get(docA.clientID)).toEqual({ editing: 'narrative' }));
    await eventually(() => expect(awA.getStates().get(docB.clientID)).toEqual({ editing: 'boundaries' }));
    awA.setLocalStateField('editing', 'agreements');
    await eventually(() => expect(awB.getStates().get(docA.clientID)).toEqual({ editing: 'agreements' }));
    expect(spaceBytes()).toBe(bytesBefore);

    b.provider.disconnect();
    await eventually(() => expect(awA.getStates().has(docB.clientID)).toBe(false));
    expect([...a.errors, ...b.errors]).toEqual([]);
    awA.destroy();
    awB.destroy();
  });

  it('shows a partner who joined while the provider was open, without an unknown-author error', async () => {
    // Alice's provider verified the chain before Sam existed; Sam's presence is the first thing
    // of his to arrive (he has typed nothing), so it alone must make her look the chain up again.
    const alex = await createSpace(h.relay.url);
    const docA = new Y.Doc();
    const awA = new Awareness(docA);
    const a = h.provider(alex, docA, { awareness: awA });
    await a.provider.whenSynced();
    awA.setLocalStateField('user', { name: 'Alex' });
    const sam = await joinSpace((await createInviteLink(alex)).link);
    const docB = new Y.Doc();
    const awB = new Awareness(docB);
    awB.setLocalStateField('user', { name: 'Sam' });
    const b = h.provider(sam, docB, { awareness: awB });
    await eventually(() => expect(awB.getStates().get(docA.clientID)).toEqual({ user: { name: 'Alex' } }));
    await eventually(() => expect(awA.getStates().get(docB.clientID)).toEqual({ user: { name: 'Sam' } }));
    expect([...a.errors, ...b.errors]).toEqual([]);
    awA.destroy();
    awB.destroy();
  });

  it('is absent when off: nothing sent without an awareness, nothing applied either', async () => {
    const docA = new Y.Doc();
    const awA = new Awareness(docA);
    const a = h.provider(h.alice, docA, { awareness: awA });
    const silent = h.provider(h.bob, new Y.Doc());
    await Promise.all([a.provider.whenSynced(), silent.provider.whenSynced()]);
    silent.provider.awareness.setLocalStateField('editing', 'secret place');
    awA.setLocalStateField('cursor', 3);
    // A probe that does share presence proves Alice's state does travel.
    const docP = new Y.Doc();
    const awP = new Awareness(docP);
    h.provider(h.bob, docP, { awareness: awP });
    await eventually(() => expect(awP.getStates().get(docA.clientID)).toEqual({ cursor: 3 }));
    expect(silent.provider.awareness.getStates().has(docA.clientID)).toBe(false);
    expect(awA.getStates().has(silent.provider.doc.clientID)).toBe(false);
    awA.destroy();
    awP.destroy();
  });
});
