/**
 * Breathe together: either partner starts a shared pacer, both screens run it in phase, either
 * stops it for both. The rules live here; the UI renders `state` and calls the verbs.
 *
 * In phase despite clocks that disagree: the sender re-sends its pacer every few seconds (so a
 * partner who opens later joins it, as with a pause), each copy carrying the start and the moment
 * it was sealed on the sender's clock; the receiver places the start on its own clock through
 * ClockOffsetEstimate (breathe-pacer.ts), refined by every copy. Nothing is kept afterwards:
 * ended sessions are remembered in memory only, so a late copy cannot restart one.
 *
 *   const breathe = new BreatheTogether(provider.signals, { me });
 *   breathe.subscribe(render);
 *   breathe.start('resonance');
 *   breathePhase(state.session.pattern, Date.now() - state.session.localStart);
 *   breathe.stop();
 */
import { randomId } from '@securebase/crypto';
import { BREATHE_MAX_MS, ClockOffsetEstimate, type BreathePatternId } from './breathe-pacer.js';
import type { ReceivedSignal, SignalDelivery } from './live-signal-sync.js';
import type { LiveSignal } from './live-signals.js';
import type { SignalTransport } from './live-moments.js';
import { sessionTiming, type SharedSessionOptions } from './shared-session-options.js';

/** A running shared pacer, as this screen shows it. */
export interface BreatheSession {
  id: string;
  pattern: BreathePatternId;
  /** When it started, on this device's clock (estimated for a partner's pacer). */
  localStart: number;
  /** When it stops by itself, on this device's clock. */
  endsAt: number;
  /** Started by this partner (here or on another of their devices). */
  mine: boolean;
  /** For a pacer started on this device: whether it has left yet. */
  delivery: SignalDelivery | undefined;
  /** This clock minus the sender's, as estimated so far (0 for this device's own pacer). */
  offsetMs: number;
}

export interface BreatheState {
  session: BreatheSession | undefined;
}

/** Who this is, a clock, how often the state is repeated, timers (shared-session-options.ts). */
export type BreatheTogetherOptions = SharedSessionOptions;

/** Two pacers started this close together count as started at once: the smaller id wins on both screens. */
const SIMULTANEOUS_MS = 2_000;

interface Tracked {
  session: BreatheSession;
  /** The sender's start, on the sender's clock (what re-sends carry). */
  startAt: number;
  skew: ClockOffsetEstimate | undefined;
}

/** Shared breathing for one open workbook. */
export class BreatheTogether {
  private readonly transport: SignalTransport;
  private readonly me: string;
  private readonly now: () => number;
  private readonly resendMs: number;
  private readonly startTimer: (fn: () => void, ms: number) => unknown;
  private readonly stopTimer: (handle: unknown) => void;
  private tracked: Tracked | undefined;
  private ownId: string | undefined;
  /** Ended session ids until their pacer would have stopped by itself: memory only. */
  private readonly ended = new Map<string, number>();
  private readonly listeners = new Set<(state: BreatheState) => void>();
  private readonly unsubscribe: Array<() => void>;
  private ticker: unknown;
  private lastResend = 0;

  constructor(transport: SignalTransport, opts: BreatheTogetherOptions) {
    this.transport = transport;
    ({ me: this.me, now: this.now, resendMs: this.resendMs, startTimer: this.startTimer, stopTimer: this.stopTimer } = sessionTiming(opts));
    this.unsubscribe = [transport.onSignal((r) => this.received(r)), transport.onSent((s) => this.sent(s))];
  }

  get state(): BreatheState {
    return { session: this.tracked?.session };
  }

  /** Listen for every change. */
  subscribe(listener: (state: BreatheState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Start a pacer for both partners (a running one is stopped first). */
  start(pattern: BreathePatternId): void {
    if (this.tracked) this.stop();
    const now = this.now();
    const signal: LiveSignal = { kind: 'breathe-start', id: randomId(), pattern, startAt: now, sentAt: now };
    const delivery = this.transport.send(signal, now + BREATHE_MAX_MS);
    this.ownId = signal.id;
    this.lastResend = now;
    const session = { id: signal.id, pattern, localStart: now, endsAt: now + BREATHE_MAX_MS, mine: true, delivery, offsetMs: 0 };
    this.set({ session, startAt: now, skew: undefined });
  }

  /** Stop the pacer on both screens (either partner may). */
  stop(): void {
    const tracked = this.tracked;
    if (!tracked) return;
    const { id, endsAt } = tracked.session;
    this.ended.set(id, endsAt);
    if (this.now() < endsAt) this.transport.send({ kind: 'breathe-end', id }, endsAt);
    if (this.ownId === id) this.ownId = undefined;
    this.set(undefined);
  }

  /** Stop listening and ticking (the workbook closed). */
  destroy(): void {
    for (const stop of this.unsubscribe) stop();
    this.listeners.clear();
    if (this.ticker !== undefined) this.stopTimer(this.ticker);
    this.ticker = undefined;
  }

  private received({ signal, partnerId }: ReceivedSignal): void {
    const now = this.now();
    if (signal.kind === 'breathe-end') {
      this.ended.set(signal.id, now + BREATHE_MAX_MS);
      if (this.ownId === signal.id) this.ownId = undefined;
      if (this.tracked?.session.id === signal.id) this.set(undefined);
      return;
    }
    if (signal.kind !== 'breathe-start') return;
    if (this.ended.has(signal.id)) {
      // A device that missed the stop is still repeating its pacer: tell it again.
      this.transport.send({ kind: 'breathe-end', id: signal.id }, now + 60_000);
      return;
    }
    const current = this.tracked;
    if (current && current.session.id === signal.id) {
      if (!current.skew) return; // our own pacer, echoed by another device of ours: nothing to learn
      current.skew.sample(signal.sentAt, now);
      this.set({ ...current, session: this.placed(current.session, signal.startAt, current.skew) });
      return;
    }
    const skew = new ClockOffsetEstimate();
    skew.sample(signal.sentAt, now);
    const base = { id: signal.id, pattern: signal.pattern, mine: partnerId === this.me, delivery: undefined };
    const session = this.placed({ ...base, localStart: 0, endsAt: 0, offsetMs: 0 }, signal.startAt, skew);
    if (session.endsAt <= now) return;
    if (current && !startedFirst(session, current.session)) return;
    // The other pacer wins: ours stops quietly (the partner's screen already ignores it).
    if (current && this.ownId === current.session.id) this.ownId = undefined;
    this.set({ session, startAt: signal.startAt, skew });
  }

  private placed(session: BreatheSession, startAt: number, skew: ClockOffsetEstimate): BreatheSession {
    const localStart = skew.toLocal(startAt);
    return { ...session, localStart, endsAt: localStart + BREATHE_MAX_MS, offsetMs: skew.offsetMs };
  }

  private sent(signal: LiveSignal): void {
    const current = this.tracked;
    if (signal.kind === 'breathe-start' && current?.session.id === signal.id) {
      this.set({ ...current, session: { ...current.session, delivery: 'sent' } });
    }
  }

  /** While a pacer runs: stop it when its time is up, and repeat our own. */
  private tick(): void {
    const current = this.tracked;
    if (!current) return;
    const now = this.now();
    if (now >= current.session.endsAt) {
      this.ended.set(current.session.id, now + BREATHE_MAX_MS);
      if (this.ownId === current.session.id) this.ownId = undefined;
      this.set(undefined);
      return;
    }
    if (this.ownId === current.session.id && current.session.delivery === 'sent' && now - this.lastResend >= this.resendMs) {
      this.lastResend = now;
      const { id, pattern } = current.session;
      this.transport.send({ kind: 'breathe-start', id, pattern, startAt: current.startAt, sentAt: now }, current.session.endsAt);
    }
  }

  private set(next: Tracked | undefined): void {
    this.tracked = next;
    const now = this.now();
    for (const [id, until] of this.ended) if (until <= now) this.ended.delete(id);
    if (next && this.ticker === undefined) this.ticker = this.startTimer(() => this.tick(), 1000);
    if (!next && this.ticker !== undefined) {
      this.stopTimer(this.ticker);
      this.ticker = undefined;
    }
    const state = this.state;
    for (const listener of this.listeners) listener(state);
  }
}

/** Which of two pacers both screens keep: the one started first, or by id when started at once. */
function startedFirst(a: BreatheSession, b: BreatheSession): boolean {
  if (Math.abs(a.localStart - b.localStart) < SIMULTANEOUS_MS) return a.id < b.id;
  return a.localStart < b.localStart;
}
