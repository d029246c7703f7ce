/**
 * A token bucket: `ratePerSecond` tokens flow in, at most `capacity` are kept, each taking
 * spends some. The relay keeps one per session for frames and one for bytes, which bounds what a
 * single WebSocket can make it do (decode, verify, commit) while a burst up to `capacity` passes
 * at once; clients pace their own pushes with one inside FRAME_BUDGET, so an honest client never
 * meets the relay's limit. Pure logic over a clock passed in: no timers, no I/O.
 *
 *   const frames = new TokenBucket(limits.maxFramesPerSecond, limits.frameBurst);
 *   if (!frames.take(1)) refuse('rate-limited');
 *   setTimeout(retry, frames.msUntil(1));
 */

/**
 * The frame budget every relay grants one WebSocket by default (frames a second, sustained, and
 * the burst above it), and the share a client's pushes keep to, so that its other frames
 * (subscribe, snapshots, presence) always fit in the rest.
 */
export const FRAME_BUDGET = {
  relay: { ratePerSecond: 100, burst: 200 },
  clientPushes: { ratePerSecond: 50, burst: 100 },
} as const;

export class TokenBucket {
  readonly ratePerSecond: number;
  readonly capacity: number;
  #tokens: number;
  #updatedAt: number;

  /** A full bucket; `now` in ms (monotonic: performance.now, so a moved wall clock cannot refill it). */
  constructor(ratePerSecond: number, capacity: number, now = performance.now()) {
    this.ratePerSecond = ratePerSecond;
    this.capacity = capacity;
    this.#tokens = capacity;
    this.#updatedAt = now;
  }

  /** Take `cost` tokens if the bucket holds that many; false (and nothing taken) otherwise. */
  take(cost: number, now = performance.now()): boolean {
    this.#refill(now);
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  /** Milliseconds until `cost` tokens will be there (0 if they are now). */
  msUntil(cost: number, now = performance.now()): number {
    this.#refill(now);
    return this.#tokens >= cost ? 0 : ((cost - this.#tokens) / this.ratePerSecond) * 1000;
  }

  #refill(now: number): void {
    const elapsedSeconds = Math.max(0, now - this.#updatedAt) / 1000;
    this.#tokens = Math.min(this.capacity, this.#tokens + elapsedSeconds * this.ratePerSecond);
    this.#updatedAt = now;
  }
}
