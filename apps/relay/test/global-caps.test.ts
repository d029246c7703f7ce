// Relay-wide caps (issue 9, finding 3): total spaces, total stored bytes and total connections.
// Before the fix a relay took spaces and sockets without end (2,000 spaces in 3.3 s, each with
// its own 64 MiB quota and 16 socket slots); now each cap answers a typed `relay-full`.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readyCrypto } from '@securebase/crypto';
import { CLOSE, ERRORS, SHARED_DOC_ID, toBase64Url } from '@securebase/protocol';
import { startEdgeRelay, type EdgeRelay } from './edge-relay.js';
import { newEnvelope, newSpace } from './fixtures.js';
import { expectError, startTestRelay } from './relay-harness.js';
import { authenticated, couple, subscribe } from './session-helpers.js';

let r: EdgeRelay | undefined;
beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await r?.stop();
  r = undefined;
});

const create = (relay: EdgeRelay, from: string) => relay.request('/v1/spaces', { json: { genesis: toBase64Url(newSpace(relay.clock.now).genesis) }, from });

function open(url: string, from: string): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { 'x-forwarded-for': from } });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('global caps', () => {
  it('answers relay-full (503) once the relay holds maxSpaces spaces', async () => {
    r = await startEdgeRelay({ trustProxy: ['127.0.0.1'], limits: { maxSpaces: 3 } });
    for (let i = 0; i < 3; i++) expect((await create(r, `203.0.113.${i}`)).status).toBe(201);
    expectError(await create(r, '203.0.113.50'), 'relay-full', 503);
    expect(r.logLines.some((line) => (JSON.parse(line) as { kind?: string }).kind === 'spaces-total')).toBe(true);
  });

  it('answers relay-full once the relay stores maxTotalBytes', async () => {
    r = await startEdgeRelay({ trustProxy: ['127.0.0.1'], limits: { maxTotalBytes: 1 } });
    expect((await create(r, '203.0.113.1')).status).toBe(201);
    expectError(await create(r, '203.0.113.2'), 'relay-full', 503);
  });

  it('refuses a WebSocket with 503 before the upgrade once maxConnections are open', async () => {
    r = await startEdgeRelay({ trustProxy: ['127.0.0.1'], limits: { maxConnections: 2 } });
    const url = `${r.url.replace('http', 'ws')}/v1/spaces/AAAAAAAAAAAAAAAAAAAAAA/ws`;
    const first = await open(url, '203.0.113.1');
    const second = await open(url, '203.0.113.2');
    expect(first).toBeInstanceOf(WebSocket);
    expect(second).toBeInstanceOf(WebSocket);
    expect(await open(url, '203.0.113.3')).toBe(503);
    for (const ws of [first, second]) if (ws instanceof WebSocket) ws.terminate();
  });
});

describe('the relay-wide byte cap holds for writes too', () => {
  it('refuses a push with relay-full once the relay stores maxTotalBytes; nothing is stored', async () => {
    const t = await startTestRelay({ limits: { maxTotalBytes: 6000 } });
    try {
      const { space, alice } = await couple(t);
      const socket = await authenticated(t, space, alice);
      // Envelopes of about 1.1 KiB: the first few fit, then the cap is reached.
      let clock = 0;
      for (;;) {
        clock += 1;
        socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: clock, envelope: newEnvelope(space, alice, clock, { size: 1000 }) });
        const answer = await socket.next();
        if (answer.type === 'ack') continue;
        expect(answer).toMatchObject({ type: 'error', code: ERRORS['relay-full'].wire, ref: clock });
        break;
      }
      expect(clock).toBeGreaterThan(1);
      expect((await socket.closed).code).toBe(CLOSE.RELAY_FULL);
      // What was acked is there; the refused push is not.
      const again = await authenticated(t, space, alice);
      expect((await subscribe(again)).seqs).toEqual(Array.from({ length: clock - 1 }, (_, i) => i + 1));
    } finally {
      await t.stop();
    }
  });
});
