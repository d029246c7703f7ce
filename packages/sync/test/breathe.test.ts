import { beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto } from '@securebase/crypto';
import { BREATHE_MAX_MS, BREATHE_PATTERN_IDS, ClockOffsetEstimate, breatheCycleMs, breathePhase } from '../src/breathe-pacer.js';
import { BreatheTogether, type BreatheState } from '../src/breathe-together.js';
import type { ReceivedSignal, SignalDelivery } from '../src/live-signal-sync.js';
import { decodeLiveSignal, encodeLiveSignal, type LiveSignal } from '../src/live-signals.js';

beforeAll(async () => {
  await readyCrypto();
});

describe('breathing phase', () => {
  it('walks through each pattern step by step and wraps at the cycle', () => {
    expect(breatheCycleMs('resonance')).toBe(11_000);
    expect(breatheCycleMs('box')).toBe(16_000);
    expect(breatheCycleMs('4-7-8')).toBe(19_000);
    expect(breathePhase('resonance', 0)).toMatchObject({ step: 'in', index: 0, secondsLeft: 5, fillAtStart: 0, fillAtEnd: 1 });
    expect(breathePhase('resonance', 1_200)).toMatchObject({ step: 'in', secondsLeft: 4, stepElapsedMs: 1_200, stepLeftMs: 3_800 });
    expect(breathePhase('resonance', 5_000)).toMatchObject({ step: 'out', index: 1, secondsLeft: 6, fillAtStart: 1, fillAtEnd: 0 });
    expect(breathePhase('resonance', 10_999)).toMatchObject({ step: 'out', secondsLeft: 1 });
    expect(breathePhase('resonance', 11_000)).toMatchObject({ step: 'in', cycleMs: 0 });
    expect(breathePhase('resonance', 3 * 11_000 + 7_500)).toMatchObject({ step: 'out', cycleMs: 7_500 });
    // A hold keeps the lungs as they were.
    expect(breathePhase('box', 4_000)).toMatchObject({ step: 'hold', fillAtStart: 1, fillAtEnd: 1 });
    expect(breathePhase('box', 12_000)).toMatchObject({ step: 'hold', index: 3, fillAtStart: 0, fillAtEnd: 0 });
    expect(breathePhase('4-7-8', 4_000 + 6_999)).toMatchObject({ step: 'hold', secondsLeft: 1 });
    expect(breathePhase('4-7-8', 11_000)).toMatchObject({ step: 'out', secondsLeft: 8 });
    // Before the start (a clock a little behind): the very start, never a negative count.
    expect(breathePhase('box', -250)).toMatchObject({ step: 'in', cycleMs: 0, secondsLeft: 4 });
  });

  it('is one continuous count for every pattern: steps tile the cycle exactly', () => {
    for (const pattern of BREATHE_PATTERN_IDS) {
      const cycle = breatheCycleMs(pattern);
      for (let t = 0; t < cycle; t += 250) {
        const phase = breathePhase(pattern, t);
        expect(phase.cycleMs).toBe(t);
        expect(phase.stepLeftMs).toBeGreaterThan(0);
        expect(phase.secondsLeft).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe('clock offset estimate', () => {
  it('keeps the smallest arrival-minus-sent, so network delay only ever shrinks out', () => {
    const skew = new ClockOffsetEstimate();
    expect(skew.offsetMs).toBe(0);
    // Our clock is 7 s ahead of the sender's; copies arrive after 120, 35 and 300 ms.
    skew.sample(1_000, 1_000 + 7_000 + 120);
    expect(skew.offsetMs).toBe(7_120);
    skew.sample(4_000, 4_000 + 7_000 + 35);
    skew.sample(7_000, 7_000 + 7_000 + 300);
    expect(skew.offsetMs).toBe(7_035);
    expect(skew.toLocal(500)).toBe(7_535);
    // And behind works the same.
    const behind = new ClockOffsetEstimate();
    behind.sample(100_000, 100_000 - 4_000 + 20);
    expect(behind.toLocal(100_000)).toBe(96_020);
  });
});

describe('breathe signals', () => {
  it('round-trip at the padded size and reject impossible timings', () => {
    const start: LiveSignal = { kind: 'breathe-start', id: 'breathe-001', pattern: '4-7-8', startAt: 1_700_000_000_000, sentAt: 1_700_000_003_000 };
    for (const signal of [start, { kind: 'breathe-end', id: 'breathe-001' } as const]) {
      expect(decodeLiveSignal(encodeLiveSignal(signal))).toEqual({ ok: true, signal });
    }
    expect(() => encodeLiveSignal({ ...start, sentAt: start.startAt - 1 })).toThrow(/after its start/);
    expect(() => encodeLiveSignal({ ...start, sentAt: start.startAt + BREATHE_MAX_MS + 1 })).toThrow(/after its start/);
    expect(() => encodeLiveSignal({ ...start, startAt: 0, sentAt: 0 })).toThrow(/start time/);
    const bytes = encodeLiveSignal(start);
    // 0, "sb/signal" (10 bytes), version, kind, id (1 + 11 bytes), then the pattern index; 9 names none.
    expect(bytes[25]).toBe(2);
    const tampered = bytes.slice();
    tampered[25] = 9;
    expect(decodeLiveSignal(tampered)).toMatchObject({ ok: false, reason: 'bad-field' });
  });
});

/** Two devices with their own clocks, joined by a wire that takes `delayMs` to deliver. */
function pairOfDevices(opts: { skewMs: number; delayMs: number }) {
  let trueNow = 1_800_000_000_000;
  const ticks: Array<() => void> = [];
  const inFlight: Array<{ at: number; deliver: () => void }> = [];
  const makeTransport = (clock: () => number, partnerId: string) => {
    const signalListeners = new Set<(r: ReceivedSignal) => void>();
    let peer: typeof signalListeners | undefined;
    const transport = {
      send(signal: LiveSignal): SignalDelivery {
        // The channel stamps sentAt at sealing, on the sender's clock.
        const sealed = signal.kind === 'breathe-start' ? { ...signal, sentAt: clock() } : signal;
        const target = peer;
        inFlight.push({ at: trueNow + opts.delayMs, deliver: () => target?.forEach((l) => l({ signal: sealed, partnerId })) });
        return 'sent';
      },
      onSignal(l: (r: ReceivedSignal) => void) {
        signalListeners.add(l);
        return () => signalListeners.delete(l);
      },
      onSent() {
        return () => undefined;
      },
    };
    return { transport, listeners: signalListeners, link: (other: typeof signalListeners) => (peer = other) };
  };
  const alexClock = (): number => trueNow;
  const samClock = (): number => trueNow + opts.skewMs;
  const a = makeTransport(alexClock, 'alex');
  const s = makeTransport(samClock, 'sam');
  a.link(s.listeners);
  s.link(a.listeners);
  const timers = { setInterval: (fn: () => void) => ticks.push(fn), clearInterval: () => undefined };
  const alex = new BreatheTogether(a.transport, { me: 'alex', now: alexClock, ...timers });
  const sam = new BreatheTogether(s.transport, { me: 'sam', now: samClock, ...timers });
  const advance = (ms: number): void => {
    for (let step = 0; step < ms; step += 100) {
      trueNow += 100;
      for (const msg of inFlight.splice(0).filter((m) => (m.at <= trueNow ? (m.deliver(), false) : true))) inFlight.push(msg);
      if (trueNow % 1000 === 0) for (const tick of ticks) tick();
    }
  };
  /** Each screen's cycle position at the same true instant, and their circular difference. */
  const phaseError = (state: BreatheState, other: BreatheState, pattern: 'resonance' | 'box' | '4-7-8'): number => {
    const cycle = breatheCycleMs(pattern);
    const here = breathePhase(pattern, alexClock() - (state.session?.localStart ?? 0)).cycleMs;
    const there = breathePhase(pattern, samClock() - (other.session?.localStart ?? 0)).cycleMs;
    const d = Math.abs(here - there) % cycle;
    return Math.min(d, cycle - d);
  };
  return { alex, sam, advance, phaseError };
}

describe('breathing together', () => {
  it('runs in phase on a partner whose clock is 7 s ahead, to within the wire delay', () => {
    const { alex, sam, advance, phaseError } = pairOfDevices({ skewMs: 7_000, delayMs: 200 });
    alex.start('resonance');
    advance(1_000);
    expect(sam.state.session).toMatchObject({ pattern: 'resonance', mine: false });
    expect(sam.state.session?.offsetMs).toBe(7_200);
    expect(phaseError(alex.state, sam.state, 'resonance')).toBe(200);
    // Read naively, the sender's start time on Sam's clock would be 7 s (of an 11 s cycle) out.
    const naive = { session: { ...sam.state.session!, localStart: alex.state.session!.localStart } };
    expect(phaseError(alex.state, naive, 'resonance')).toBe(4_000);
  });

  it('also when the partner is behind, and either can stop it for both', () => {
    const { alex, sam, advance, phaseError } = pairOfDevices({ skewMs: -45_000, delayMs: 100 });
    sam.start('box');
    advance(5_000);
    expect(alex.state.session?.pattern).toBe('box');
    expect(phaseError(alex.state, sam.state, 'box')).toBe(100);
    alex.stop();
    advance(500);
    expect(alex.state.session).toBeUndefined();
    expect(sam.state.session).toBeUndefined();
    // Sam's device does not bring it back with a late copy.
    advance(5_000);
    expect(alex.state.session).toBeUndefined();
  });

  it('keeps one pacer on both screens when both start at once', () => {
    const { alex, sam, advance } = pairOfDevices({ skewMs: 1_500, delayMs: 300 });
    alex.start('resonance');
    sam.start('4-7-8');
    advance(1_000);
    expect(alex.state.session?.id).toBe(sam.state.session?.id);
    expect(alex.state.session?.pattern).toBe(sam.state.session?.pattern);
  });

  it('stops by itself on both screens after the longest session', () => {
    const { alex, sam, advance } = pairOfDevices({ skewMs: 3_000, delayMs: 50 });
    alex.start('4-7-8');
    advance(2_000);
    expect(sam.state.session).toBeDefined();
    advance(BREATHE_MAX_MS);
    expect(alex.state.session).toBeUndefined();
    expect(sam.state.session).toBeUndefined();
  });
});
