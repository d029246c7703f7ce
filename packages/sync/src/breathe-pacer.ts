/**
 * The breathing pacer's arithmetic: the patterns offered, where in its cycle a pacer is after a
 * given time, and the estimate of how far the partner's clock is from this one. Pure functions
 * and one small class; no timers, no I/O, so both screens compute the same phase from the same
 * numbers and the tests need no clock.
 *
 *   const phase = breathePhase('resonance', now - localStart);   // { kind: 'in', secondsLeft: 3, … }
 *   const skew = new ClockOffsetEstimate();
 *   skew.sample(signal.sentAt, Date.now());                       // on every copy received
 *   const localStart = skew.toLocal(signal.startAt);
 *
 * Patterns (a calming aid, not a treatment; each is shown with its pace):
 * - resonance, in 5 s / out 6 s, about 5.5 breaths a minute: slow breathing near the resonance
 *   frequency of the cardiovascular system (about 4.5-7 a minute) raises heart-rate variability
 *   and lowers arousal. Lehrer & Gevirtz, "Heart rate variability biofeedback: how and why does
 *   it work?", Front. Psychol. 2014;5:756; Zaccaro et al., "How breath-control can change your
 *   life: a systematic review on psycho-physiological correlates of slow breathing", Front. Hum.
 *   Neurosci. 2018;12:353. The longer out-breath follows the exhale-emphasis of both.
 * - box, 4-4-4-4 (in, hold, out, hold): the paced "tactical" breathing taught for acute stress;
 *   compared with cyclic sighing and mindfulness in Balban et al., "Brief structured respiration
 *   practices enhance mood and reduce physiological arousal", Cell Rep. Med. 2023;4(1):100895.
 * - 4-7-8 (in 4, hold 7, out 8): a very slow pattern (about 3 a minute); raised HRV in Vierra
 *   et al., "Effects of sleep deprivation and 4-7-8 breathing control on heart rate variability,
 *   blood pressure, blood glucose, and endothelial function in healthy young adults", Physiol.
 *   Rep. 2022;10(13):e15389. Offered last: long holds are not for everyone.
 */

export type BreathStep = 'in' | 'hold' | 'out';

export interface BreathePattern {
  /** Each step and its length in whole seconds, in order; the cycle repeats. */
  steps: ReadonlyArray<{ step: BreathStep; seconds: number }>;
}

/** Wire order of the patterns: a pattern's index is what the signal carries. Append only. */
export const BREATHE_PATTERN_IDS = ['resonance', 'box', '4-7-8'] as const;
export type BreathePatternId = (typeof BREATHE_PATTERN_IDS)[number];

export const BREATHE_PATTERNS: Record<BreathePatternId, BreathePattern> = {
  resonance: {
    steps: [
      { step: 'in', seconds: 5 },
      { step: 'out', seconds: 6 },
    ],
  },
  box: {
    steps: [
      { step: 'in', seconds: 4 },
      { step: 'hold', seconds: 4 },
      { step: 'out', seconds: 4 },
      { step: 'hold', seconds: 4 },
    ],
  },
  '4-7-8': {
    steps: [
      { step: 'in', seconds: 4 },
      { step: 'hold', seconds: 7 },
      { step: 'out', seconds: 8 },
    ],
  },
};

/** A shared pacer stops by itself after this long (both screens), unless stopped earlier. */
export const BREATHE_MAX_MS = 10 * 60_000;

/** Length of one full cycle of `pattern`, in ms. */
export function breatheCycleMs(pattern: BreathePatternId): number {
  return BREATHE_PATTERNS[pattern].steps.reduce((sum, s) => sum + s.seconds * 1000, 0);
}

/** Where a pacer is, `elapsedMs` after it started. */
export interface BreathePhase {
  step: BreathStep;
  /** Index of the step within the cycle. */
  index: number;
  /** How far into the cycle, in ms (0 ≤ cycleMs < cycle length). */
  cycleMs: number;
  /** How far into this step, in ms. */
  stepElapsedMs: number;
  /** Time left in this step, in ms (> 0). */
  stepLeftMs: number;
  /** The count a person reads: whole seconds left in this step, rounded up ("4, 3, 2, 1"). */
  secondsLeft: number;
  /** How full the lungs are at the end of this step: 1 after "in", 0 after "out", unchanged on a hold. */
  fillAtEnd: 0 | 1;
  /** How full at the start of this step. */
  fillAtStart: 0 | 1;
}

/** The phase of `pattern` after `elapsedMs` (negative elapsed counts as the very start). */
export function breathePhase(pattern: BreathePatternId, elapsedMs: number): BreathePhase {
  const steps = BREATHE_PATTERNS[pattern].steps;
  const cycle = breatheCycleMs(pattern);
  const cycleMs = ((Math.max(0, elapsedMs) % cycle) + cycle) % cycle;
  let offset = 0;
  let fill: 0 | 1 = 0;
  for (let index = 0; index < steps.length; index++) {
    const { step, seconds } = steps[index] as { step: BreathStep; seconds: number };
    const length = seconds * 1000;
    const fillAtStart = fill;
    const fillAtEnd: 0 | 1 = step === 'in' ? 1 : step === 'out' ? 0 : fill;
    if (cycleMs < offset + length) {
      const stepElapsedMs = cycleMs - offset;
      const stepLeftMs = length - stepElapsedMs;
      return { step, index, cycleMs, stepElapsedMs, stepLeftMs, secondsLeft: Math.ceil(stepLeftMs / 1000), fillAtStart, fillAtEnd };
    }
    offset += length;
    fill = fillAtEnd;
  }
  // Unreachable: cycleMs < cycle, and the steps add up to the cycle.
  throw new RangeError(`breathing pattern ${pattern} has no step at ${cycleMs} ms`);
}

/**
 * How far a sender's clock is behind this one, from one-way copies only. Each copy carries the
 * sender's clock at sealing (`sentAt`); `arrivedAt − sentAt` is the clock offset plus that copy's
 * network delay, and the delay is never negative, so the smallest value seen is the best estimate
 * (the minimum-delay filter NTP also uses). The pacer re-sends every few seconds, so the estimate
 * improves while it runs. Error: the smallest one-way delay seen, tens of ms through a relay.
 *
 * Why not a round trip (which would halve the error): the receiver would have to answer, and an
 * answer is a "this device is open and watching" marker, a read receipt by another name.
 */
export class ClockOffsetEstimate {
  private best: number | undefined;

  /** Take one copy: sealed at `sentAt` on the sender's clock, seen at `arrivedAt` on ours. */
  sample(sentAt: number, arrivedAt: number): void {
    const offset = arrivedAt - sentAt;
    if (this.best === undefined || offset < this.best) this.best = offset;
  }

  /** Our clock minus theirs, as estimated (0 before any copy). */
  get offsetMs(): number {
    return this.best ?? 0;
  }

  /** A time on the sender's clock, on ours. */
  toLocal(senderTime: number): number {
    return senderTime + this.offsetMs;
  }
}
