/**
 * The relay as a Hono app: the HTTP API of @securebase/protocol http.ts under /v1 (spaces, invites,
 * device links, membership changes, key wraps), the WebSocket endpoint /v1/spaces/:spaceId/ws,
 * /healthz, /metrics and the web client at /. Storage, the runtime's WebSocket upgrade and the
 * socket peer's address are passed in, so the app itself uses Web APIs only (startRelay wires Node).
 *
 * The edge, in order: security headers on every answer, one log line and one metric per request,
 * CORS for /v1, per-address rate limits (clients counted by the socket peer, or by X-Forwarded-For
 * from a trusted proxy), JSON-only POSTs, body limits, and for sockets a connect budget and caps
 * on open sockets. Space and invite creation add their own budgets, the creation gate and the
 * relay-wide caps (http/creation-guards.ts).
 *
 *   const app = createRelayApp({ storage: openSqliteStorage('./data'), upgradeWebSocket });
 *   serve({ fetch: app.fetch, websocket: { server: wss } });
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import type { UpgradeWebSocket, WSContext, WSEvents, WSMessageReceive } from 'hono/ws';
import { readyCrypto } from '@securebase/crypto';
import { resolveLimits, type RelayLimits } from './limits.js';
import { silentLog, type RelayLog } from './log.js';
import { noopMetrics, type RelayMetrics } from './metrics.js';
import type { RelayStorage } from './storage/types.js';
import { MembershipCache } from './membership.js';
import { createClientAddress } from './http/client-address.js';
import type { CreationGate } from './http/creation-gate.js';
import { createCreationGuards } from './http/creation-guards.js';
import { createDeviceLinkCreateRoutes, createDeviceLinkRoutes } from './http/device-link-routes.js';
import { createErrorHandler, HttpError } from './http/http-error.js';
import { createInviteRoutes } from './http/invite-routes.js';
import { createMembershipRoutes } from './http/membership-routes.js';
import { AddressRateLimit, rateLimitRequests } from './http/rate-limits.js';
import type { RelayContext } from './http/relay-context.js';
import { apiCors, requireJsonPosts, securityHeaders, webAppCors } from './http/security-headers.js';
import { createSocketAdmission } from './http/socket-admission.js';
import { createSpaceRoutes } from './http/space-routes.js';
import { mountWebApp } from './web-app.js';
import { RelaySession, type SessionDeps } from './ws/session.js';
import { socketFromWsContext } from './ws/session-socket.js';
import { SpaceHub } from './ws/space-hub.js';
import type { SpaceBus } from './bus/types.js';
import type { SharedLimits } from './http/shared-limits.js';

/** What `GET /metrics` serves; without a token it answers 404 and says how to turn it on. */
export interface MetricsEndpoint {
  /** The bearer token a scraper must send; undefined turns /metrics off. */
  token: string | undefined;
  /** The exposition text (Prometheus text format). */
  render(): Promise<string>;
  readonly contentType: string;
}

export interface RelayAppOptions {
  storage: RelayStorage;
  /** Overrides of DEFAULT_LIMITS. */
  limits?: Partial<RelayLimits>;
  /** Directory of the built web app; without one, `/` explains how to build it. */
  webRoot?: string;
  /** Clock in ms since the epoch; tests move it to expire invites. */
  now?: () => number;
  /** The runtime's WebSocket upgrade helper; without it the WebSocket endpoint answers 426. */
  upgradeWebSocket?: UpgradeWebSocket<unknown>;
  log?: RelayLog;
  /** Where the operator's counters go; default: nowhere. */
  metrics?: RelayMetrics;
  /** GET /metrics; default off (404). */
  metricsEndpoint?: MetricsEndpoint;
  /** The socket peer's address of a request (only the runtime knows it); default unknown. */
  peerAddress?: (c: Context) => string | undefined;
  /** Reverse proxies whose X-Forwarded-For is believed, e.g. ['127.0.0.1'] behind a local nginx. */
  trustProxy?: readonly string[];
  /** Origins besides browser extensions that may call /v1 from a browser. */
  allowOrigins?: readonly string[];
  /** Extra origins the web app may connect to (its CSP connect-src); default only its own. */
  connectSources?: readonly string[];
  /** The operator's space-creation gate; without one, anyone may create spaces (within the rate limits). */
  creationGate?: CreationGate;
  /** Whether the database answers now (a database server); embedded storage is always ready. */
  databaseReady?: () => Promise<boolean>;
  /** How this node reaches the other nodes of the same database; default: the in-process bus (one node). */
  bus?: SpaceBus;
  /** Per-address budgets shared with the other nodes (Redis); default this node's memory only. */
  sharedLimits?: SharedLimits;
}

/** Metrics that also write a log line for every refusal (by kind only). */
function withRefusalLog(metrics: RelayMetrics, log: RelayLog): RelayMetrics {
  return {
    ...metrics,
    limitHit: (kind) => {
      log.limitHit(kind);
      metrics.limitHit(kind);
    },
    rateLimited: (kind) => {
      log.rateLimited(kind);
      metrics.rateLimited(kind);
    },
  };
}

/**
 * One socket's events: the session starts at open and ends at close. Prototype methods that hono
 * calls on the object, so each of a node's thousands of open sockets holds one small object here.
 */
class SessionEvents implements WSEvents<unknown> {
  readonly #deps: SessionDeps;
  readonly #spaceId: string;
  #session: RelaySession | undefined;

  constructor(deps: SessionDeps, spaceId: string) {
    this.#deps = deps;
    this.#spaceId = spaceId;
  }

  onOpen(_event: Event, ws: WSContext<unknown>): void {
    this.#deps.log.socketOpen();
    this.#session = new RelaySession(this.#deps, socketFromWsContext(ws), this.#spaceId);
    this.#session.open();
  }

  onMessage(event: MessageEvent<WSMessageReceive>): void {
    void this.#session?.receive(event.data);
  }

  onClose(event: CloseEvent): void {
    this.#deps.log.socketClose(event.code);
    this.#session?.closed();
  }
}

/** Equal strings, compared without an early exit (the length is not secret). */
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

const METRICS_OFF = 'metrics are off: start the relay with --metrics-token-file FILE or SECUREBASE_METRICS_TOKEN to serve them';

/** Build the relay's Hono app. */
export function createRelayApp(options: RelayAppOptions): Hono {
  const hub = new SpaceHub<RelaySession>(options.bus);
  const log = options.log ?? silentLog;
  const ctx: RelayContext = {
    storage: options.storage,
    limits: resolveLimits(options.limits),
    now: options.now ?? Date.now,
    log,
    metrics: withRefusalLog(options.metrics ?? noopMetrics, log),
    membership: new MembershipCache(options.storage),
    // Sessions of devices that just stopped being members are closed before the response goes
    // out on this node, and by the bus's message on the others.
    membershipChanged: (spaceId, state) => hub.announceMembership(spaceId, state),
  };
  const clientAddress = createClientAddress({ trustProxy: options.trustProxy });
  const peerAddress = options.peerAddress ?? (() => undefined);
  const addressOf = (c: Context): string => clientAddress(peerAddress(c), c.req.header('x-forwarded-for'));
  const app = new Hono();

  // First, so every answer (errors and refusals too) carries them.
  app.use('*', securityHeaders({ connectSources: options.connectSources }));
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // The pattern of the route that answered (routeIndex has moved to it), never the concrete
    // path: paths carry space and invite ids.
    const route = routePath(c);
    ctx.log.request(c.req.method, route, c.res.status, Math.round(performance.now() - started));
    ctx.metrics.httpRequest(c.req.method, route, c.res.status);
  });
  app.onError(createErrorHandler(ctx.log));
  app.notFound(() => {
    throw new HttpError('invalid-request', 'no such endpoint', 404);
  });

  // Before the rate limits: the operator's monitoring must always get through.
  // 503 while the database does not answer, so a load balancer sends nobody to this node
  // meanwhile. A bus that carries nothing is reported but keeps the node in service: every node
  // shares one bus, so a 503 would take the whole relay down while PostgreSQL (the truth) still
  // works; the node reads storage every second for other nodes' commits until the bus is back.
  const databaseReady = options.databaseReady;
  app.get('/healthz', async (c) => {
    const database = databaseReady ? await databaseReady() : true;
    const bus = hub.busReady();
    return c.json({ ok: database, database: database ? 'ready' : 'unavailable', bus: bus ? 'ready' : 'unavailable' }, database ? 200 : 503);
  });

  // First under /v1, so a preflight is answered before rate limits, body limits or routing.
  app.use('/v1/*', apiCors({ allowOrigins: options.allowOrigins }));
  const requests = new AddressRateLimit({ points: ctx.limits.httpRequestsPerMinute, durationSec: 60, maxTrackedAddresses: ctx.limits.maxTrackedAddresses, shared: options.sharedLimits, name: 'http' });
  app.use('*', rateLimitRequests(requests, 'http', addressOf, ctx.metrics));

  const metricsEndpoint = options.metricsEndpoint;
  app.get('/metrics', async (c) => {
    if (!metricsEndpoint?.token) throw new HttpError('invalid-request', METRICS_OFF, 404);
    const presented = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!sameSecret(presented, metricsEndpoint.token)) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new HttpError('invalid-request', 'send the metrics token as Authorization: Bearer TOKEN', 401);
    }
    return c.body(await metricsEndpoint.render(), 200, { 'content-type': metricsEndpoint.contentType });
  });

  app.use('/v1/*', requireJsonPosts());
  app.use('/v1/*', async (_c, next) => {
    await readyCrypto();
    await next();
  });
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: ctx.limits.maxHttpBodyBytes,
      onError: () => {
        throw new HttpError('frame-too-large', `request body may be at most ${ctx.limits.maxHttpBodyBytes} bytes`);
      },
    }),
  );

  // One for every session of this app: a copy per socket would cost each socket its own object.
  const sessionDeps: SessionDeps = { ...ctx, hub };
  const sockets = createSocketAdmission({ limits: ctx.limits, metrics: ctx.metrics, addressOf, shared: options.sharedLimits });
  const upgrade = options.upgradeWebSocket;
  if (upgrade) {
    app.get(
      '/v1/spaces/:spaceId/ws',
      sockets.beforeUpgrade,
      upgrade(sockets.holdSlot((c) => new SessionEvents(sessionDeps, c.req.param('spaceId') ?? ''))),
    );
  }
  app.get('/v1/spaces/:spaceId/ws', () => {
    throw new HttpError('invalid-request', 'this endpoint only accepts WebSocket upgrades', 426);
  });

  app.route('/v1/spaces', createSpaceRoutes(ctx, createCreationGuards({ ctx, addressOf, gate: options.creationGate, shared: options.sharedLimits })));
  app.route('/v1/spaces', createMembershipRoutes(ctx));
  app.route('/v1/spaces', createDeviceLinkCreateRoutes(ctx));
  app.route('/v1/invites', createInviteRoutes(ctx));
  app.route('/v1/device-links', createDeviceLinkRoutes(ctx));
  app.all('/v1/*', () => {
    throw new HttpError('invalid-request', 'no such endpoint', 404);
  });

  app.use('/*', webAppCors());
  mountWebApp(app, options.webRoot);
  return app;
}
