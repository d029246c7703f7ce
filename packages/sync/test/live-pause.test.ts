/**
 * Issue 12, the two rules of a pause that outlive today's screen: the partner's timer is placed
 * on their own clock (the smallest arrival − sender-clock seen, as breathing does), and the
 * sender's pause is kept in the device's encrypted store so a reload resumes it.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as encoding from 'lib0/encoding';
import { generateLocalKey, readyCrypto } from '@securebase/crypto';
import { EncryptedStateStore } from '../src/encrypted-state-store.js';
import { decodeLiveSignal, encodeLiveSignal, SIGNAL_PADDED_BYTES, type LiveSignal } from '../src/live-signals.js';
import type { ReceivedSignal, SignalDelivery } from '../src/live-signal-sync.js';
import { ownPauseKey } from '../src/kept-pause.js';
import { LiveMoments } from '../src/live-moments.js';
import { MemoryStateStore } from '../src/state-store.js';

type PauseStart = Extract<LiveSignal, { kind: 'pause-start' }>;
const MINUTE = 60_000;
const spaceId = 'AAAAAAAAAAAAAAAAAAAAAA';

beforeAll(async () => {
  await readyCrypto();
});

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('pause-start on the wire', () => {
  const start: PauseStart = { kind: 'pause-start', id: 'pause-0001', signalWord: 'Orange light', minutes: 20, startedAt: 1_700_000_000_000 };

  it('carries the sealing time, and a copy from an older device (no such field) still reads', () => {
    const stamped = { ...start, sentAt: start.startedAt + 65_000 };
    expect(decodeLiveSignal(encodeLiveSignal(stamped))).toEqual({ ok: true, signal: stamped });
    // Golden bytes as a device before this field wrote them: the body ends at startedAt.
    const enc = encoding.createEncoder();
    for (const write of [
      () => encoding.writeVarUint(enc, 0),
      () => encoding.writeVarString(enc, 'sb/signal'),
      () => encoding.writeVarUint(enc, 1),
      () => encoding.writeVarUint(enc, 1),
      () => encoding.writeVarString(enc, start.id),
      () => encoding.writeVarString(enc, start.signalWord),
      () => encoding.writeVarUint(enc, start.minutes),
      () => encoding.writeVarUint(enc, start.startedAt),
    ])
      write();
    const old = new Uint8Array(SIGNAL_PADDED_BYTES);
    old.set(encoding.toUint8Array(enc));
    const read = decodeLiveSignal(old);
    expect(read).toEqual({ ok: true, signal: start });
    expect(read.ok && 'sentAt' in read.signal).toBe(false);
    // Without a sealing time, the encoding is byte for byte what older devices write and read.
    expect(encodeLiveSignal(start)).toEqual(old);
  });

  it('refuses a sealing time before the start or after the pause is over', () => {
    expect(() => encodeLiveSignal({ ...start, sentAt: start.startedAt - 1 })).toThrow(/sealed/);
    expect(() => encodeLiveSignal({ ...start, sentAt: start.startedAt + 20 * MINUTE + 1 })).toThrow(/sealed/);
  });
});

/**
 * Two devices whose clocks differ by `skewMs` (the receiver's minus the sender's), joined by a
 * wire whose delay the test sets per copy. The transport stamps `sentAt` at sending, on the
 * sender's clock, as the channel does at sealing. Time moves in 100 ms steps, so delays are
 * multiples of 100 and the expected errors exact.
 */
function skewedPair(skewMs: number) {
  let trueNow = 1_800_000_000_000;
  let delayMs = 100;
  const inFlight: Array<{ at: number; deliver: () => void }> = [];
  const senderClock = (): number => trueNow;
  const receiverClock = (): number => trueNow + skewMs;
  const receiverListeners = new Set<(r: ReceivedSignal) => void>();
  const senderListeners = new Set<(r: ReceivedSignal) => void>();
  const sent: LiveSignal[] = [];
  const transport = (clock: () => number, peer: Set<(r: ReceivedSignal) => void>, own: Set<(r: ReceivedSignal) => void>, partnerId: string) => ({
    send(signal: LiveSignal): SignalDelivery {
      const sealed = signal.kind === 'pause-start' ? { ...signal, sentAt: clock() } : signal;
      sent.push(sealed);
      inFlight.push({ at: trueNow + delayMs, deliver: () => peer.forEach((l) => l({ signal: sealed, partnerId })) });
      return 'sent';
    },
    onSignal(l: (r: ReceivedSignal) => void) {
      own.add(l);
      return () => own.delete(l);
    },
    onSent: () => () => undefined,
  });
  const sender = new LiveMoments(transport(senderClock, receiverListeners, senderListeners, 'alex'), { me: 'alex', now: senderClock });
  const openReceiver = (): LiveMoments =>
    new LiveMoments(transport(receiverClock, senderListeners, receiverListeners, 'sam'), { me: 'sam', now: receiverClock });
  const advance = (ms: number): void => {
    for (let step = 0; step < ms; step += 100) {
      trueNow += 100;
      for (const msg of inFlight.splice(0)) {
        if (msg.at <= trueNow) msg.deliver();
        else inFlight.push(msg);
      }
      // LiveMoments ticks on the real timer API: fake timers move with true time.
      vi.advanceTimersByTime(100);
    }
  };
  /** How far the receiver's end of the pause is from the sender's, in true time (ms). */
  const endError = (receiver: LiveMoments): number => {
    const theirs = sender.state.pause?.endsAt ?? Number.NaN;
    const ours = (receiver.state.pause?.endsAt ?? Number.NaN) - skewMs;
    return ours - theirs;
  };
  return {
    sender,
    openReceiver,
    advance,
    endError,
    sent,
    setDelay: (ms: number) => (delayMs = ms),
  };
}

describe('the partner’s pause timer when the clocks differ', () => {
  for (const skewMs of [7_300, -7_300]) {
    const label = skewMs > 0 ? 'ahead' : 'behind';

    it(`is right to within the wire delay on a receiver ${Math.abs(skewMs)} ms ${label}`, () => {
      const pair = skewedPair(skewMs);
      const receiver = pair.openReceiver();
      pair.setDelay(300);
      pair.sender.startPause({ signalWord: 'Orange light', minutes: 20 });
      pair.advance(1_000);
      expect(receiver.state.pause).toMatchObject({ mine: false, minutes: 20 });
      // The first copy took 300 ms: the estimate is off by at most that, never by the skew.
      expect(pair.endError(receiver)).toBe(300);
      // Re-sent copies that travel faster refine it.
      pair.setDelay(100);
      pair.advance(11_000);
      expect(pair.endError(receiver)).toBe(100);
      expect(receiver.state.pause?.offsetMs).toBe(skewMs + 100);
      receiver.destroy();
      pair.sender.destroy();
    });

    it(`is right for a partner who opens later, on a receiver ${Math.abs(skewMs)} ms ${label}`, () => {
      const pair = skewedPair(skewMs);
      pair.setDelay(200);
      pair.sender.startPause({ signalWord: 'Orange light', minutes: 20 });
      pair.advance(60_000);
      const receiver = pair.openReceiver();
      pair.advance(6_000);
      expect(receiver.state.pause?.id).toBe(pair.sender.state.pause?.id);
      expect(pair.endError(receiver)).toBe(200);
      receiver.destroy();
      pair.sender.destroy();
    });
  }

  it('falls back to the sender’s times as they are for a copy without a sealing time', () => {
    const now = 5_000_000;
    let deliver: (r: ReceivedSignal) => void = () => undefined;
    const live = new LiveMoments(
      { send: () => 'sent', onSignal: (l) => ((deliver = l), () => undefined), onSent: () => () => undefined },
      { me: 'sam', now: () => now },
    );
    deliver({ signal: { kind: 'pause-start', id: 'pause-0002', signalWord: 'Orange light', minutes: 10, startedAt: now - 30_000 }, partnerId: 'alex' });
    expect(live.state.pause).toMatchObject({ startedAt: now - 30_000, endsAt: now - 30_000 + 10 * MINUTE, offsetMs: 0 });
    live.destroy();
  });
});

/** One device's LiveMoments over a fake transport, keeping its pause in `store`. */
function deviceWith(store: EncryptedStateStore, clock: () => number) {
  const sent: LiveSignal[] = [];
  let deliver: (r: ReceivedSignal) => void = () => undefined;
  const errors: unknown[] = [];
  const transport = {
    send: (signal: LiveSignal): SignalDelivery => (sent.push(signal), 'sent'),
    onSignal: (l: (r: ReceivedSignal) => void) => ((deliver = l), () => undefined),
    onSent: () => () => undefined,
  };
  const live = new LiveMoments(transport, { me: 'alex', now: clock, keep: { store, spaceId, onError: (err) => errors.push(err) } });
  return { live, sent, errors, receive: (signal: LiveSignal) => deliver({ signal, partnerId: 'sam' }) };
}

/** Let the store's promise chain run (fake timers do not hold promises back). */
async function settled(live: LiveMoments): Promise<void> {
  await live.resumed;
  await live.storeIdle();
}

describe('the sender’s pause across a reload', () => {
  let now: number;
  let inner: MemoryStateStore;
  let store: EncryptedStateStore;
  const clock = (): number => now;

  beforeEach(() => {
    now = 3_000_000;
    inner = new MemoryStateStore();
    store = new EncryptedStateStore(inner, generateLocalKey());
  });

  it('resumes after a reload and is sent again, kept only sealed, and gone once ended', async () => {
    const first = deviceWith(store, clock);
    await settled(first.live);
    first.live.startPause({ signalWord: 'Orange light', minutes: 20 });
    const pause = first.live.state.pause!;
    await settled(first.live);
    // Kept sealed: the stored bytes do not hold the signal word.
    const raw = await inner.get(ownPauseKey(spaceId));
    expect(raw).toBeDefined();
    expect(new TextDecoder().decode(raw)).not.toContain('Orange');
    first.live.destroy();

    // The tab reloads three minutes in.
    now += 3 * MINUTE;
    const second = deviceWith(store, clock);
    await settled(second.live);
    expect(second.live.state.pause).toMatchObject({ id: pause.id, signalWord: 'Orange light', mine: true, startedAt: pause.startedAt, endsAt: pause.endsAt });
    expect(second.sent.at(-1)).toMatchObject({ kind: 'pause-start', id: pause.id, startedAt: pause.startedAt, minutes: 20 });
    // And it keeps repeating, as before the reload.
    const count = second.sent.length;
    now += 5_000;
    vi.advanceTimersByTime(1_000);
    expect(second.sent.length).toBe(count + 1);

    // The partner ends it: cleared here, and a further reload shows nothing.
    second.receive({ kind: 'pause-end', id: pause.id });
    expect(second.live.state.pause).toBeUndefined();
    await settled(second.live);
    expect(await inner.get(ownPauseKey(spaceId))).toBeUndefined();
    second.live.destroy();
    const third = deviceWith(store, clock);
    await settled(third.live);
    expect(third.live.state.pause).toBeUndefined();
    expect(third.sent).toEqual([]);
    expect([...first.errors, ...second.errors, ...third.errors]).toEqual([]);
    third.live.destroy();
  });

  it('is cleared when this side ends it, when its time is up, and when that passed before the next open', async () => {
    const first = deviceWith(store, clock);
    first.live.startPause({ signalWord: 'Orange light', minutes: 5 });
    await settled(first.live);
    first.live.endPause();
    await settled(first.live);
    expect(await inner.get(ownPauseKey(spaceId))).toBeUndefined();

    // Time up while open: the "come back" step still shows, but nothing is left to resume.
    first.live.startPause({ signalWord: 'Orange light', minutes: 5 });
    await settled(first.live);
    expect(await inner.get(ownPauseKey(spaceId))).toBeDefined();
    now += 5 * MINUTE;
    vi.advanceTimersByTime(1_000);
    await settled(first.live);
    expect(first.live.state.pause).toMatchObject({ mine: true });
    expect(await inner.get(ownPauseKey(spaceId))).toBeUndefined();
    first.live.endPause();

    first.live.startPause({ signalWord: 'Orange light', minutes: 5 });
    await settled(first.live);
    first.live.destroy();
    // Closed, and opened again after the pause would have ended: nothing resumes, nothing is sent.
    now += 5 * MINUTE;
    const second = deviceWith(store, clock);
    await settled(second.live);
    expect(second.live.state.pause).toBeUndefined();
    expect(second.sent).toEqual([]);
    expect(await inner.get(ownPauseKey(spaceId))).toBeUndefined();
    expect([...first.errors, ...second.errors]).toEqual([]);
    second.live.destroy();
  });

  it('does not resume over a pause that began while the store was being read', async () => {
    const first = deviceWith(store, clock);
    first.live.startPause({ signalWord: 'Orange light', minutes: 20 });
    await settled(first.live);
    first.live.destroy();

    now += MINUTE;
    const second = deviceWith(store, clock);
    // Before the stored pause is read back, a new one is asked for on this device.
    second.live.startPause({ signalWord: 'Red light', minutes: 10 });
    const newer = second.live.state.pause!;
    await settled(second.live);
    expect(second.live.state.pause).toMatchObject({ id: newer.id, signalWord: 'Red light' });
    second.live.destroy();
    const third = deviceWith(store, clock);
    await settled(third.live);
    expect(third.live.state.pause).toMatchObject({ id: newer.id, signalWord: 'Red light' });
    third.live.destroy();
  });

  it('forgets the kept pause once a partner’s pause takes its place', async () => {
    const first = deviceWith(store, clock);
    first.live.startPause({ signalWord: 'Orange light', minutes: 20 });
    first.receive({ kind: 'pause-start', id: 'pause-from-sam', signalWord: 'Blue', minutes: 10, startedAt: now, sentAt: now });
    expect(first.live.state.pause).toMatchObject({ id: 'pause-from-sam', mine: false });
    await settled(first.live);
    expect(await inner.get(ownPauseKey(spaceId))).toBeUndefined();
    first.live.destroy();
  });
});
