/**
 * Resource limits of one relay. Every value has a default and can be overridden per relay, so a
 * test can use tiny limits and an operator can raise them.
 *
 *   const limits = resolveLimits({ maxBytesPerSpace: 1024 });
 *   limits.maxFrameBytes; // 1 MiB (default)
 */
import { FRAME_BUDGET } from '@securebase/protocol';

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
  /**
   * Bytes of a space's space-level records: membership ops, invites, device links and key wraps.
   * Updates and snapshots count against their author's partner instead (maxBytesPerPartner).
   */
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
  /**
   * Bytes one WebSocket may have queued for its client (the socket's buffered bytes plus the frame
   * about to be queued). A frame that would pass it is not queued: the session is closed with
   * SLOW_CONSUMER. Must be at least maxFrameBytes + catchUpBatchBytes, so catch-up alone never hits it.
   */
  maxOutboundBytes: number;
  /** Frames per second one WebSocket may send, sustained (token bucket refill rate). */
  maxFramesPerSecond: number;
  /** Frames one WebSocket may send in a burst above the sustained rate (token bucket size). */
  frameBurst: number;
  /** Bytes per second one WebSocket may send, sustained. */
  maxInboundBytesPerSecond: number;
  /** Bytes one WebSocket may send in a burst above the sustained rate (a reconnect re-sending its outbox). */
  inboundBytesBurst: number;
  /** HTTP requests per client address per minute (every /v1 route; the web app polls, so generous). */
  httpRequestsPerMinute: number;
  /** Spaces one client address may create per hour (strict: a person creates one or two). */
  spaceCreationsPerHour: number;
  /** Invites one client address may create per hour. */
  inviteCreationsPerHour: number;
  /** WebSocket connects per client address per minute (reconnects back off, so this is ample). */
  wsConnectsPerMinute: number;
  /** WebSocket connections one client address may hold open at once. */
  connectionsPerAddress: number;
  /**
   * Distinct client addresses each rate limit tracks per window; past it, new addresses are
   * refused until the window turns, so a flood of forged IPv6 prefixes cannot grow memory.
   */
  maxTrackedAddresses: number;
  /** Spaces the relay holds in total; creation answers relay-full above it. */
  maxSpaces: number;
  /** Bytes the relay stores in total over all spaces; creation answers relay-full above it. */
  maxTotalBytes: number;
  /** WebSocket connections open at once over all clients; connects answer relay-full above it. */
  maxConnections: number;
  /**
   * Bytes of updates and snapshots charged to one partner of a space (their private document
   * and their share of the shared one), so one partner can never use up the other's headroom.
   */
  maxBytesPerPartner: number;
  /** Documents per space (clients use `shared` and one `private-<partnerId>` each), so snapshots cannot multiply. */
  maxDocumentsPerSpace: number;
  /** Ops in a space's membership chain; past it membership changes answer `membership-limit`. */
  maxMembershipOps: number;
  /** Time between storage sweeps (expired invites and links, old tombstones, abandoned spaces). */
  sweepIntervalMs: number;
  /** Rows one sweep may delete per kind, so a pass never holds the event loop for long. */
  sweepBatchRows: number;
  /** How long a consumed device link stays readable, so the new device's poll still sees `linked`. */
  consumedLinkGraceMs: number;
  /** A space that never got a second partner (and has no unexpired invite) is deleted this long after creation. */
  abandonedSpaceMs: number;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** The defaults every relay starts from. */
export const DEFAULT_LIMITS: Readonly<RelayLimits> = Object.freeze({
  maxFrameBytes: 1 * MIB,
  maxEnvelopeBytes: 1 * MIB - 64 * KIB,
  maxConnectionsPerSpace: 16,
  // Records only: a full chain (1024 ops of at most about 0.5 KiB) with a 0.25 KiB key wrap for
  // each of a dozen devices per op is about 3.5 MiB; the rest leaves room for invites (at most
  // 4.3 KiB each) and device links. Updates and snapshots have maxBytesPerPartner.
  maxBytesPerSpace: 16 * MIB,
  maxHttpBodyBytes: 64 * KIB,
  maxInvitePayloadBytes: 4 * KIB,
  maxInviteLifetimeMs: 7 * 24 * 60 * 60 * 1000,
  maxDeviceLinkLifetimeMs: 60 * 60 * 1000,
  authTimeoutMs: 10_000,
  catchUpBatchBytes: 512 * KIB,
  pingIntervalMs: 30_000,
  maxOutboundBytes: 4 * MIB,
  // A typing burst (one envelope per 30 ms merge window) plus presence is well under 50 frames/s.
  maxFramesPerSecond: FRAME_BUDGET.relay.ratePerSecond,
  frameBurst: FRAME_BUDGET.relay.burst,
  maxInboundBytesPerSecond: 4 * MIB,
  inboundBytesBurst: 16 * MIB,
  httpRequestsPerMinute: 1200,
  spaceCreationsPerHour: 10,
  inviteCreationsPerHour: 30,
  wsConnectsPerMinute: 120,
  connectionsPerAddress: 64,
  maxTrackedAddresses: 50_000,
  maxSpaces: 10_000,
  maxTotalBytes: 20 * 1024 * MIB,
  maxConnections: 2_000,
  maxBytesPerPartner: 32 * MIB,
  maxDocumentsPerSpace: 8,
  // Clients verify the whole chain from genesis on every load (about 0.13 ms per op): 1024 ops
  // keep that near 130 ms, and still allow some 300 device replacements (3 ops each) in a space's life.
  maxMembershipOps: 1024,
  sweepIntervalMs: 60_000,
  sweepBatchRows: 500,
  consumedLinkGraceMs: 60 * 60 * 1000,
  abandonedSpaceMs: 7 * 24 * 60 * 60 * 1000,
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
  // Catch-up queues a batch only below catchUpBatchBytes and a frame is at most maxFrameBytes.
  if (limits.maxOutboundBytes < limits.maxFrameBytes + limits.catchUpBatchBytes) {
    throw new RangeError('limit maxOutboundBytes must be at least maxFrameBytes + catchUpBatchBytes');
  }
  return limits;
}
