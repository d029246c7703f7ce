/**
 * Relay-wide totals read at most once per `maxAgeMs` (the PostgreSQL relay). Every push checks
 * the relay-wide byte cap against `totals()`, which on PostgreSQL is a query over the shard rows:
 * a round trip per push for a figure that moves by a few hundred bytes at a time. The cap is the
 * operator's guard for the disk, not a person's quota (each partner's share is checked exactly,
 * inside the commit), so an answer up to `maxAgeMs` old is good enough: the relay may overshoot
 * the cap by what all nodes write in that time. Concurrent callers share one read; a failed read
 * is not kept, so the next caller asks the database again.
 *
 *   const storage = cachedTotals(await openPostgresStorage(url), 500);
 *   await storage.totals();   // from the database, then from memory for 500 ms
 */
import type { RelayTotals } from './types.js';

interface HasTotals {
  totals(): Promise<RelayTotals>;
}

export function cachedTotals<S extends HasTotals>(storage: S, maxAgeMs: number, now: () => number = () => performance.now()): S {
  const read = storage.totals.bind(storage);
  let kept: { totals: RelayTotals; at: number } | undefined;
  let reading: Promise<RelayTotals> | undefined;
  const totals = (): Promise<RelayTotals> => {
    if (kept && now() - kept.at < maxAgeMs) return Promise.resolve(kept.totals);
    reading ??= read()
      .then((fresh) => {
        kept = { totals: fresh, at: now() };
        return fresh;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
  // The adapter itself with only totals() replaced: a copy or a prototype child would lose its
  // private fields, which its other methods read through `this`.
  storage.totals = totals;
  return storage;
}
