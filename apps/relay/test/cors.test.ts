// CORS on the relay's /v1 API, over a real socket: the browser extension (its own origin, no host
// permissions) must be able to preflight and read answers; nothing else is opened up (no
// credentials, only GET/POST and content-type), and the web app at / is not affected.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from './relay-harness.js';

const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

let h: TestRelay;
beforeEach(async () => {
  h = await startTestRelay();
});
afterEach(async () => {
  await h.stop();
});

describe('CORS for /v1', () => {
  it('answers a preflight for a JSON POST with GET/POST and content-type only', async () => {
    const res = await fetch(`${h.relay.url}/v1/spaces`, {
      method: 'OPTIONS',
      headers: {
        origin: EXTENSION_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')?.split(',').sort()).toEqual(['GET', 'POST']);
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets a cross-origin caller read both answers and error answers', async () => {
    const missing = await fetch(`${h.relay.url}/v1/device-links/AAAAAAAAAAAAAAAAAAAAAA`, { headers: { origin: EXTENSION_ORIGIN } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
    expect(await missing.json()).toMatchObject({ error: { code: expect.any(String) } });

    const bad = await fetch(`${h.relay.url}/v1/spaces`, {
      method: 'POST',
      headers: { origin: EXTENSION_ORIGIN, 'content-type': 'application/json' },
      body: '{"genesis":"not-an-op"}',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('leaves everything outside /v1 without CORS headers', async () => {
    const health = await fetch(`${h.relay.url}/healthz`, { headers: { origin: EXTENSION_ORIGIN } });
    expect(health.status).toBe(200);
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
  });
});
