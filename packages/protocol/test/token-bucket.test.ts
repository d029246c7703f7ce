import { describe, expect, it } from 'vitest';
import { FRAME_BUDGET, TokenBucket } from '@securebase/protocol';

describe('TokenBucket', () => {
  it('passes a burst, then refills at its rate, and says how long until the next token', () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([bucket.take(1, 0), bucket.take(1, 0), bucket.take(1, 0), bucket.take(1, 0)]).toEqual([true, true, true, false]);
    expect(bucket.msUntil(1, 0)).toBe(100);
    expect(bucket.take(1, 50)).toBe(false);
    expect(bucket.msUntil(1, 50)).toBeCloseTo(50);
    expect(bucket.take(1, 100)).toBe(true);
    // Never more than its capacity, however long it rested.
    expect(bucket.msUntil(3, 60_000)).toBe(0);
    expect(bucket.take(4, 60_000)).toBe(false);
  });

  it('a backwards clock refills nothing', () => {
    const bucket = new TokenBucket(10, 1, 1000);
    expect(bucket.take(1, 1000)).toBe(true);
    expect(bucket.take(1, 0)).toBe(false);
  });

  it("a client's pushes keep inside the relay's budget, with room for its other frames", () => {
    expect(FRAME_BUDGET.clientPushes.ratePerSecond).toBeLessThan(FRAME_BUDGET.relay.ratePerSecond);
    expect(FRAME_BUDGET.clientPushes.burst).toBeLessThan(FRAME_BUDGET.relay.burst);
  });
});
