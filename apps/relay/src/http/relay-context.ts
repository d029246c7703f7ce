/**
 * What the HTTP routes and WebSocket sessions of one relay app share.
 *
 *   const ctx: RelayContext = { storage, limits, now: Date.now, log, membership, membershipChanged };
 */
import type { MembershipState } from '@securebase/crypto';
import type { RelayLimits } from '../limits.js';
import type { RelayLog } from '../log.js';
import type { MembershipCache } from '../membership.js';
import type { RelayMetrics } from '../metrics.js';
import type { RelayStorage } from '../storage/types.js';

export interface RelayContext {
  storage: RelayStorage;
  limits: RelayLimits;
  /** Current time in ms since the epoch (overridable so tests can move the clock). */
  now: () => number;
  log: RelayLog;
  /** Counters and histograms for the operator (never ids, addresses or content). */
  metrics: RelayMetrics;
  /** Verified membership per space, shared so a push does not re-verify the chain. */
  membership: MembershipCache;
  /** Called after ops were appended, so open sessions of devices that left can be closed at once. */
  membershipChanged: (spaceId: string, state: MembershipState) => void;
}
