/**
 * Reconnect delays: exponential backoff with full jitter, capped, so two devices that lost the
 * relay at the same moment do not hammer it in lockstep when it comes back.
 *
 *   const delay = reconnectDelay(attempt, 2500); // 0..min(2500, 100·2^attempt) ms
 */

const BASE_MS = 100;

/** Delay before reconnect attempt number `attempt` (0 = first retry). */
export function reconnectDelay(attempt: number, maxBackoffTime: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxBackoffTime, BASE_MS * 2 ** Math.min(attempt, 20));
  // Half fixed, half random: never zero (a tight loop) and never all at the same instant.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
