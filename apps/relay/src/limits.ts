/**
 * Resource limits of one relay. Every value has a default and can be overridden per relay, so a
 * test can use tiny limits and an operator can raise them.
 *
 *   const limits = resolveLimits({ maxBytesPerSpace: 1024 });
 *   limits.maxFrameBytes; // 1 MiB (default)
 */

export interface RelayLimits {
  /** Largest WebSocket message accepted; the socket layer closes with 1009 above this. */
  maxFrameBytes: number;
  /**
   * Largest envelope accepted in a `push` or `ephemeral` frame. Kept below maxFrameBytes so the
   * relay can always forward an accepted envelope inside an `updates` frame that a client with
   * the same frame limit will accept.
   */
  maxEnvelopeBytes: number;
  /** Authenticated sockets allowed at once per space (all devices of both partners). */
  maxConnectionsPerSpace: number;
  /** Bytes stored per space (membership ops, invites, device links, key wraps, updates and snapshots). */
  maxBytesPerSpace: number;
  /** Largest HTTP request body. */
  maxHttpBodyBytes: number;
  /** Largest encrypted invite payload. */
  maxInvitePayloadBytes: number;
  /** Longest invite lifetime accepted, from the time it is created. */
  maxInviteLifetimeMs: number;
  /** Longest device-link lifetime accepted; links are meant to be used within minutes. */
  maxDeviceLinkLifetimeMs: number;
  /** Time a socket has to finish hello → challenge → auth. */
  authTimeoutMs: number;
  /** Payload budget of one `updates` batch during catch-up. */
  catchUpBatchBytes: number;
  /** Interval of WebSocket pings; a socket that misses two pongs in a row is cut. */
  pingIntervalMs: number;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** The defaults every relay starts from. */
export const DEFAULT_LIMITS: Readonly<RelayLimits> = Object.freeze({
  maxFrameBytes: 1 * MIB,
  maxEnvelopeBytes: 1 * MIB - 64 * KIB,
  maxConnectionsPerSpace: 16,
  maxBytesPerSpace: 64 * MIB,
  maxHttpBodyBytes: 64 * KIB,
  maxInvitePayloadBytes: 4 * KIB,
  maxInviteLifetimeMs: 7 * 24 * 60 * 60 * 1000,
  maxDeviceLinkLifetimeMs: 60 * 60 * 1000,
  authTimeoutMs: 10_000,
  catchUpBatchBytes: 512 * KIB,
  pingIntervalMs: 30_000,
});

/** Fill in defaults for any limit not given. */
export function resolveLimits(overrides: Partial<RelayLimits> = {}): RelayLimits {
  const limits: RelayLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(overrides) as (keyof RelayLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`limit ${key} must be a positive number`);
    limits[key] = value;
  }
  return limits;
}
