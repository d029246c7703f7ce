import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { generateDeviceKeys, readyCrypto } from '@securebase/crypto';
import { openSqliteStorage } from '@securebase/relay';
import { currentKey } from '../src/credentials.js';
import type { ReceivedSignal } from '../src/live-signal-sync.js';
import { LiveSignalChannel, decodeLiveSignal, encodeLiveSignal, type LiveSignal } from '../src/live-signals.js';
import { RehearseTogether } from '../src/rehearse-together.js';
import { eventually, startHarness, type Harness } from './relay-harness.js';

const scriptId = 'AgreementId000000000001';

beforeAll(async () => {
  await readyCrypto();
});

describe('rehearse signals', () => {
  it('round-trip at the padded size and refuse impossible fields', () => {
    const state: LiveSignal = { kind: 'rehearse-state', id: 'rehearse-01', scriptId, senderRole: 1, step: 3, paused: true, revision: 7, nonce: 4_000_000_000 };
    for (const signal of [state, { kind: 'rehearse-end', id: 'rehearse-01' } as const]) {
      expect(decodeLiveSignal(encodeLiveSignal(signal))).toEqual({ ok: true, signal });
    }
    expect(() => encodeLiveSignal({ ...state, revision: 0 })).toThrow(/revision/);
    expect(() => encodeLiveSignal({ ...state, step: 500 })).toThrow(/step/);
    expect(() => encodeLiveSignal({ ...state, scriptId: 'no spaces' })).toThrow(/script id/);
    // 0, "sb/signal" (10), version, kind, id (1 + 11), script id (1 + 23), then the role: 2 is no role.
    const bytes = encodeLiveSignal(state);
    expect(bytes[49]).toBe(1);
    const tampered = bytes.slice();
    tampered[49] = 2;
    expect(decodeLiveSignal(tampered)).toMatchObject({ ok: false, reason: 'bad-field' });
  });
});

/** Two partners' rehearsals over a fake wire that delivers what the test says, when it says. */
function pair() {
  const ticks: Array<() => void> = [];
  const wires = new Map<string, { deliver: (r: ReceivedSignal) => void; sent: LiveSignal[] }>();
  const make = (me: string, peer: string) => {
    const wire = { deliver: (_r: ReceivedSignal) => undefined as void, sent: [] as LiveSignal[] };
    wires.set(me, wire);
    const transport = {
      send(signal: LiveSignal) {
        wire.sent.push(signal);
        wires.get(peer)?.deliver({ signal, partnerId: me });
        return 'sent' as const;
      },
      onSignal(listener: (r: ReceivedSignal) => void) {
        wire.deliver = listener;
        return () => undefined;
      },
      onSent() {
        return () => undefined;
      },
    };
    const timers = { setInterval: (fn: () => void) => ticks.push(fn), clearInterval: () => undefined };
    return { rehearse: new RehearseTogether(transport, { me, ...timers }), wire };
  };
  const alex = make('alex', 'sam');
  const sam = make('sam', 'alex');
  return { alex, sam, tick: () => ticks.forEach((t) => t()) };
}

describe('rehearsing together', () => {
  it('keeps both screens on one step and role, whoever acts', () => {
    const { alex, sam } = pair();
    alex.rehearse.start(scriptId, 'first');
    expect(sam.rehearse.state.session).toMatchObject({ scriptId, myRole: 'second', step: 0, paused: false });
    sam.rehearse.step(1);
    alex.rehearse.step(1);
    expect(alex.rehearse.state.session?.step).toBe(2);
    expect(sam.rehearse.state.session?.step).toBe(2);
    sam.rehearse.swapRoles();
    expect(sam.rehearse.state.session?.myRole).toBe('first');
    expect(alex.rehearse.state.session?.myRole).toBe('second');
    alex.rehearse.setPaused(true);
    expect(sam.rehearse.state.session?.paused).toBe(true);
    sam.rehearse.step(-5);
    expect(alex.rehearse.state.session?.step).toBe(0);
    sam.rehearse.end();
    expect(alex.rehearse.state.session).toBeUndefined();
  });

  it('ignores a stale copy, lets a late opener join, and keeps an ended one ended', () => {
    const { alex, sam, tick } = pair();
    alex.rehearse.start(scriptId, 'second');
    const early = alex.wire.sent.at(-1)!;
    alex.rehearse.step(1);
    alex.rehearse.step(1);
    // A copy that waited somewhere arrives after the newer ones: the step stays.
    sam.wire.deliver({ signal: early, partnerId: 'alex' });
    expect(sam.rehearse.state.session?.step).toBe(2);
    // A screen that opens (or reloads) now joins on the next repeat.
    const late = new RehearseTogether(
      { send: () => 'sent', onSignal: (l) => ((sam.wire.deliver = l), () => undefined), onSent: () => () => undefined },
      { me: 'sam', setInterval: () => 0, clearInterval: () => undefined },
    );
    tick();
    expect(late.state.session).toMatchObject({ step: 2, myRole: 'first' });
    const last = alex.wire.sent.at(-1)!;
    alex.rehearse.end();
    late.destroy();
    const fresh = pair();
    fresh.sam.rehearse.start(scriptId, 'first');
    fresh.sam.rehearse.end();
    const before = fresh.sam.wire.sent.length;
    fresh.sam.wire.deliver({ signal: { ...last, id: fresh.sam.wire.sent[0]!.id }, partnerId: 'alex' });
    expect(fresh.sam.rehearse.state.session).toBeUndefined();
    // It tells the device that missed the end again.
    expect(fresh.sam.wire.sent.slice(before)).toMatchObject([{ kind: 'rehearse-end' }]);
  });

  it('settles on one rehearsal when both start at once', () => {
    const { alex, sam, tick } = pair();
    // Alex's start is lost on the way; Sam starts his own, which reaches Alex.
    const samHears = sam.wire.deliver;
    sam.wire.deliver = () => undefined;
    alex.rehearse.start(scriptId, 'first');
    sam.wire.deliver = samHears;
    sam.rehearse.start(scriptId, 'first');
    tick();
    const ids = [alex.rehearse.state.session?.id, sam.rehearse.state.session?.id];
    expect(ids[0]).toBeDefined();
    expect(ids[0]).toBe(ids[1]);
    expect(alex.rehearse.state.session?.myRole).not.toBe(sam.rehearse.state.session?.myRole);
  });
});

describe('rehearsing against a real relay', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  it('steps, swaps and pauses reach the partner; stale and forged copies do not move it; nothing is stored', async () => {
    const a = h.provider(h.alice, new Y.Doc());
    const b = h.provider(h.bob, new Y.Doc());
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
    const storage = openSqliteStorage(h.dataDir);
    const before = storage.spaceBytes(h.alice.spaceId);
    storage.close();
    // Every envelope Bob's device receives, so the test can replay one later.
    const seen: Uint8Array[] = [];
    const receive = b.provider.signals.received.bind(b.provider.signals);
    b.provider.signals.received = (envelope) => (seen.push(envelope), receive(envelope));
    const drops: string[] = [];
    b.provider.signals.onDropped((reason) => drops.push(reason));

    const alice = new RehearseTogether(a.provider.signals, { me: h.alice.partnerId });
    const bob = new RehearseTogether(b.provider.signals, { me: h.bob.partnerId });
    alice.start(scriptId, 'first');
    await eventually(() => expect(bob.state.session).toMatchObject({ scriptId, step: 0, myRole: 'second' }));
    const firstCopy = seen.at(-1)!;
    alice.step(1);
    await eventually(() => expect(bob.state.session?.step).toBe(1));
    bob.step(1);
    await eventually(() => expect(alice.state.session?.step).toBe(2));
    bob.swapRoles();
    await eventually(() => expect(alice.state.session?.myRole).toBe('second'));
    expect(bob.state.session?.myRole).toBe('first');
    alice.setPaused(true);
    await eventually(() => expect(bob.state.session?.paused).toBe(true));

    // The first copy again, byte for byte: dropped as a replay.
    b.provider.signals.received(firstCopy);
    expect(drops).toContain('stale');
    // The same old state sealed afresh by Alice's own device (a late copy with a new wall-clock
    // stamp, so it passes the replay check): not newer than what Bob shows, ignored.
    const aliceDevice = new LiveSignalChannel({ spaceId: h.alice.spaceId, docId: SHARED_DOC_ID, device: h.alice.device });
    const old: LiveSignal = { kind: 'rehearse-state', id: bob.state.session!.id, scriptId, senderRole: 0, step: 0, paused: false, revision: 1, nonce: 0 };
    b.provider.signals.received(aliceDevice.seal(old, currentKey(h.alice, 'space')));
    expect(bob.state.session).toMatchObject({ step: 2, paused: true, myRole: 'first' });
    // A device that is not in the space, with the right key: refused as an unknown author.
    const stranger = new LiveSignalChannel({ spaceId: h.alice.spaceId, docId: SHARED_DOC_ID, device: generateDeviceKeys() });
    const forged: LiveSignal = { ...old, step: 0, revision: 99 };
    b.provider.signals.received(stranger.seal(forged, currentKey(h.alice, 'space')));
    await eventually(() => expect(drops).toContain('unknown-author'));
    expect(bob.state.session?.step).toBe(2);

    alice.setPaused(false);
    await eventually(() => expect(bob.state.session?.paused).toBe(false));
    bob.end();
    await eventually(() => expect(alice.state.session).toBeUndefined());
    const after = openSqliteStorage(h.dataDir);
    expect(after.spaceBytes(h.alice.spaceId)).toBe(before);
    after.close();
    alice.destroy();
    bob.destroy();
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});
