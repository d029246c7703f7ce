/**
 * Response headers of the relay's HTTP edge. The web app (`/`, index.html, sw.js and every built
 * file) gets a strict Content-Security-Policy (scripts from the relay's own origin only, plus
 * WebAssembly compilation for libsodium; no inline script or style element; connections to its
 * own origin), no framing, no referrer, same-origin opener and resource policies and a
 * Permissions-Policy that denies what the app never uses. index.html, sw.js and other unhashed
 * files must be revalidated (`no-cache`) so an update reaches people; files under /assets/ carry a
 * content hash in their name and may be cached for a year. API answers get nosniff, no-referrer
 * and no-store (they carry sealed invite payloads). HSTS is the TLS proxy's job (infra/Caddyfile).
 *
 * CORS: the API answers cross-origin callers only from browser-extension origins and origins the
 * operator lists; a preflight from any other origin is refused, and as every POST must be JSON,
 * another website cannot even send one (a JSON POST always needs a preflight).
 *
 *   app.use('/v1/*', apiCors({ allowOrigins: ['https://notes.example'] }));
 *   app.use('*', securityHeaders({ connectSources: [] }));
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { HttpError } from './http-error.js';

/** The Content-Security-Policy directives of the web app (`connectSources` are added to connect-src). */
export function contentSecurityPolicy(connectSources: readonly string[] = []) {
  return {
    defaultSrc: ["'self'"],
    // libsodium.js compiles its WebAssembly at start; nothing else is evaluated.
    scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
    // Only the built stylesheet; Preact and ProseMirror set styles through the CSSOM, which a
    // style-src without 'unsafe-inline' still allows.
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", ...connectSources],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

/** Powerful features the web app never uses, denied for it and anything it could embed. */
const DENIED_FEATURES = [
  'accelerometer',
  'camera',
  'displayCapture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
] as const;

export interface SecurityHeadersOptions {
  /** Extra origins the web app may connect to (added to connect-src). */
  connectSources?: readonly string[];
}

const isApi = (path: string): boolean => path === '/v1' || path.startsWith('/v1/');
/** Built files whose names carry a content hash (Vite's assets/). */
const isHashedAsset = (path: string): boolean => path.startsWith('/assets/');

/** Every response's security and cache headers (mount first, on '*'). */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  const webApp = secureHeaders({
    contentSecurityPolicy: contentSecurityPolicy(options.connectSources),
    permissionsPolicy: Object.fromEntries(DENIED_FEATURES.map((feature) => [feature, []])),
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
    // Sent by the TLS proxy, which knows whether the relay is reached over HTTPS at all.
    strictTransportSecurity: false,
  });
  return async (c, next) => {
    if (isApi(c.req.path)) {
      await next();
      c.res.headers.set('X-Content-Type-Options', 'nosniff');
      c.res.headers.set('Referrer-Policy', 'no-referrer');
      c.res.headers.set('Cache-Control', 'no-store');
      return;
    }
    await webApp(c, next);
    const cacheable = isHashedAsset(c.req.path) && c.res.status === 200;
    c.res.headers.set('Cache-Control', cacheable ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
}

export interface ApiCorsOptions {
  /** Origins besides browser extensions that may call the API from a browser. */
  allowOrigins?: readonly string[];
}

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[A-Za-z0-9._-]+$/;

/** CORS for /v1: extension origins and the listed origins only; other preflights get 403. */
export function apiCors(options: ApiCorsOptions = {}): MiddlewareHandler {
  const listed = new Set(options.allowOrigins ?? []);
  const allowed = (origin: string): boolean => EXTENSION_ORIGIN.test(origin) || listed.has(origin);
  const headers = cors({
    // The API carries no cookies or ambient credentials: every write is authorised by
    // signatures in the body, so no credentials mode and only the headers clients send.
    origin: (origin) => (allowed(origin) ? origin : null),
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['content-type'],
    credentials: false,
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (c.req.method === 'OPTIONS' && origin !== undefined && !allowed(origin)) {
      throw new HttpError('invalid-request', 'this origin may not call the relay API; its operator can allow it with --allow-origin', 403);
    }
    // The preflight's answer is the one cors returns, so it must be passed on.
    return headers(c, next);
  };
}

/**
 * Let a browser extension read the web app's files (GET only, no credentials), so the
 * extension's pinned app can check the web app this relay serves against its signed release
 * manifest (`checkServedWebApp` in @securebase/sync). Web pages of other origins get nothing:
 * the files are public, but no other site needs to read them.
 */
export function webAppCors(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const origin = c.req.header('origin');
    if (c.req.method !== 'GET' || origin === undefined || !EXTENSION_ORIGIN.test(origin)) return;
    c.res.headers.set('access-control-allow-origin', origin);
    c.res.headers.append('vary', 'Origin');
  };
}

/** Refuse a POST whose body is not declared JSON (such a POST would need no CORS preflight). */
export function requireJsonPosts(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'POST' && !/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
      throw new HttpError('invalid-request', 'a POST body must be sent with content-type application/json', 415);
    }
    await next();
  };
}
