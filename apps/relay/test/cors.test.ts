// CORS on the relay's /v1 API, over a real socket: the browser extension (its own origin, no host
// permissions) and origins the operator lists may preflight and read answers; any other website
// gets no CORS headers and its preflight is refused (before the fix every origin got `*`, so any
// website could drive a person's local relay). Nothing else is opened up (no credentials, only
// GET/POST and content-type), and the web app at / is not affected.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEdgeRelay, type EdgeRelay } from './edge-relay.js';

const CHROME_EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const FIREFOX_EXTENSION = 'moz-extension://0b3c9f4e-1d2a-4c7e-9f00-123456789abc';
const LISTED = 'https://notes.example';
const OTHER = 'https://evil.example';

let r: EdgeRelay;
beforeEach(async () => {
  r = await startEdgeRelay({ allowOrigins: [LISTED] });
});
afterEach(async () => {
  await r.stop();
});

const preflight = (origin: string) =>
  fetch(`${r.url}/v1/spaces`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });

describe('CORS for /v1', () => {
  it.each([CHROME_EXTENSION, FIREFOX_EXTENSION, LISTED])('answers a preflight from %s with GET/POST and content-type only', async (origin) => {
    const res = await preflight(origin);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-methods')?.split(',').sort()).toEqual(['GET', 'POST']);
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('refuses a preflight from any other origin, with no CORS headers', async () => {
    for (const origin of [OTHER, 'http://127.0.0.1:9999', 'null', 'chrome-extension://x/../evil']) {
      const res = await preflight(origin);
      expect(res.status, origin).toBe(403);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('lets an allowed caller read both answers and error answers; others get no CORS headers', async () => {
    const missing = await fetch(`${r.url}/v1/device-links/AAAAAAAAAAAAAAAAAAAAAA`, { headers: { origin: CHROME_EXTENSION } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(CHROME_EXTENSION);
    expect(await missing.json()).toMatchObject({ error: { code: expect.any(String) } });

    const bad = await fetch(`${r.url}/v1/spaces`, {
      method: 'POST',
      headers: { origin: CHROME_EXTENSION, 'content-type': 'application/json' },
      body: '{"genesis":"not-an-op"}',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe(CHROME_EXTENSION);

    const other = await fetch(`${r.url}/v1/device-links/AAAAAAAAAAAAAAAAAAAAAA`, { headers: { origin: OTHER } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('leaves everything outside /v1 without CORS headers', async () => {
    const health = await fetch(`${r.url}/healthz`, { headers: { origin: CHROME_EXTENSION } });
    expect(health.status).toBe(200);
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
  });
});
