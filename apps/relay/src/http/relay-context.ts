/**
 * What the HTTP routes and WebSocket sessions of one relay app share.
 *
 *   const ctx: RelayContext = { storage, limits, now: Date.now, log };
 */
import type { RelayLimits } from '../limits.js';
import type { RelayLog } from '../log.js';
import type { RelayStorage } from '../storage/types.js';

export interface RelayContext {
  storage: RelayStorage;
  limits: RelayLimits;
  /** Current time in ms since the epoch (overridable so tests can move the clock). */
  now: () => number;
  log: RelayLog;
}
