/**
 * Event-loop delay of a bench process, from perf_hooks' histogram: how long the loop was held up
 * by synchronous work (a commit's fsync, sealing a snapshot, GC) while frames waited.
 *
 *   const h = monitorEventLoopDelay({ resolution: 1 }); h.enable();
 *   ... work ...
 *   const { p99, max } = loopDelayFigures(h);
 */
import type { IntervalHistogram } from 'node:perf_hooks';
import { round } from './stats.js';

/** p50 / p99 / max event-loop delay in ms. */
export interface LoopDelayFigures {
  p50: number;
  p99: number;
  max: number;
}

/** The histogram's figures in ms (it records nanoseconds). */
export function loopDelayFigures(h: IntervalHistogram): LoopDelayFigures {
  if (h.count === 0) return { p50: 0, p99: 0, max: 0 };
  return { p50: round(h.percentile(50) / 1e6), p99: round(h.percentile(99) / 1e6), max: round(h.max / 1e6) };
}
