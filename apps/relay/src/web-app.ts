/**
 * Serves the built web client from `webRoot` at `/`, with index.html for client routes. If the
 * web app has not been built, `/` answers a short plain page saying how to build it. This is the
 * one place the app touches the file system (through @hono/node-server's serveStatic).
 *
 *   mountWebApp(app, '/srv/securebase/web');
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

export const WEB_APP_NOT_BUILT = [
  'Secure Base relay is running, but the web app is not built.',
  'Build it with `pnpm --filter @securebase/web build` (or `pnpm build`), then restart the relay.',
  '',
].join('\n');

// A path whose last segment has a dot names a file: a missing file is a 404, not the app shell.
const looksLikeFile = (path: string): boolean => /\.[^/]*$/.test(path);

/** True if `webRoot` holds a built web app. */
export function hasWebApp(webRoot: string | undefined): webRoot is string {
  return webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
}

/** Add the web app routes to `app` (call after every API route). */
export function mountWebApp(app: Hono, webRoot: string | undefined): void {
  if (!hasWebApp(webRoot)) {
    app.get('/', (c) => c.text(WEB_APP_NOT_BUILT));
    return;
  }
  const appShell = serveStatic({ root: webRoot, path: 'index.html' });
  app.use('/*', serveStatic({ root: webRoot }));
  app.get('/*', (c, next) => (looksLikeFile(c.req.path) ? next() : appShell(c, next)));
}
