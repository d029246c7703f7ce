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
 *   const live = new LiveMoments(provider.signals, { me });
 *   live.subscribe(render);
 *   live.startPause({ signalWord: 'Orange light', minutes: 20 });
 *   live.endPause();
 */
import { randomId } from '@securebase/crypto';
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
  }

  get state(): LiveMomentsState {
    return this.current;
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
    this.set({ ...this.current, pause: { ...signal, endsAt: now + minutes * 60_000, mine: true, delivery } });
  }

  /** End the pause for both partners (either may, at any time). */
  endPause(): void {
    const pause = this.current.pause;
    if (!pause) return;
    this.ended.set(pause.id, pause.endsAt + COME_BACK_SHOWN_MS);
    // Also after the timer ran out: the partner's card is still showing the "come back" step.
    const shownUntil = pause.endsAt + COME_BACK_SHOWN_MS;
    if (this.now() < shownUntil) this.transport.send({ kind: 'pause-end', id: pause.id }, shownUntil);
    if (this.ownPauseId === pause.id) this.ownPauseId = undefined;
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

  /** Stop listening and ticking (the workbook closed). */
  destroy(): void {
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
        if (this.current.pause?.id === signal.id) return;
        if (this.ended.has(signal.id)) {
          // A device that missed the end is still repeating it: tell it again.
          if (now < (this.ended.get(signal.id) ?? 0)) this.transport.send({ kind: 'pause-end', id: signal.id }, now + 60_000);
          return;
        }
        // The time is read from the sender's clock, but never further ahead than the pause is long.
        const startedAt = Math.min(signal.startedAt, now);
        const endsAt = startedAt + signal.minutes * 60_000;
        if (endsAt <= now) return;
        this.set({ ...this.current, pause: { ...signal, startedAt, endsAt, mine, delivery: undefined } });
        return;
      }
      case 'pause-end': {
        const pause = this.current.pause;
        this.ended.set(signal.id, pause?.id === signal.id ? pause.endsAt : now + PAUSE_MINUTES.max * 60_000);
        if (this.ownPauseId === signal.id) this.ownPauseId = undefined;
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
    if (!keepPause && this.ownPauseId === pause?.id) this.ownPauseId = undefined;
    const own = keepPause && this.ownPauseId === keepPause.id && now < keepPause.endsAt ? keepPause : undefined;
    if (own && own.delivery === 'sent' && now - this.lastResend >= this.resendMs) {
      this.lastResend = now;
      const { id, signalWord, minutes, startedAt } = own;
      this.transport.send({ kind: 'pause-start', id, signalWord, minutes, startedAt }, own.endsAt);
    }
    this.set({ pause: keepPause, incoming: incoming.filter((c) => c.fadesAt > now), outgoing: outgoing.filter((c) => c.fadesAt > now) });
  }

  private set(next: LiveMomentsState): void {
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
