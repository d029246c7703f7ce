import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { generateDeviceKeys, generateSpaceKey, readyCrypto, sealEnvelope } from '@securebase/crypto';
import { openSqliteStorage } from '@securebase/relay';
import * as encoding from 'lib0/encoding';
import { LiveSignalChannel, SIGNAL_PADDED_BYTES, decodeLiveSignal, encodeLiveSignal, type LiveSignal } from '../src/live-signals.js';
import type { ReceivedSignal } from '../src/live-signal-sync.js';
import { LiveMoments } from '../src/live-moments.js';
import { PresenceChannel } from '../src/presence.js';
import { eventually, startHarness, type Harness } from './relay-harness.js';

const spaceId = 'AAAAAAAAAAAAAAAAAAAAAA';
const key = { epoch: 0, key: new Uint8Array(32).fill(3) };
const ctx = { keyForEpoch: () => key.key, isMember: () => true };
const pause: LiveSignal = { kind: 'pause-start', id: 'pause-0001', signalWord: 'Orange light', minutes: 20, startedAt: 1_700_000_000_000 };

/** A signal plaintext as some other client might write it: the header, then `body`, padded. */
function rawSignal(kindNumber: number, body: (enc: encoding.Encoder) => void, version = 1): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  encoding.writeVarString(enc, 'sb/signal');
  encoding.writeVarUint(enc, version);
  encoding.writeVarUint(enc, kindNumber);
  body(enc);
  const padded = new Uint8Array(SIGNAL_PADDED_BYTES);
  padded.set(encoding.toUint8Array(enc));
  return padded;
}

function sealRaw(device: ReturnType<typeof generateDeviceKeys>, plaintext: Uint8Array, clock: number): Uint8Array {
  return sealEnvelope({
    header: { spaceId, docId: SHARED_DOC_ID, epoch: 0, author: device.signPublicKey, clock, kind: 'ephemeral' },
    plaintext,
    epochKey: key.key,
    device,
  });
}

describe('live signal codec', () => {
  it('round-trips every kind at one padded size', () => {
    const signals: LiveSignal[] = [
      pause,
      { kind: 'pause-end', id: 'pause-0001' },
      { kind: 'check', id: 'check-0001', question: 'pause-help' },
      { kind: 'check-answer', id: 'check-0001', answer: 'closer' },
      { ...pause, signalWord: '🌊'.repeat(80) },
    ];
    for (const signal of signals) {
      const bytes = encodeLiveSignal(signal);
      expect(bytes.length).toBe(SIGNAL_PADDED_BYTES);
      expect(decodeLiveSignal(bytes)).toEqual({ ok: true, signal });
    }
  });

  it('drops unknown kinds, versions and bad fields with a typed reason', () => {
    const id = (enc: encoding.Encoder): void => encoding.writeVarString(enc, 'signal-0001');
    expect(decodeLiveSignal(rawSignal(9, id))).toMatchObject({ ok: false, reason: 'unknown-kind' });
    expect(decodeLiveSignal(rawSignal(2, id, 2))).toMatchObject({ ok: false, reason: 'unknown-version' });
    const question = (n: number) => (enc: encoding.Encoder) => {
      id(enc);
      encoding.writeVarUint(enc, n);
    };
    expect(decodeLiveSignal(rawSignal(3, question(7)))).toMatchObject({ ok: false, reason: 'bad-field' });
    expect(decodeLiveSignal(rawSignal(4, question(9)))).toMatchObject({ ok: false, reason: 'bad-field' });
    const pauseBody = (word: string, minutes: number) => (enc: encoding.Encoder) => {
      id(enc);
      encoding.writeVarString(enc, word);
      encoding.writeVarUint(enc, minutes);
      encoding.writeVarUint(enc, 1000);
    };
    expect(decodeLiveSignal(rawSignal(1, pauseBody('ok', 0)))).toMatchObject({ ok: false, reason: 'bad-field' });
    expect(decodeLiveSignal(rawSignal(1, pauseBody('ok', 100_000)))).toMatchObject({ ok: false, reason: 'bad-field' });
    expect(decodeLiveSignal(rawSignal(1, pauseBody('   ', 20)))).toMatchObject({ ok: false, reason: 'bad-field' });
    expect(decodeLiveSignal(rawSignal(1, pauseBody('a\u0007b', 20)))).toMatchObject({ ok: false, reason: 'bad-field' });
    expect(decodeLiveSignal(rawSignal(2, (enc) => encoding.writeVarString(enc, 'x')))).toMatchObject({ ok: false, reason: 'bad-field' });
    // Cut short, or junk in the padding.
    expect(decodeLiveSignal(encodeLiveSignal(pause).slice(0, 40))).toMatchObject({ ok: false, reason: 'malformed' });
    const junk = encodeLiveSignal({ kind: 'pause-end', id: 'pause-0001' });
    junk[SIGNAL_PADDED_BYTES - 1] = 1;
    expect(decodeLiveSignal(junk)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(() => encodeLiveSignal({ ...pause, minutes: 0 })).toThrow(TypeError);
  });
});

describe('LiveSignalChannel', () => {
  beforeEach(async () => {
    await readyCrypto();
  });

  it('opens a signal once; a replay or an older copy is dropped as stale', () => {
    const device = generateDeviceKeys();
    const sender = new LiveSignalChannel({ spaceId, docId: SHARED_DOC_ID, device, now: () => 1000 });
    const receiver = new LiveSignalChannel({ spaceId, docId: SHARED_DOC_ID, device: generateDeviceKeys() });
    const first = sender.seal(pause, key);
    const second = sender.seal({ kind: 'pause-end', id: pause.id }, key);
    expect(receiver.open(first, ctx)).toMatchObject({ kind: 'signal', signal: pause });
    expect(receiver.open(first, ctx)).toMatchObject({ kind: 'dropped', reason: 'stale' });
    expect(receiver.open(second, ctx)).toMatchObject({ kind: 'signal', signal: { kind: 'pause-end' } });
    expect(receiver.open(first, ctx)).toMatchObject({ kind: 'dropped', reason: 'stale' });
  });

  it('refuses tampered bytes, another document, a non-member, and junk that would advance the clock', () => {
    const device = generateDeviceKeys();
    const sender = new LiveSignalChannel({ spaceId, docId: SHARED_DOC_ID, device });
    const receiver = new LiveSignalChannel({ spaceId, docId: SHARED_DOC_ID, device: generateDeviceKeys() });
    const sealed = sender.seal(pause, key);
    const tampered = sealed.slice();
    tampered[tampered.length - 70]! ^= 1;
    expect(receiver.open(tampered, ctx)).toMatchObject({ kind: 'unopened', error: { code: 'bad-signature' } });
    const elsewhere = new LiveSignalChannel({ spaceId, docId: 'other', device }).seal(pause, key);
    expect(receiver.open(elsewhere, ctx)).toMatchObject({ kind: 'unopened', error: { code: 'wrong-document' } });
    expect(receiver.open(sealed, { ...ctx, keyForEpoch: () => generateSpaceKey() })).toMatchObject({ kind: 'unopened' });
    expect(receiver.open(sealed, { ...ctx, isMember: () => false })).toMatchObject({ kind: 'dropped', reason: 'unknown-author' });
    // An unknown kind with a far-future clock is dropped and does not make the real one stale.
    const future = sealRaw(device, rawSignal(42, (enc) => encoding.writeVarString(enc, 'signal-0001')), Number.MAX_SAFE_INTEGER);
    expect(receiver.open(future, ctx)).toMatchObject({ kind: 'dropped', reason: 'unknown-kind' });
    expect(receiver.open(sealed, ctx)).toMatchObject({ kind: 'signal' });
  });

  it('leaves presence updates to the presence stream, and presence ignores signals', () => {
    const device = generateDeviceKeys();
    const receiver = new LiveSignalChannel({ spaceId, docId: SHARED_DOC_ID, device: generateDeviceKeys() });
    const presence = new PresenceChannel({ spaceId, docId: SHARED_DOC_ID, device });
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalStateField('editing', 'narrative');
    const update = encodeAwarenessUpdate(awareness, [doc.clientID]);
    const verdict = receiver.open(presence.seal(update, key), ctx);
    expect(verdict.kind).toBe('not-a-signal');
    // Handed on opened, so presence need not verify and decrypt it a second time.
    if (verdict.kind !== 'not-a-signal') throw new Error('expected presence');
    expect(verdict.opened.plaintext).toEqual(update);
    const opener = new PresenceChannel({ spaceId, docId: SHARED_DOC_ID, device: generateDeviceKeys() });
    expect(opener.accept(verdict.opened, ctx)).toMatchObject({ kind: 'apply', update });
    // Read as an awareness update, a signal is "no clients changed": an older client applies nothing.
    const other = new Awareness(new Y.Doc());
    applyAwarenessUpdate(other, encodeLiveSignal(pause), 'remote');
    expect(other.getStates().size).toBe(1);
    awareness.destroy();
    other.destroy();
  });
});

describe('LiveMoments rules', () => {
  /** A transport that records what was sent and lets the test deliver signals. */
  function fakeTransport() {
    const sent: LiveSignal[] = [];
    let deliver: (r: ReceivedSignal) => void = () => undefined;
    return {
      sent,
      receive: (signal: LiveSignal, partnerId: string) => deliver({ signal, partnerId }),
      transport: {
        send: (signal: LiveSignal) => {
          sent.push(signal);
          return 'sent' as const;
        },
        onSignal: (listener: (r: ReceivedSignal) => void) => {
          deliver = listener;
          return () => undefined;
        },
        onSent: () => () => undefined,
      },
    };
  }

  it('shows a partner’s pause until either ends it, and an ended pause cannot come back', () => {
    let now = 2_000_000;
    const t = fakeTransport();
    const live = new LiveMoments(t.transport, { me: 'me', now: () => now });
    t.receive({ ...pause, startedAt: now + 60_000 }, 'partner'); // a fast partner clock is clamped
    expect(live.state.pause).toMatchObject({ id: pause.id, mine: false, startedAt: now, endsAt: now + 20 * 60_000 });
    live.endPause();
    expect(t.sent).toEqual([{ kind: 'pause-end', id: pause.id }]);
    expect(live.state.pause).toBeUndefined();
    // A re-send from a device that missed the end is answered with the end again, not shown.
    now += 5000;
    t.receive({ ...pause, startedAt: now }, 'partner');
    expect(live.state.pause).toBeUndefined();
    expect(t.sent.at(-1)).toEqual({ kind: 'pause-end', id: pause.id });
    live.destroy();
  });

  it('answers checks once, ignores its own other devices’ checks, and shows the partner’s answer', () => {
    const t = fakeTransport();
    const live = new LiveMoments(t.transport, { me: 'me' });
    t.receive({ kind: 'check', id: 'check-0001', question: 'are-you-okay' }, 'me');
    expect(live.state.incoming).toEqual([]);
    t.receive({ kind: 'check', id: 'check-0002', question: 'are-you-okay' }, 'partner');
    live.answerCheck('check-0002', 'moment');
    live.answerCheck('check-0002', 'okay');
    expect(t.sent).toEqual([{ kind: 'check-answer', id: 'check-0002', answer: 'moment' }]);
    live.sendCheck('pause-help');
    const mine = live.state.outgoing[0]!;
    t.receive({ kind: 'check-answer', id: mine.id, answer: 'closer' }, 'partner');
    expect(live.state.outgoing[0]).toMatchObject({ answer: 'closer' });
    live.destroy();
  });
});

describe('LiveMoments over time', () => {
  it('lets unanswered checks fade, repeats its own pause while it lasts, and then stops', () => {
    vi.useFakeTimers();
    try {
      let now = 1_000_000;
      const sent: LiveSignal[] = [];
      let deliver: (r: ReceivedSignal) => void = () => undefined;
      const transport = {
        send: (signal: LiveSignal) => (sent.push(signal), 'sent' as const),
        onSignal: (listener: (r: ReceivedSignal) => void) => ((deliver = listener), () => undefined),
        onSent: () => () => undefined,
      };
      const live = new LiveMoments(transport, { me: 'me', now: () => now, checkFadeMs: 60_000, resendMs: 5000 });
      live.sendCheck('are-you-okay');
      deliver({ signal: { kind: 'check', id: 'check-0009', question: 'pause-help' }, partnerId: 'partner' });
      now += 60_001;
      vi.advanceTimersByTime(1000);
      expect(live.state).toEqual({ pause: undefined, incoming: [], outgoing: [] });

      live.startPause({ signalWord: '  Orange   light ', minutes: 1 });
      const start = sent.at(-1);
      expect(start).toMatchObject({ kind: 'pause-start', signalWord: 'Orange light', minutes: 1 });
      now += 5000;
      vi.advanceTimersByTime(1000);
      expect(sent.at(-1)).toEqual(start);
      const count = sent.length;
      now += 60_000; // the timer ran out: no more repeats
      vi.advanceTimersByTime(5000);
      expect(sent.length).toBe(count);
      live.endPause();
      expect(sent.at(-1)).toEqual({ kind: 'pause-end', id: (start as Extract<LiveSignal, { kind: 'pause-start' }>).id });
      expect(live.state.pause).toBeUndefined();
      live.destroy();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('live signals against a real relay', () => {
  let h: Harness;

  beforeEach(async () => {
    await readyCrypto();
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  it('reach the partner without presence, are never stored, and a queued one leaves on reconnect', async () => {
    const a = h.provider(h.alice, new Y.Doc());
    const b = h.provider(h.bob, new Y.Doc());
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
    const got: ReceivedSignal[] = [];
    b.provider.signals.onSignal((r) => got.push(r));
    const storage = openSqliteStorage(h.dataDir);
    const before = storage.spaceBytes(h.alice.spaceId);
    storage.close();

    expect(a.provider.signals.send(pause, Date.now() + 60_000)).toBe('sent');
    // Stamped with its sealing time (here the fixture's end: it began long before this test).
    const stamped = { ...pause, sentAt: pause.startedAt + pause.minutes * 60_000 };
    await eventually(() => expect(got).toEqual([{ signal: stamped, partnerId: h.alice.partnerId }]));
    const after = openSqliteStorage(h.dataDir);
    expect(after.spaceBytes(h.alice.spaceId)).toBe(before);
    after.close();

    a.provider.disconnect();
    const sentLater: LiveSignal[] = [];
    a.provider.signals.onSent((s) => sentLater.push(s));
    const end: LiveSignal = { kind: 'pause-end', id: pause.id };
    expect(a.provider.signals.send(end, Date.now() + 60_000)).toBe('queued');
    a.provider.connect();
    await eventually(() => expect(got.at(-1)?.signal).toEqual(end));
    expect(sentLater).toEqual([end]);

    // The runtime says the network is gone while the socket still looks ready: held, then sent.
    const check: LiveSignal = { kind: 'check', id: 'check-0042', question: 'are-you-okay' };
    a.provider.signals.setNetworkDown(true);
    expect(a.provider.signals.send(check, Date.now() + 60_000)).toBe('queued');
    a.provider.signals.setNetworkDown(false);
    await eventually(() => expect(got.at(-1)?.signal).toEqual(check));
    expect(sentLater).toEqual([end, check]);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});
