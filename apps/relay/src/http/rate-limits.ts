/**
 * Budgets per client address: fixed-window counters from rate-limiter-flexible (its memory store
 * here; the same limiter API has a Redis store for limits shared by several relay nodes), and
 * counts of the sockets each address holds open. Memory stays bounded: a window's keys expire with
 * it, and each limit admits at most `maxTrackedAddresses` new addresses per window, so a flood of
 * forged addresses (a /48 holds 65,536 /64s) meets `rate-limited` instead of growing the map.
 *
 *   const creations = new AddressRateLimit({ points: 10, durationSec: 3600, maxTrackedAddresses: 50_000 });
 *   const retryAfterSec = await creations.take('v4:198.51.100.7'); // undefined while within budget
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Context, MiddlewareHandler } from 'hono';
import type { RelayMetrics, LimitKind, RateKind } from '../metrics.js';
import { HttpError } from './http-error.js';
import type { SharedLimits } from './shared-limits.js';

export interface AddressRateLimitOptions {
  /** Requests allowed per address per window. */
  points: number;
  /** Length of the window in seconds. */
  durationSec: number;
  /** New addresses admitted per window, over all addresses. */
  maxTrackedAddresses: number;
  /** Share the budget with the other nodes through Redis (shared-limits.ts); default this node only. */
  shared?: SharedLimits | undefined;
  /** The budget's name in Redis (unique per budget), with `shared`. */
  name?: string;
}

/** One budget per client address, e.g. space creations per hour. */
export class AddressRateLimit {
  readonly #perAddress: RateLimiterAbstract;
  readonly #newAddresses: RateLimiterMemory;
  readonly #keyOf: (address: string) => string;

  constructor(options: AddressRateLimitOptions) {
    const local = new RateLimiterMemory({ points: options.points, duration: options.durationSec });
    const { shared } = options;
    // Shared: Redis counts (INCR with the window's expiry, atomic across nodes); while Redis
    // fails, this node's own memory counts instead (see shared-limits.ts for why that way).
    this.#perAddress = shared
      ? new RateLimiterRedis({
          storeClient: shared.redis,
          keyPrefix: `securebase:limit:${options.name ?? 'budget'}`,
          points: options.points,
          duration: options.durationSec,
          rejectIfRedisNotReady: true,
          insuranceLimiter: local,
        })
      : local;
    this.#keyOf = shared ? shared.keyOf : (address) => address;
    this.#newAddresses = new RateLimiterMemory({ points: options.maxTrackedAddresses, duration: options.durationSec });
  }

  /** Spend one point of `address`'s budget; the seconds to wait if it is spent, else undefined. */
  async take(clientAddress: string): Promise<number | undefined> {
    const address = this.#keyOf(clientAddress);
    try {
      // A key lives one window from its first point, so keys alive now were all admitted within
      // the last two windows of the new-address counter: at most 2 × maxTrackedAddresses.
      if ((await this.#perAddress.get(address)) === null) await this.#newAddresses.consume('new-address');
      await this.#perAddress.consume(address);
      return undefined;
    } catch (refusal) {
      // A spent budget rejects with a RateLimiterRes; a failing Redis is answered by the insurance limiter.
      if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw refusal;
    }
  }
}

/** The refusal of a spent budget: 429 `rate-limited` with Retry-After, counted for the operator. */
export function rateLimited(c: Context, metrics: RelayMetrics, kind: RateKind, retryAfterSec: number): HttpError {
  metrics.rateLimited(kind);
  c.header('Retry-After', String(retryAfterSec));
  return new HttpError('rate-limited', `try again in ${retryAfterSec} s`);
}

/** Middleware that spends one point of `limit` per request of the address `addressOf(c)`. */
export function rateLimitRequests(
  limit: AddressRateLimit,
  kind: RateKind,
  addressOf: (c: Context) => string,
  metrics: RelayMetrics,
): MiddlewareHandler {
  return async (c, next) => {
    const retryAfterSec = await limit.take(addressOf(c));
    if (retryAfterSec !== undefined) throw rateLimited(c, metrics, kind, retryAfterSec);
    await next();
  };
}

export interface ConnectionSlotsOptions {
  /** Sockets one address may hold open at once. */
  perAddress: number;
  /** Sockets open at once over all addresses. */
  total: number;
}

/**
 * Counts of open sockets per address and in total. Entries exist only while an address holds a
 * socket, so the map is never larger than the total cap.
 */
export class ConnectionSlots {
  readonly #open = new Map<string, number>();
  #total = 0;
  readonly #options: ConnectionSlotsOptions;

  constructor(options: ConnectionSlotsOptions) {
    this.#options = options;
  }

  /** Which cap a new socket of `address` would exceed, if any (nothing is taken). */
  refusal(address: string): Extract<LimitKind, 'connections-total' | 'connections-per-address'> | undefined {
    if (this.#total >= this.#options.total) return 'connections-total';
    if ((this.#open.get(address) ?? 0) >= this.#options.perAddress) return 'connections-per-address';
    return undefined;
  }

  /** Take a slot for `address`; the cap it would exceed instead, if any. */
  take(address: string): ReturnType<ConnectionSlots['refusal']> {
    const refused = this.refusal(address);
    if (refused) return refused;
    this.#open.set(address, (this.#open.get(address) ?? 0) + 1);
    this.#total++;
    return undefined;
  }

  /** Give back a slot taken for `address`. */
  release(address: string): void {
    const held = this.#open.get(address) ?? 0;
    if (held <= 0) return;
    if (held === 1) this.#open.delete(address);
    else this.#open.set(address, held - 1);
    this.#total--;
  }

  /** Sockets open now, over all addresses. */
  get total(): number {
    return this.#total;
  }
}
