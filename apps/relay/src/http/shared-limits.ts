/**
 * Per-address budgets shared by every relay node of one deployment, kept in the bus's Redis, so
 * a client spread over N nodes gets the one-node budget, not N times it. Redis never holds a
 * client's address: a key is an HMAC of it under a secret the nodes derive from the database URL
 * they share (a Redis reader without that URL cannot test guesses of addresses).
 *
 * Redis down: each node falls back to its own in-memory budget (rate-limiter-flexible's
 * insurance limiter), so a client gets at most N × the budget until Redis is back, and no request
 * waits on or fails for Redis. Refusing everyone instead would let one Redis outage take every
 * node out of service, while Redis only shares budgets (PostgreSQL holds the truth).
 *
 *   const shared = openSharedLimits({ url: 'redis://bus:6379', keySecret: databaseUrl, onError });
 *   new AddressRateLimit({ points: 600, durationSec: 60, maxTrackedAddresses: 50_000, shared, name: 'http' });
 *   await shared.close();
 */
import { createHash, createHmac } from 'node:crypto';
import { Redis } from 'ioredis';

export interface SharedLimits {
  /** The Redis that holds the shared counters. */
  readonly redis: Redis;
  /** The Redis key part for a client address (an HMAC, never the address). */
  keyOf(address: string): string;
  close(): Promise<void>;
}

export interface SharedLimitsOptions {
  url: string;
  /** Known to every node and not to Redis (the database URL); only its hash is kept. */
  keySecret: string;
  /** Redis connection errors (reported, never thrown). */
  onError: (error: unknown) => void;
}

export function openSharedLimits(options: SharedLimitsOptions): SharedLimits {
  const key = createHash('sha256').update('securebase shared rate-limit keys\0').update(options.keySecret).digest();
  const redis = new Redis(options.url, {
    // Fail a command at once while Redis is away (the insurance limiter answers), never queue it.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectionName: 'securebase-limits',
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on('error', options.onError);
  return {
    redis,
    keyOf: (address) => createHmac('sha256', key).update(address).digest('base64url'),
    close: async () => {
      redis.disconnect();
      await Promise.resolve();
    },
  };
}
