/**
 * What the relay counts for its operator: how much it carries and where it refuses, never who.
 * No label ever holds an id, an address, a key or content; labels are fixed words (a limit's
 * kind, a frame's direction). `noopMetrics` is the default for embedded relays and tests;
 * `createPromMetrics` (prom-metrics.ts) exports the same figures in Prometheus text format.
 *
 *   const metrics = createPromMetrics();
 *   metrics.limitHit('outbound-budget');
 *   await metrics.render(); // text for GET /metrics
 */

/** Which limit or rate limit refused something (the label of `limitHit` / `rateLimited`). */
export type LimitKind =
  | 'outbound-budget'
  | 'frame-rate'
  | 'frame-size'
  | 'connections-per-space'
  | 'connections-total'
  | 'connections-per-address'
  | 'spaces-total'
  | 'bytes-total'
  | 'partner-quota'
  | 'space-quota'
  | 'subscriptions'
  | 'membership-length'
  | 'creation-gate';

/** Which rate limit answered 'rate-limited'. */
export type RateKind = 'http' | 'create-space' | 'create-invite' | 'ws-connect' | 'ws-frames';

export interface RelayMetrics {
  /** An authenticated WebSocket session started (+1) or ended (-1). */
  connectionDelta(delta: 1 | -1): void;
  /** One frame of `bytes` received from or sent to a client. */
  frame(direction: 'in' | 'out', bytes: number): void;
  /** A storage write that an ack waits on took `seconds`. */
  commitSeconds(seconds: number): void;
  /** A group commit made `size` pushes durable in one transaction. */
  commitBatch(size: number): void;
  /** A limit refused something. */
  limitHit(kind: LimitKind): void;
  /** A rate limit refused something. */
  rateLimited(kind: RateKind): void;
  /** A device failed to authenticate (bad signature, not a member, timeout). */
  authFailure(): void;
  /** Bytes queued for clients that have not read them yet changed by `delta`. */
  catchUpBacklogDelta(delta: number): void;
  /** One finished HTTP request; `route` is the route PATTERN, never the concrete path. */
  httpRequest(method: string, route: string, status: number): void;
}

/** Metrics that go nowhere. */
export const noopMetrics: RelayMetrics = {
  connectionDelta: () => undefined,
  frame: () => undefined,
  commitSeconds: () => undefined,
  commitBatch: () => undefined,
  limitHit: () => undefined,
  rateLimited: () => undefined,
  authFailure: () => undefined,
  catchUpBacklogDelta: () => undefined,
  httpRequest: () => undefined,
};
