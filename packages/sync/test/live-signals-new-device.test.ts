/**
 * A live signal from a device linked after the partner's provider opened (the partner's new
 * browser extension, say) is not dropped as from an unknown author: the receiver looks the
 * membership chain up again once and then delivers it. Real relay, real sockets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readyCrypto } from '@securebase/crypto';
import type { ReceivedSignal } from '../src/live-signal-sync.js';
import type { LiveSignal, SignalDropReason } from '../src/live-signals.js';
import { linkDevice } from './pairing-helpers.js';
import { eventually, startHarness, type Harness } from './relay-harness.js';

describe('live signals from a newly linked device', () => {
  let h: Harness;

  beforeEach(async () => {
    await readyCrypto();
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  it('reach the partner after one membership look-up', async () => {
    const bob = h.provider(h.bob, new Y.Doc());
    await bob.provider.whenSynced();
    const got: ReceivedSignal[] = [];
    const dropped: SignalDropReason[] = [];
    bob.provider.signals.onSignal((r) => got.push(r));
    bob.provider.signals.onDropped((reason) => dropped.push(reason));

    // Alice links a second device only now: Bob's verified chain does not name it yet.
    const aliceExtension = await linkDevice(h.alice);
    const extension = h.provider(aliceExtension, new Y.Doc());
    await extension.provider.whenSynced();
    const pause: LiveSignal = { kind: 'pause-start', id: 'pause-new-1', signalWord: 'Orange light', minutes: 20, startedAt: Date.now() };
    expect(extension.provider.signals.send(pause, Date.now() + 60_000)).toBe('sent');
    await eventually(() => expect(got).toEqual([{ signal: { ...pause, sentAt: expect.any(Number) }, partnerId: h.alice.partnerId }]));
    expect(dropped).toEqual([]);
    expect([...bob.errors, ...extension.errors]).toEqual([]);
  });
});
