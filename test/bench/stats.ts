/**
 * Small statistics for the benchmarks: median and percentiles (nearest rank) of samples, and a
 * timer in milliseconds.
 *
 *   percentile([3, 1, 2], 0.5) // 2
 */
import { performance } from 'node:perf_hooks';

/** Nearest-rank percentile `p` (0..1) of `samples`; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median of `samples`. */
export const median = (samples: readonly number[]): number => percentile(samples, 0.5);

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export const now = (): number => performance.now();

/** Round for display and JSON: 3 significant decimals are plenty. */
export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
