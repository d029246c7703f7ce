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
import type { WSContext, WSEvents, WSMessageReceive } from 'hono/ws';
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

type SlotRefusal = 'connections-total' | 'connections-per-address';

const refusalError = (kind: SlotRefusal): HttpError =>
  kind === 'connections-total'
    ? new HttpError('relay-full', 'the relay holds as many connections as its operator allows')
    : new HttpError('rate-limited', 'this address holds as many connections as the relay allows');

/** What every socket's slot holder of one admission shares. */
interface SlotHolding {
  slots: ConnectionSlots;
  metrics: RelayMetrics;
}

/**
 * A socket's events with its slot taken at open and given back at close. One small object per
 * socket whose methods hono calls on it (never a copy of the events with closures of its own),
 * because a node holds thousands of these for as long as their sockets are open.
 */
class SlotHoldingEvents implements WSEvents<unknown> {
  readonly #holding: SlotHolding;
  readonly #events: WSEvents<unknown>;
  readonly #address: string;
  #held = false;

  constructor(holding: SlotHolding, events: WSEvents<unknown>, address: string) {
    this.#holding = holding;
    this.#events = events;
    this.#address = address;
  }

  onOpen(event: Event, ws: WSContext<unknown>): void {
    const { slots, metrics } = this.#holding;
    const refused = slots.take(this.#address);
    if (refused) {
      metrics.limitHit(refused);
      const { code } = refusalError(refused);
      const socket = socketFromWsContext(ws);
      socket.send(encodeFrame({ type: 'error', code: ERRORS[code].wire, ref: 0, detail: '' }));
      socket.close(refused === 'connections-total' ? CLOSE.RELAY_FULL : CLOSE.RATE_LIMITED, code);
      return;
    }
    this.#held = true;
    this.#events.onOpen?.(event, ws);
  }

  onMessage(event: MessageEvent<WSMessageReceive>, ws: WSContext<unknown>): void {
    this.#events.onMessage?.(event, ws);
  }

  onClose(event: CloseEvent, ws: WSContext<unknown>): void {
    if (this.#held) this.#holding.slots.release(this.#address);
    this.#held = false;
    this.#events.onClose?.(event, ws);
  }

  onError(event: Event, ws: WSContext<unknown>): void {
    this.#events.onError?.(event, ws);
  }
}

/** Build the admission of one relay app. */
export function createSocketAdmission({ limits, metrics, addressOf, shared }: SocketAdmissionOptions): SocketAdmission {
  const connects = new AddressRateLimit({ points: limits.wsConnectsPerMinute, durationSec: MINUTE_SEC, maxTrackedAddresses: limits.maxTrackedAddresses, shared, name: 'ws-connect' });
  // Open sockets stay counted per node: a slot is held by this process's socket, and a count in
  // Redis would outlive a node that died holding it.
  const slots = new ConnectionSlots({ perAddress: limits.connectionsPerAddress, total: limits.maxConnections });

  const holding: SlotHolding = { slots, metrics };

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
    holdSlot: (createEvents) => (c) => new SlotHoldingEvents(holding, createEvents(c), addressOf(c)),
  };
}
