/**
 * The relay as a Hono app: the HTTP API of @securebase/protocol http.ts under /v1 (spaces, invites,
 * device links, membership changes, key wraps), the WebSocket endpoint /v1/spaces/:spaceId/ws,
 * /healthz and the web client at /. Storage and the runtime's WebSocket upgrade are passed in, so
 * the app itself uses Web APIs only (startRelay wires Node).
 *
 *   const app = createRelayApp({ storage: openSqliteStorage('./data'), upgradeWebSocket });
 *   serve({ fetch: app.fetch, websocket: { server: wss } });
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { routePath } from 'hono/route';
import type { UpgradeWebSocket, WSEvents } from 'hono/ws';
import { readyCrypto } from '@securebase/crypto';
import { resolveLimits, type RelayLimits } from './limits.js';
import { silentLog, type RelayLog } from './log.js';
import type { RelayStorage } from './storage/types.js';
import { MembershipCache } from './membership.js';
import { createDeviceLinkCreateRoutes, createDeviceLinkRoutes } from './http/device-link-routes.js';
import { createErrorHandler, HttpError } from './http/http-error.js';
import { createInviteRoutes } from './http/invite-routes.js';
import { createMembershipRoutes } from './http/membership-routes.js';
import type { RelayContext } from './http/relay-context.js';
import { createSpaceRoutes } from './http/space-routes.js';
import { mountWebApp } from './web-app.js';
import { RelaySession } from './ws/session.js';
import { socketFromWsContext } from './ws/session-socket.js';
import { SpaceHub } from './ws/space-hub.js';

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
}

/** Build the relay's Hono app. */
export function createRelayApp(options: RelayAppOptions): Hono {
  const hub = new SpaceHub<RelaySession>();
  const ctx: RelayContext = {
    storage: options.storage,
    limits: resolveLimits(options.limits),
    now: options.now ?? Date.now,
    log: options.log ?? silentLog,
    membership: new MembershipCache(options.storage),
    // Sessions of devices that just stopped being members are closed before the response goes out.
    membershipChanged: (spaceId, state) => {
      for (const session of hub.members(spaceId)) session.membershipChanged(state);
    },
  };
  const app = new Hono();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // The pattern of the route that answered (routeIndex has moved to it), never the concrete
    // path: paths carry space and invite ids.
    ctx.log.request(c.req.method, routePath(c), c.res.status, Math.round(performance.now() - started));
  });
  app.onError(createErrorHandler(ctx.log));
  app.notFound(() => {
    throw new HttpError('invalid-request', 'no such endpoint', 404);
  });

  app.get('/healthz', (c) => c.json({ ok: true }));

  // The browser extension calls the API from its own origin. Any origin may: the API carries no
  // cookies or ambient credentials, every write is authorised by signatures in the body.
  // First, so a preflight is answered before body limits or routing.
  app.use(
    '/v1/*',
    cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['content-type'], credentials: false, maxAge: 600 }),
  );
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

  const upgrade = options.upgradeWebSocket;
  if (upgrade) {
    app.get(
      '/v1/spaces/:spaceId/ws',
      upgrade((c): WSEvents<unknown> => {
        const spaceId = c.req.param('spaceId') ?? '';
        let session: RelaySession | undefined;
        return {
          onOpen: (_event, ws) => {
            ctx.log.socketOpen();
            session = new RelaySession({ ...ctx, hub }, socketFromWsContext(ws), spaceId);
            session.open();
          },
          onMessage: (event) => session?.receive(event.data),
          onClose: (event) => {
            ctx.log.socketClose(event.code);
            session?.closed();
          },
        };
      }),
    );
  }
  app.get('/v1/spaces/:spaceId/ws', () => {
    throw new HttpError('invalid-request', 'this endpoint only accepts WebSocket upgrades', 426);
  });

  app.route('/v1/spaces', createSpaceRoutes(ctx));
  app.route('/v1/spaces', createMembershipRoutes(ctx));
  app.route('/v1/spaces', createDeviceLinkCreateRoutes(ctx));
  app.route('/v1/invites', createInviteRoutes(ctx));
  app.route('/v1/device-links', createDeviceLinkRoutes(ctx));
  app.all('/v1/*', () => {
    throw new HttpError('invalid-request', 'no such endpoint', 404);
  });

  mountWebApp(app, options.webRoot);
  return app;
}
