/**
 * Rehearse together: both partners step through one script (a secure-base script or the
 * de-escalation steps), one turn at a time, on both screens at once. Either may step forward or
 * back, pause and resume, swap who says what, or end it for both. The rules live here; the UI
 * renders `state` and calls the verbs.
 *
 * Every change sends the whole state (`rehearse-state`, live-signals.ts), numbered by `revision`
 * with a random `nonce` to break a tie when both act at once: a copy that is not newer than what
 * the screen shows is ignored, so a replayed or late copy never moves the step back. Each device
 * in a rehearsal repeats its state every few seconds, so a partner who opens later, or reloads,
 * joins where it is. Nothing is stored: not in the shared document (its history is kept), not on
 * the relay (ephemerals are forwarded only); ended rehearsals are remembered in memory so a late
 * copy cannot bring one back.
 *
 *   const rehearse = new RehearseTogether(provider.signals, { me });
 *   rehearse.subscribe(render);
 *   rehearse.start(agreement.id, 'first');
 *   rehearse.step(+1);  rehearse.setPaused(true);  rehearse.swapRoles();  rehearse.end();
 */
import { randomId } from '@securebase/crypto';
import type { ScriptRole } from '@securebase/model';
import type { ReceivedSignal } from './live-signal-sync.js';
import { REHEARSE_MAX_STEPS, type LiveSignal } from './live-signals.js';
import type { SignalTransport } from './live-moments.js';
import { sessionTiming, type SharedSessionOptions } from './shared-session-options.js';

/** A rehearsal as this screen shows it. */
export interface RehearsalSession {
  id: string;
  /** The agreement whose script is rehearsed. */
  scriptId: string;
  /** The role this partner takes: 'first' says the opening line. */
  myRole: ScriptRole;
  /** Index of the turn both screens show. */
  step: number;
  paused: boolean;
  /** Orders changes: a copy is applied only when (revision, nonce) is greater. */
  revision: number;
  nonce: number;
}

export interface RehearseState {
  session: RehearsalSession | undefined;
}

/** Who this is, a clock, how often the state is repeated, timers (shared-session-options.ts). */
export type RehearseTogetherOptions = SharedSessionOptions;

/** A copy older than this is noise: it is not sent after waiting offline. */
const SEND_WINDOW_MS = 60_000;
/** How long an ended rehearsal is remembered, so a partner's late repeat cannot revive it. */
const ENDED_MEMORY_MS = 10 * 60_000;

type StateSignal = Extract<LiveSignal, { kind: 'rehearse-state' }>;

/** A rehearsal shared by the two partners of one open workbook. */
export class RehearseTogether {
  private readonly transport: SignalTransport;
  private readonly me: string;
  private readonly now: () => number;
  private readonly resendMs: number;
  private readonly startTimer: (fn: () => void, ms: number) => unknown;
  private readonly stopTimer: (handle: unknown) => void;
  private session: RehearsalSession | undefined;
  private readonly ended = new Map<string, number>();
  private readonly listeners = new Set<(state: RehearseState) => void>();
  private readonly unsubscribe: () => void;
  private ticker: unknown;

  constructor(transport: SignalTransport, opts: RehearseTogetherOptions) {
    this.transport = transport;
    ({ me: this.me, now: this.now, resendMs: this.resendMs, startTimer: this.startTimer, stopTimer: this.stopTimer } = sessionTiming(opts));
    this.unsubscribe = transport.onSignal((r) => this.received(r));
  }

  get state(): RehearseState {
    return { session: this.session };
  }

  /** Listen for every change. */
  subscribe(listener: (state: RehearseState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Start rehearsing `scriptId` with both partners, this one taking `myRole` (a running one ends first). */
  start(scriptId: string, myRole: ScriptRole): void {
    if (this.session) this.end();
    this.change({ id: randomId(), scriptId, myRole, step: 0, paused: false, revision: 0, nonce: 0 });
  }

  /** Move to the next (+1) or previous (-1) turn for both; the UI bounds it by the script's length. */
  step(delta: number): void {
    const s = this.session;
    if (!s) return;
    const step = Math.min(Math.max(s.step + Math.trunc(delta), 0), REHEARSE_MAX_STEPS - 1);
    if (step !== s.step) this.change({ ...s, step });
  }

  /** Pause or resume for both. */
  setPaused(paused: boolean): void {
    const s = this.session;
    if (s && s.paused !== paused) this.change({ ...s, paused });
  }

  /** Swap who says what, on both screens. */
  swapRoles(): void {
    const s = this.session;
    if (s) this.change({ ...s, myRole: s.myRole === 'first' ? 'second' : 'first' });
  }

  /** End the rehearsal for both. */
  end(): void {
    const s = this.session;
    if (!s) return;
    this.ended.set(s.id, this.now() + ENDED_MEMORY_MS);
    this.transport.send({ kind: 'rehearse-end', id: s.id }, this.now() + SEND_WINDOW_MS);
    this.set(undefined);
  }

  /** Stop listening and repeating (the workbook closed). Nothing is sent: the partner's screen goes on. */
  destroy(): void {
    this.unsubscribe();
    this.listeners.clear();
    if (this.ticker !== undefined) this.stopTimer(this.ticker);
    this.ticker = undefined;
  }

  /** A change made here: the next revision, sent at once. */
  private change(next: RehearsalSession): void {
    const session = { ...next, revision: next.revision + 1, nonce: randomNonce() };
    this.set(session);
    this.send(session);
  }

  private send(session: RehearsalSession): void {
    this.transport.send(toSignal(session), this.now() + SEND_WINDOW_MS);
  }

  private received({ signal, partnerId }: ReceivedSignal): void {
    if (signal.kind === 'rehearse-end') {
      this.ended.set(signal.id, this.now() + ENDED_MEMORY_MS);
      if (this.session?.id === signal.id) this.set(undefined);
      return;
    }
    if (signal.kind !== 'rehearse-state') return;
    if (this.ended.has(signal.id)) {
      // A device that missed the end is still repeating: tell it again.
      this.transport.send({ kind: 'rehearse-end', id: signal.id }, this.now() + SEND_WINDOW_MS);
      return;
    }
    const incoming = fromSignal(signal, partnerId === this.me);
    const current = this.session;
    if (current && current.id === incoming.id && !isNewer(incoming, current)) return;
    // Two rehearsals at once (both started before hearing the other): the smaller id wins on both screens.
    if (current && current.id !== incoming.id && current.id < incoming.id) return;
    this.set(incoming);
  }

  /** While a rehearsal lasts, repeat it for screens that open later. */
  private tick(): void {
    if (this.session) this.send(this.session);
  }

  private set(next: RehearsalSession | undefined): void {
    this.session = next;
    const now = this.now();
    for (const [id, until] of this.ended) if (until <= now) this.ended.delete(id);
    if (next && this.ticker === undefined) this.ticker = this.startTimer(() => this.tick(), this.resendMs);
    if (!next && this.ticker !== undefined) {
      this.stopTimer(this.ticker);
      this.ticker = undefined;
    }
    const state = this.state;
    for (const listener of this.listeners) listener(state);
  }
}

/** Is `a` a later change than `b` of the same rehearsal? */
function isNewer(a: RehearsalSession, b: RehearsalSession): boolean {
  return a.revision > b.revision || (a.revision === b.revision && a.nonce > b.nonce);
}

function toSignal(s: RehearsalSession): StateSignal {
  const { id, scriptId, step, paused, revision, nonce } = s;
  return { kind: 'rehearse-state', id, scriptId, senderRole: s.myRole === 'first' ? 0 : 1, step, paused, revision, nonce };
}

/** A received state as this partner sees it: the sender's role, or the other one if the sender is the partner. */
function fromSignal(signal: StateSignal, fromMe: boolean): RehearsalSession {
  const senderRole: ScriptRole = signal.senderRole === 0 ? 'first' : 'second';
  const myRole: ScriptRole = fromMe ? senderRole : senderRole === 'first' ? 'second' : 'first';
  const { id, scriptId, step, paused, revision, nonce } = signal;
  return { id, scriptId, myRole, step, paused, revision, nonce };
}

function randomNonce(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}
