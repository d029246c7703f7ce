/**
 * The rules of pauses and gentle checks, over the live-signal transport: one pause at a time
 * that either partner may end for both, checks that fade when nobody answers, and nothing kept
 * afterwards. The UI only renders `state` and calls the verbs.
 *
 * Where an active pause lives (so a partner who opens later still sees it): in the *sender's*
 * device, which re-sends the pause every few seconds until it ends, not in the shared document.
 * The web app keeps its Y.Doc with gc off (an overwritten or deleted value stays in the document
 * for authorship), so a pause written there would become the very history of pauses the couple
 * must not be handed; and the relay never stores ephemerals. The price, written down in
 * ARCHITECTURE.md: a partner who opens while every device of the one who paused is closed sees
 * nothing of it. Ended pauses are remembered in memory only, until their timer would have run
 * out, so a late re-send from an offline device cannot bring an ended pause back.
 *
 * A reload of the sender's tab does not drop its pause: given `keep` (the device's encrypted
 * local store), the sender keeps its active pause there (kept-pause.ts) and, on open, resumes one
 * whose time is not up and clears one that ended or ran out. Ending it (either partner) clears it.
 *
 * The partner's timer is placed on the partner's own clock: each copy carries the sender's clock
 * at sealing (`sentAt`), and the start is read through the smallest arrival − sentAt seen
 * (ClockOffsetEstimate, as for breathing), so clocks seconds apart still show the same time left.
 *
 *   const live = new LiveMoments(provider.signals, { me, keep: { store, spaceId, onError } });
 *   live.subscribe(render);
 *   live.startPause({ signalWord: 'Orange light', minutes: 20 });
 *   live.endPause();
 */
import { randomId } from '@securebase/crypto';
import { ClockOffsetEstimate } from './breathe-pacer.js';
import { KeptPause, type KeptPauseOptions, type PauseStartSignal } from './kept-pause.js';
import type { LiveSignals, ReceivedSignal, SignalDelivery } from './live-signal-sync.js';
import { PAUSE_MINUTES, SIGNAL_WORD_MAX, type CheckAnswer, type CheckQuestion, type LiveSignal } from './live-signals.js';

/** A live pause, as both partners' screens show it. */
export interface ActivePause {
  id: string;
  signalWord: string;
  minutes: number;
  startedAt: number;
  endsAt: number;
  /** Asked for by this partner (on this device or another of theirs). */
  mine: boolean;
  /** For a pause started on this device: whether it has left yet. */
  delivery: SignalDelivery | undefined;
  /** This clock minus the sender's, as estimated so far (0 for this device's own pause, or an older sender's). */
  offsetMs: number;
}

/** A check this partner received and has not answered. */
export interface IncomingCheck {
  id: string;
  question: CheckQuestion;
  fadesAt: number;
}

/** A check this device sent; `answer` once the partner answered. */
export interface OutgoingCheck {
  id: string;
  question: CheckQuestion;
  delivery: SignalDelivery;
  answer: CheckAnswer | undefined;
  fadesAt: number;
}

export interface LiveMomentsState {
  pause: ActivePause | undefined;
  incoming: IncomingCheck[];
  outgoing: OutgoingCheck[];
}

/** The part of LiveSignals this needs (a fake can stand in for it in unit tests). */
export type SignalTransport = Pick<LiveSignals, 'send' | 'onSignal' | 'onSent'>;

export interface LiveMomentsOptions {
  /** This partner's id: signals from their own other devices are "mine". */
  me: string;
  now?: () => number;
  /** How often this device repeats its active pause for devices that open later. */
  resendMs?: number;
  /** How long an unanswered check (or a shown answer) stays before it fades. */
  checkFadeMs?: number;
  /** Keep this device's active pause in its (encrypted) local store, so a reload resumes it. */
  keep?: KeptPauseOptions;
}

/** Default pause length when no agreement names one. */
export const DEFAULT_PAUSE_MINUTES = 20;
const RESEND_MS = 5_000;
const CHECK_FADE_MS = 3 * 60_000;
/** A pause whose time is up stays on screen (the "come back" step) this long unless closed. */
const COME_BACK_SHOWN_MS = 10 * 60_000;

/** Pause and gentle-check state for one open workbook. */
export class LiveMoments {
  private readonly transport: SignalTransport;
  private readonly me: string;
  private readonly now: () => number;
  private readonly resendMs: number;
  private readonly checkFadeMs: number;
  private current: LiveMomentsState = { pause: undefined, incoming: [], outgoing: [] };
  /** Ended pause ids until their timer would have run out: memory only, never stored. */
  private readonly ended = new Map<string, number>();
  private ownPauseId: string | undefined;
  private readonly kept: KeptPause | undefined;
  /** The clock-offset estimate of the pause on screen when another device sent it. */
  private skew: { id: string; estimate: ClockOffsetEstimate } | undefined;
  private destroyed = false;
  /** Resolves once a pause kept from before a reload is back on screen (or found over and cleared). */
  readonly resumed: Promise<void>;
  private readonly listeners = new Set<(state: LiveMomentsState) => void>();
  private readonly unsubscribe: Array<() => void>;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private lastResend = 0;

  constructor(transport: SignalTransport, opts: LiveMomentsOptions) {
    this.transport = transport;
    this.me = opts.me;
    this.now = opts.now ?? Date.now;
    this.resendMs = opts.resendMs ?? RESEND_MS;
    this.checkFadeMs = opts.checkFadeMs ?? CHECK_FADE_MS;
    this.unsubscribe = [transport.onSignal((r) => this.received(r)), transport.onSent((s) => this.sent(s))];
    this.kept = opts.keep ? new KeptPause(opts.keep) : undefined;
    this.resumed = this.kept ? this.kept.load().then((kept) => this.resume(kept)) : Promise.resolve();
  }

  get state(): LiveMomentsState {
    return this.current;
  }

  /** Resolves once every write to the local store asked for so far has finished. */
  storeIdle(): Promise<void> {
    return this.kept?.idle() ?? Promise.resolve();
  }

  /** Listen for every change (and once a second while something is live, for timers). */
  subscribe(listener: (state: LiveMomentsState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ask for a pause: shown at once on the partner's devices (or when they are reachable). */
  startPause(input: { signalWord: string; minutes: number }): void {
    const now = this.now();
    const signalWord = [...input.signalWord.trim().replace(/\s+/g, ' ')].slice(0, SIGNAL_WORD_MAX).join('') || 'I need a pause';
    const minutes = Math.min(PAUSE_MINUTES.max, Math.max(PAUSE_MINUTES.min, Math.round(input.minutes)));
    const previous = this.current.pause;
    if (previous) this.endPause();
    const signal = { kind: 'pause-start', id: randomId(), signalWord, minutes, startedAt: now } as const;
    const delivery = this.transport.send(signal, now + minutes * 60_000);
    this.ownPauseId = signal.id;
    this.lastResend = now;
    this.set({ ...this.current, pause: { ...signal, endsAt: now + minutes * 60_000, mine: true, delivery, offsetMs: 0 } });
    this.kept?.keep(signal);
  }

  /** End the pause for both partners (either may, at any time). */
  endPause(): void {
    const pause = this.current.pause;
    if (!pause) return;
    this.ended.set(pause.id, pause.endsAt + COME_BACK_SHOWN_MS);
    // Also after the timer ran out: the partner's card is still showing the "come back" step.
    const shownUntil = pause.endsAt + COME_BACK_SHOWN_MS;
    if (this.now() < shownUntil) this.transport.send({ kind: 'pause-end', id: pause.id }, shownUntil);
    this.set({ ...this.current, pause: undefined });
  }

  /** Send a gentle check; its card fades if nobody answers. */
  sendCheck(question: CheckQuestion): void {
    const now = this.now();
    const signal = { kind: 'check', id: randomId(), question } as const;
    const delivery = this.transport.send(signal, now + this.checkFadeMs);
    const check: OutgoingCheck = { id: signal.id, question, delivery, answer: undefined, fadesAt: now + this.checkFadeMs };
    this.set({ ...this.current, outgoing: [...this.current.outgoing, check] });
  }

  /** Answer a partner's check with one tap ('pause' is for the caller to follow with startPause). */
  answerCheck(id: string, answer: CheckAnswer): void {
    const check = this.current.incoming.find((c) => c.id === id);
    if (!check) return;
    this.transport.send({ kind: 'check-answer', id, answer }, this.now() + this.checkFadeMs);
    this.set({ ...this.current, incoming: this.current.incoming.filter((c) => c.id !== id) });
  }

  /** Put away a check this device sent (answered or not); nothing is sent. */
  dismissOutgoing(id: string): void {
    this.set({ ...this.current, outgoing: this.current.outgoing.filter((c) => c.id !== id) });
  }

  /** Stop listening and ticking (the workbook closed); a kept pause stays kept for the next open. */
  destroy(): void {
    this.destroyed = true;
    for (const stop of this.unsubscribe) stop();
    this.listeners.clear();
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private received({ signal, partnerId }: ReceivedSignal): void {
    const mine = partnerId === this.me;
    const now = this.now();
    switch (signal.kind) {
      case 'pause-start': {
        if (this.ownPauseId === signal.id) return;
        const shown = this.current.pause;
        if (shown?.id === signal.id) {
          // A re-sent copy: one that travelled faster places the end more exactly.
          if (signal.sentAt === undefined) return;
          const placed = this.placed(signal, now, mine);
          if (placed.endsAt !== shown.endsAt) this.set({ ...this.current, pause: { ...placed, delivery: shown.delivery } });
          return;
        }
        if (this.ended.has(signal.id)) {
          // A device that missed the end is still repeating it: tell it again.
          if (now < (this.ended.get(signal.id) ?? 0)) this.transport.send({ kind: 'pause-end', id: signal.id }, now + 60_000);
          return;
        }
        const placed = this.placed(signal, now, mine);
        if (placed.endsAt <= now) return;
        this.set({ ...this.current, pause: placed });
        return;
      }
      case 'pause-end': {
        const pause = this.current.pause;
        this.ended.set(signal.id, pause?.id === signal.id ? pause.endsAt : now + PAUSE_MINUTES.max * 60_000);
        if (pause?.id === signal.id) this.set({ ...this.current, pause: undefined });
        return;
      }
      case 'check':
        // A check from this partner's other device is not for them to answer.
        if (mine || this.current.incoming.some((c) => c.id === signal.id)) return;
        this.set({ ...this.current, incoming: [...this.current.incoming, { id: signal.id, question: signal.question, fadesAt: now + this.checkFadeMs }] });
        return;
      case 'check-answer':
        if (mine) {
          // Answered on another of this partner's devices: put the card away here too.
          this.set({ ...this.current, incoming: this.current.incoming.filter((c) => c.id !== signal.id) });
          return;
        }
        this.set({
          ...this.current,
          outgoing: this.current.outgoing.map((c) => (c.id === signal.id ? { ...c, answer: signal.answer, fadesAt: now + this.checkFadeMs } : c)),
        });
        return;
    }
  }

  /** Another device's pause on this clock: through the skew estimate, or as sent by an older device. */
  private placed(signal: PauseStartSignal, now: number, mine: boolean): ActivePause {
    const { id, signalWord, minutes } = signal;
    const at = (startedAt: number, offsetMs: number): ActivePause => ({
      id,
      signalWord,
      minutes,
      startedAt,
      endsAt: startedAt + minutes * 60_000,
      mine,
      delivery: undefined,
      offsetMs,
    });
    // No sealing time: the sender's clock as it is, but never further ahead than the pause is long.
    if (signal.sentAt === undefined) return at(Math.min(signal.startedAt, now), 0);
    if (this.skew?.id !== id) this.skew = { id, estimate: new ClockOffsetEstimate() };
    const { estimate } = this.skew;
    estimate.sample(signal.sentAt, now);
    // Never after now: the offset is at most this copy's arrival − sentAt, and sentAt ≥ startedAt.
    return at(estimate.toLocal(signal.startedAt), estimate.offsetMs);
  }

  /** The pause kept from before a reload: shown and repeated again if its time is not up. */
  private resume(kept: PauseStartSignal | undefined): void {
    if (!kept || this.destroyed) return;
    const now = this.now();
    const { id, signalWord, minutes, startedAt } = kept;
    const endsAt = startedAt + minutes * 60_000;
    // Over, ended by the partner while the store was read, or another pause has begun since.
    if (now >= endsAt || this.ended.has(id) || this.current.pause !== undefined) {
      this.kept?.forget(id);
      return;
    }
    const delivery = this.transport.send({ kind: 'pause-start', id, signalWord, minutes, startedAt }, endsAt);
    this.ownPauseId = id;
    this.lastResend = now;
    this.set({ ...this.current, pause: { id, signalWord, minutes, startedAt, endsAt, mine: true, delivery, offsetMs: 0 } });
  }

  private sent(signal: LiveSignal): void {
    const { pause, outgoing } = this.current;
    if (signal.kind === 'pause-start' && pause?.id === signal.id) this.set({ ...this.current, pause: { ...pause, delivery: 'sent' } });
    if (signal.kind === 'check') this.set({ ...this.current, outgoing: outgoing.map((c) => (c.id === signal.id ? { ...c, delivery: 'sent' } : c)) });
  }

  /** Once a second while anything is live: fade old checks, end shown pauses, repeat our pause. */
  private tick(): void {
    const now = this.now();
    const { pause, incoming, outgoing } = this.current;
    const keepPause = pause && now < pause.endsAt + COME_BACK_SHOWN_MS ? pause : undefined;
    // Time is up: the "come back" step still shows, but there is nothing a reload should resume.
    if (keepPause && this.ownPauseId === keepPause.id && now >= keepPause.endsAt) this.kept?.forget(keepPause.id);
    const own = keepPause && this.ownPauseId === keepPause.id && now < keepPause.endsAt ? keepPause : undefined;
    if (own && own.delivery === 'sent' && now - this.lastResend >= this.resendMs) {
      this.lastResend = now;
      const { id, signalWord, minutes, startedAt } = own;
      this.transport.send({ kind: 'pause-start', id, signalWord, minutes, startedAt }, own.endsAt);
    }
    this.set({ pause: keepPause, incoming: incoming.filter((c) => c.fadesAt > now), outgoing: outgoing.filter((c) => c.fadesAt > now) });
  }

  private set(next: LiveMomentsState): void {
    // Our own pause left the screen (ended, timed out, or a partner's took its place): no longer ours to repeat or keep.
    if (this.ownPauseId !== undefined && next.pause?.id !== this.ownPauseId) {
      this.kept?.forget(this.ownPauseId);
      this.ownPauseId = undefined;
    }
    if (this.skew && next.pause?.id !== this.skew.id) this.skew = undefined;
    this.current = next;
    const now = this.now();
    for (const [id, until] of this.ended) if (until <= now) this.ended.delete(id);
    const live = next.pause !== undefined || next.incoming.length > 0 || next.outgoing.length > 0;
    if (live && this.ticker === undefined) this.ticker = setInterval(() => this.tick(), 1000);
    if (!live && this.ticker !== undefined) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
    for (const listener of this.listeners) listener(next);
  }
}
