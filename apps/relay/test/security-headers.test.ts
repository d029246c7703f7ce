// Security headers on every route that serves the web app (issue 9, finding 7), over a real
// socket, with a tiny fake web root: before the fix `/`, index.html, sw.js and the bundle carried
// no CSP, nosniff, referrer, opener or cache policy at all.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeRelay, type EdgeRelay } from './edge-relay.js';

let webRoot: string;
let r: EdgeRelay;
beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'relay-web-'));
  mkdirSync(join(webRoot, 'assets'));
  mkdirSync(join(webRoot, 'icons'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>');
  writeFileSync(join(webRoot, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1);');
  writeFileSync(join(webRoot, 'icons', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  r = await startEdgeRelay({ webRoot, connectSources: ['https://extra.example'] });
});
afterAll(async () => {
  await r.stop();
  rmSync(webRoot, { recursive: true, force: true });
});

/** The CSP as a map of directive → sources. */
function directives(csp: string | null): Record<string, string[]> {
  expect(csp).toBeTruthy();
  return Object.fromEntries(
    (csp ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

describe('web app routes', () => {
  const routes = ['/', '/index.html', '/sw.js', '/assets/index-abc123.js', '/icons/icon.svg', '/join/some-client-route'];

  it.each(routes)('%s carries the CSP and the isolation headers', async (path) => {
    const res = await r.request(path);
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'", "'wasm-unsafe-eval'"],
      'style-src': ["'self'"],
      'connect-src': ["'self'", 'https://extra.example'],
      'img-src': ["'self'", 'data:', 'blob:'],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
      'object-src': ["'none'"],
    });
    expect(Object.values(csp).flat()).not.toContain("'unsafe-inline'");
    expect(Object.values(csp).flat()).not.toContain("'unsafe-eval'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
    expect(res.headers.get('permissions-policy')).toMatch(/microphone=\(\)/);
    expect(res.headers.get('permissions-policy')).toMatch(/geolocation=\(\)/);
    // HSTS belongs to the TLS proxy (infra/Caddyfile): the relay may be reached over plain HTTP on loopback.
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it.each(['/', '/index.html', '/sw.js', '/join/some-client-route', '/icons/icon.svg'])('%s must be revalidated (no-cache)', async (path) => {
    expect((await r.request(path)).headers.get('cache-control')).toBe('no-cache');
  });

  it('lets hashed assets be cached for a year', async () => {
    expect((await r.request('/assets/index-abc123.js')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('a missing asset is a 404 that is not cached for long', async () => {
    const res = await r.request('/assets/missing-000.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });
});

describe('API routes', () => {
  it('answers with nosniff, no-referrer and no-store, errors too', async () => {
    for (const path of ['/v1/invites/AAAAAAAAAAAAAAAAAAAAAA', '/v1/no-such-route']) {
      const res = await r.request(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('refuses a POST whose body is not declared JSON (it would need no CORS preflight)', async () => {
    const res = await fetch(`${r.url}/v1/spaces`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"genesis":"x"}' });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid-request' } });
  });
});

describe('reading the web app from the extension', () => {
  it('lets an extension read the files (to check them against the release manifest), and no other site', async () => {
    const extension = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    for (const path of ['/index.html', '/sw.js', '/assets/index-abc123.js']) {
      const allowed = await r.request(path, { headers: { origin: extension } });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(extension);
      const refused = await r.request(path, { headers: { origin: 'https://evil.example' } });
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
