/**
 * What a session two partners share over live signals (breathe-together.ts, rehearse-together.ts)
 * needs besides its transport: who this device's partner is, a clock, how often it repeats its
 * state for a partner who opens late or reloads, and timers a unit test can drive by hand.
 *
 *   ({ me: this.me, now: this.now, resendMs: this.resendMs, startTimer: this.startTimer, stopTimer: this.stopTimer } = sessionTiming(opts));
 */

export interface SharedSessionOptions {
  me: string;
  now?: () => number;
  /** How often this device repeats its state (late openers, reloads; for breathing also a better skew estimate). */
  resendMs?: number;
  /** Timer factory, injectable so unit tests drive time by hand. */
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/** The options with their defaults filled in. */
export interface SessionTiming {
  me: string;
  now: () => number;
  resendMs: number;
  startTimer: (fn: () => void, ms: number) => unknown;
  stopTimer: (handle: unknown) => void;
}

/** Every few seconds: soon enough for a partner who just opened, rare enough to be no noise. */
const RESEND_MS = 3_000;

export function sessionTiming(opts: SharedSessionOptions): SessionTiming {
  return {
    me: opts.me,
    now: opts.now ?? Date.now,
    resendMs: opts.resendMs ?? RESEND_MS,
    startTimer: opts.setInterval ?? ((fn, ms) => setInterval(fn, ms)),
    stopTimer: opts.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>)),
  };
}
