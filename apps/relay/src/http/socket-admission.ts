/**
 * Admission of WebSocket connections at the HTTP edge: the per-address connect budget and the
 * caps on open sockets (per address and relay-wide) are checked before the upgrade, so a refused
 * client gets a plain 429 `rate-limited` or 503 `relay-full` and the relay holds nothing for it.
 * A slot is taken when the socket opens and given back when it closes; a socket that wins a race
 * for the last slot is closed at once with an `error` frame and CLOSE.RATE_LIMITED / RELAY_FULL.
 * The provider in packages/sync treats both as recoverable: it reconnects with backoff.
 *
 *   const admission = createSocketAdmission({ limits, metrics, addressOf });
 *   app.get('/v1/spaces/:spaceId/ws', admission.beforeUpgrade, upgrade(admission.holdSlot((c) => events)));
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { WSEvents } from 'hono/ws';
import { CLOSE, encodeFrame, ERRORS } from '@securebase/protocol';
import type { RelayLimits } from '../limits.js';
import type { RelayMetrics } from '../metrics.js';
import { HttpError } from './http-error.js';
import { AddressRateLimit, ConnectionSlots, rateLimited } from './rate-limits.js';
import { socketFromWsContext } from '../ws/session-socket.js';
import type { SharedLimits } from './shared-limits.js';

export interface SocketAdmissionOptions {
  limits: RelayLimits;
  metrics: RelayMetrics;
  /** The caller's rate-limit key (client-address.ts). */
  addressOf: (c: Context) => string;
  /** Share the connect budget with the other nodes (shared-limits.ts). */
  shared?: SharedLimits | undefined;
}

export interface SocketAdmission {
  /** Middleware for the WebSocket route: refuse an upgrade over budget or over the caps. */
  beforeUpgrade: MiddlewareHandler;
  /** Wrap the route's event factory so each open socket holds a slot until it closes. */
  holdSlot(createEvents: (c: Context) => WSEvents<unknown>): (c: Context) => WSEvents<unknown>;
}

const MINUTE_SEC = 60;

/** Build the admission of one relay app. */
export function createSocketAdmission({ limits, metrics, addressOf, shared }: SocketAdmissionOptions): SocketAdmission {
  const connects = new AddressRateLimit({ points: limits.wsConnectsPerMinute, durationSec: MINUTE_SEC, maxTrackedAddresses: limits.maxTrackedAddresses, shared, name: 'ws-connect' });
  // Open sockets stay counted per node: a slot is held by this process's socket, and a count in
  // Redis would outlive a node that died holding it.
  const slots = new ConnectionSlots({ perAddress: limits.connectionsPerAddress, total: limits.maxConnections });

  const refusalError = (kind: 'connections-total' | 'connections-per-address'): HttpError =>
    kind === 'connections-total'
      ? new HttpError('relay-full', 'the relay holds as many connections as its operator allows')
      : new HttpError('rate-limited', 'this address holds as many connections as the relay allows');

  return {
    beforeUpgrade: async (c, next) => {
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return next();
      const address = addressOf(c);
      const retryAfterSec = await connects.take(address);
      if (retryAfterSec !== undefined) throw rateLimited(c, metrics, 'ws-connect', retryAfterSec);
      const refused = slots.refusal(address);
      if (refused) {
        metrics.limitHit(refused);
        throw refusalError(refused);
      }
      await next();
    },
    holdSlot: (createEvents) => (c) => {
      const events = createEvents(c);
      const address = addressOf(c);
      let held = false;
      return {
        ...events,
        onOpen: (event, ws) => {
          const refused = slots.take(address);
          if (refused) {
            metrics.limitHit(refused);
            const { code } = refusalError(refused);
            const socket = socketFromWsContext(ws);
            socket.send(encodeFrame({ type: 'error', code: ERRORS[code].wire, ref: 0, detail: '' }));
            socket.close(refused === 'connections-total' ? CLOSE.RELAY_FULL : CLOSE.RATE_LIMITED, code);
            return;
          }
          held = true;
          events.onOpen?.(event, ws);
        },
        onClose: (event, ws) => {
          if (held) slots.release(address);
          held = false;
          events.onClose?.(event, ws);
        },
      };
    },
  };
}
