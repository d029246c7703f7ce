// cachedTotals (storage/cached-totals.ts): one read per period, shared by concurrent callers,
// failures not kept, and the adapter's other methods untouched (they use its private fields).
import { describe, expect, it } from 'vitest';
import { cachedTotals } from '../src/storage/cached-totals.js';
import type { RelayTotals } from '../src/storage/types.js';

class Adapter {
  readonly #base = 10;
  reads = 0;
  fail = false;

  async totals(): Promise<RelayTotals> {
    this.reads += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.fail) throw new Error('database away');
    return { spaces: this.reads, bytes: this.#base * this.reads };
  }

  base(): number {
    return this.#base;
  }
}

describe('cachedTotals', () => {
  it('reads once per period, shares a read between concurrent callers, and does not keep a failure', async () => {
    let clock = 0;
    const adapter = cachedTotals(new Adapter(), 500, () => clock);
    const [a, b] = await Promise.all([adapter.totals(), adapter.totals()]);
    expect(a).toEqual({ spaces: 1, bytes: 10 });
    expect(b).toBe(a);
    clock = 499;
    expect(await adapter.totals()).toEqual({ spaces: 1, bytes: 10 });
    expect(adapter.reads).toBe(1);
    clock = 500;
    adapter.fail = true;
    await expect(adapter.totals()).rejects.toThrow('database away');
    adapter.fail = false;
    expect(await adapter.totals()).toEqual({ spaces: 3, bytes: 30 });
    expect(adapter.base()).toBe(10);
  });
});
