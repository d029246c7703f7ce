/**
 * When each replayed transaction happens. The friendsforever trace records no usable times (every
 * transaction is stamped 1970-01-01T00:00:00), so the replay cannot follow the trace's own
 * timestamps. Instead each transaction follows the previous one after a human inter-keystroke
 * gap: log-normal with a 140 ms median (a steady typist, about 70 words a minute; σ = 0.6, so a
 * few gaps are rollover-fast and some are pauses), clamped to [5 ms, 250 ms], drawn from a seeded
 * generator so every run and both systems get the very same schedule. At that pace the whole trace
 * would take about an hour, so the latency replay is the longest prefix whose schedule fits a time
 * budget (110 s by default: about 800 transactions, with both partners typing and interleaving).
 *
 *   const { offsetsMs, count } = humanSchedule(steps.length, { budgetMs: 110_000 });
 *   await replayTrace(steps.slice(0, count), docs, { schedule: offsetsMs });
 */

export interface HumanPace {
  /** Median gap between two transactions, in ms. */
  medianMs: number;
  /** Spread of the log-normal (standard deviation of ln(gap)). */
  sigma: number;
  minMs: number;
  maxMs: number;
  seed: number;
}

export const HUMAN_PACE: HumanPace = { medianMs: 140, sigma: 0.6, minMs: 5, maxMs: 250, seed: 0x5ecb };

export interface Schedule {
  /** offsetsMs[i]: when step i is due, in ms after the start (offsetsMs[0] = 0). */
  offsetsMs: number[];
  /** How many steps fit the budget (a prefix of the trace). */
  count: number;
  /** When the last scheduled step is due. */
  durationMs: number;
}

/** The schedule of the longest prefix of `steps` transactions that fits `budgetMs` at human pace. */
export function humanSchedule(steps: number, opts: { budgetMs: number; pace?: HumanPace }): Schedule {
  const pace = opts.pace ?? HUMAN_PACE;
  const random = mulberry32(pace.seed);
  const offsetsMs = [0];
  while (offsetsMs.length < steps) {
    const gap = Math.min(pace.maxMs, Math.max(pace.minMs, pace.medianMs * Math.exp(pace.sigma * normal(random))));
    const next = offsetsMs[offsetsMs.length - 1]! + gap;
    if (next > opts.budgetMs) break;
    offsetsMs.push(next);
  }
  return { offsetsMs, count: offsetsMs.length, durationMs: offsetsMs[offsetsMs.length - 1]! };
}

/** One transaction every `paceMs` (for the bulk of the trace, where only storage is measured). */
export function fixedSchedule(steps: number, paceMs: number): Schedule {
  const offsetsMs = Array.from({ length: steps }, (_, i) => i * paceMs);
  return { offsetsMs, count: steps, durationMs: offsetsMs[steps - 1] ?? 0 };
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box–Muller). */
function normal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: never log(0)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
