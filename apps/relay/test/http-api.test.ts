// The relay's HTTP API over a real socket and real SQLite: happy paths for spaces and invites,
// and every error a client can provoke, each answered as { error: { code, message } }.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGenesisOp, generateDeviceKeys, randomId, readyCrypto } from '@securebase/crypto';
import { toBase64Url } from '@securebase/protocol';
import { newAddPartnerOp, newInvite, newSpace, type TestInvite, type TestSpace } from './fixtures.js';
import { expectError, postJson, startTestRelay, type TestRelay } from './relay-harness.js';

const HOUR = 60 * 60 * 1000;

let h: TestRelay;

beforeAll(async () => {
  await readyCrypto();
});
beforeEach(async () => {
  h = await startTestRelay();
});
afterEach(async () => {
  await h.stop();
});

async function createSpace(space: TestSpace = newSpace(h.clock.now)): Promise<TestSpace> {
  const created = await h.fetchJson('/v1/spaces', postJson({ genesis: toBase64Url(space.genesis) }));
  expect(created).toEqual({ status: 201, body: { spaceId: space.spaceId, membershipHead: 0 } });
  return space;
}

const postInvite = (space: TestSpace, invite: TestInvite) =>
  h.fetchJson(
    `/v1/spaces/${space.spaceId}/invites`,
    postJson({ certificate: toBase64Url(invite.encodedCertificate), payload: toBase64Url(invite.payload) }),
  );

async function createInvite(space: TestSpace, expiresAt = h.clock.now + HOUR): Promise<TestInvite> {
  const invite = newInvite(space, { expiresAt });
  expect(await postInvite(space, invite)).toEqual({ status: 201, body: { inviteId: invite.certificate.inviteId, expiresAt } });
  return invite;
}

const accept = (inviteId: string, op: Uint8Array) => h.fetchJson(`/v1/invites/${inviteId}/accept`, postJson({ op: toBase64Url(op) }));

describe('spaces', () => {
  it('creates a space and returns its membership chain', async () => {
    const space = await createSpace();
    expect(await h.fetchJson(`/v1/spaces/${space.spaceId}/membership`)).toEqual({
      status: 200,
      body: { ops: [toBase64Url(space.genesis)] },
    });
  });

  it('treats a repeated identical create as success and a different genesis for the same id as a conflict', async () => {
    const space = await createSpace();
    await createSpace(space);
    // Same space id, different owner.
    const clash = createGenesisOp({ spaceId: space.spaceId, partnerId: randomId(), device: generateDeviceKeys(), now: h.clock.now });
    const response = await h.fetchJson('/v1/spaces', postJson({ genesis: toBase64Url(clash) }));
    expectError(response, 'already-exists', 409);
  });

  it('refuses a genesis op with a forged signature', async () => {
    const space = newSpace(h.clock.now);
    const forged = space.genesis.slice();
    forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 1;
    const response = await h.fetchJson('/v1/spaces', postJson({ genesis: toBase64Url(forged) }));
    expect(response.status).toBe(400);
    expect(await h.fetchJson(`/v1/spaces/${space.spaceId}/membership`)).toMatchObject({ status: 404 });
  });

  it('answers 404 unknown-space and 400 for a malformed space id', async () => {
    expectError(await h.fetchJson(`/v1/spaces/${newSpace().spaceId}/membership`), 'unknown-space', 404);
    expectError(await h.fetchJson('/v1/spaces/not-an-id/membership'), 'invalid-request', 400);
  });
});

describe('request bodies', () => {
  it('rejects bad JSON, non-objects, missing or mistyped fields and bad base64url with 400', async () => {
    const raw = (body: string) => h.fetchJson('/v1/spaces', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const badJson = await raw('{"genesis": ');
    expectError(badJson, 'invalid-request', 400);
    expect(JSON.stringify(badJson.body)).toContain('not valid JSON');
    expectError(await raw('[1,2]'), 'invalid-request', 400);
    const missing = await h.fetchJson('/v1/spaces', postJson({}));
    expectError(missing, 'invalid-request', 400);
    expect(JSON.stringify(missing.body)).toContain('genesis');
    expectError(await h.fetchJson('/v1/spaces', postJson({ genesis: 42 })), 'invalid-request', 400);
    const badBase64 = await h.fetchJson('/v1/spaces', postJson({ genesis: 'abc+/==' }));
    expectError(badBase64, 'invalid-request', 400);
    expect(JSON.stringify(badBase64.body)).toContain('base64url');
    expectError(await h.fetchJson('/v1/spaces', postJson({ genesis: 'AAAA' })), 'malformed-frame', 400);
  });

  it('rejects a body over the HTTP limit with 413', async () => {
    const response = await h.fetchJson('/v1/spaces', postJson({ genesis: 'A'.repeat(70 * 1024) }));
    expectError(response, 'frame-too-large', 413);
  });
});

describe('invites', () => {
  it('creates, fetches and accepts an invite; the new partner appears in the chain', async () => {
    const space = await createSpace();
    const invite = await createInvite(space);
    const inviteId = invite.certificate.inviteId;
    expect(await h.fetchJson(`/v1/invites/${inviteId}`)).toEqual({
      status: 200,
      body: { spaceId: space.spaceId, certificate: toBase64Url(invite.encodedCertificate), payload: toBase64Url(invite.payload) },
    });
    const { op } = newAddPartnerOp(space, invite, { lastOp: space.genesis, lastSeq: 0 }, h.clock.now);
    const accepted = await accept(inviteId, op);
    const chain = { ops: [toBase64Url(space.genesis), toBase64Url(op)] };
    expect(accepted).toEqual({ status: 201, body: chain });
    expect(await h.fetchJson(`/v1/spaces/${space.spaceId}/membership`)).toEqual({ status: 200, body: chain });
    expectError(await h.fetchJson(`/v1/invites/${inviteId}`), 'invite-used', 410);
  });

  it('answers 404 for an unknown or malformed invite id', async () => {
    expectError(await h.fetchJson(`/v1/invites/${newSpace().spaceId}`), 'invite-not-found', 404);
    expectError(await h.fetchJson('/v1/invites/nope'), 'invite-not-found', 404);
  });

  it('answers 410 invite-expired once the expiry has passed, for fetch and accept', async () => {
    const space = await createSpace();
    const invite = await createInvite(space, h.clock.now + HOUR);
    h.clock.now += 2 * HOUR;
    expectError(await h.fetchJson(`/v1/invites/${invite.certificate.inviteId}`), 'invite-expired', 410);
    const { op } = newAddPartnerOp(space, invite, { lastOp: space.genesis, lastSeq: 0 }, h.clock.now);
    expectError(await accept(invite.certificate.inviteId, op), 'invite-expired', 410);
  });

  it('refuses a used invite with 410 invite-used', async () => {
    const space = await createSpace();
    const invite = await createInvite(space);
    const first = newAddPartnerOp(space, invite, { lastOp: space.genesis, lastSeq: 0 }, h.clock.now);
    expect((await accept(invite.certificate.inviteId, first.op)).status).toBe(201);
    const second = newAddPartnerOp(space, invite, { lastOp: first.op, lastSeq: 1 }, h.clock.now);
    expectError(await accept(invite.certificate.inviteId, second.op), 'invite-used', 410);
  });

  it('refuses a third partner with 409 space-full, at accept and at invite creation', async () => {
    const space = await createSpace();
    const first = await createInvite(space);
    const second = await createInvite(space);
    const partner = newAddPartnerOp(space, first, { lastOp: space.genesis, lastSeq: 0 }, h.clock.now);
    expect((await accept(first.certificate.inviteId, partner.op)).status).toBe(201);
    const third = newAddPartnerOp(space, second, { lastOp: partner.op, lastSeq: 1 }, h.clock.now);
    expectError(await accept(second.certificate.inviteId, third.op), 'space-full', 409);
    // The sibling was closed when the space filled: it answers why, never its payload.
    expectError(await h.fetchJson(`/v1/invites/${second.certificate.inviteId}`), 'space-full', 409);
    expectError(await postInvite(space, newInvite(space, { expiresAt: h.clock.now + HOUR })), 'space-full', 409);
  });

  it('refuses a certificate not signed by a member device', async () => {
    const space = await createSpace();
    const forged = newInvite(space, { expiresAt: h.clock.now + HOUR, issuer: generateDeviceKeys() });
    const response = await postInvite(space, forged);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expectError(await h.fetchJson(`/v1/invites/${forged.certificate.inviteId}`), 'invite-not-found', 404);
  });

  it('refuses a certificate whose signature was tampered with', async () => {
    const space = await createSpace();
    const invite = newInvite(space, { expiresAt: h.clock.now + HOUR });
    const last = invite.encodedCertificate.length - 1;
    invite.encodedCertificate[last] = (invite.encodedCertificate[last] ?? 0) ^ 1;
    const response = await postInvite(space, invite);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('refuses a certificate for another space, an unknown space, a far expiry and an oversize payload', async () => {
    const space = await createSpace();
    const other = await createSpace();
    const forOther = newInvite(space, { expiresAt: h.clock.now + HOUR, spaceId: other.spaceId });
    expectError(await postInvite(space, forOther), 'wrong-space', 400);
    const unknown = newSpace(h.clock.now);
    expectError(await postInvite(unknown, newInvite(unknown, { expiresAt: h.clock.now + HOUR })), 'unknown-space', 404);
    expectError(await postInvite(space, newInvite(space, { expiresAt: h.clock.now + 8 * 24 * HOUR })), 'invalid-request', 400);
    const big = newInvite(space, { expiresAt: h.clock.now + HOUR });
    big.payload = new Uint8Array(4097);
    expectError(await postInvite(space, big), 'frame-too-large', 413);
  });

  it('refuses an accept whose op redeems a different invite than the URL', async () => {
    const space = await createSpace();
    const first = await createInvite(space);
    const second = await createInvite(space);
    const { op } = newAddPartnerOp(space, second, { lastOp: space.genesis, lastSeq: 0 }, h.clock.now);
    expectError(await accept(first.certificate.inviteId, op), 'invalid-request', 400);
    expect(await h.fetchJson(`/v1/invites/${first.certificate.inviteId}`)).toMatchObject({ status: 200 });
  });

  it('refuses an add-partner op signed with the wrong verifier key', async () => {
    const space = await createSpace();
    const invite = await createInvite(space);
    const impostor = newInvite(space, { expiresAt: h.clock.now + HOUR });
    const { op } = newAddPartnerOp(space, { ...invite, verifier: impostor.verifier }, { lastOp: space.genesis, lastSeq: 0 }, h.clock.now);
    const response = await accept(invite.certificate.inviteId, op);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await h.fetchJson(`/v1/invites/${invite.certificate.inviteId}`)).toMatchObject({ status: 200 });
  });
});

describe('other routes', () => {
  it('answers /healthz, 404 JSON for unknown API routes and 426 for a plain GET of the socket', async () => {
    expect(await h.fetchJson('/healthz')).toEqual({ status: 200, body: { ok: true, database: 'ready', bus: 'ready' } });
    expectError(await h.fetchJson('/v1/nothing-here'), 'invalid-request', 404);
    expectError(await h.fetchJson(`/v1/spaces/${newSpace().spaceId}/ws`), 'invalid-request', 426);
  });

  it('explains how to build the web app when it is missing', async () => {
    const response = await fetch(`${h.relay.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('web app is not built');
  });

  it('serves the built web app with index.html for client routes', async () => {
    const webRoot = join(h.dataDir, 'web');
    mkdirSync(join(webRoot, 'assets'), { recursive: true });
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Secure Base</title>');
    writeFileSync(join(webRoot, 'assets', 'app.js'), 'export {};');
    const web = await startTestRelay({ webRoot });
    try {
      const page = await fetch(`${web.relay.url}/`);
      expect(await page.text()).toContain('<title>Secure Base</title>');
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await (await fetch(`${web.relay.url}/assets/app.js`)).text()).toBe('export {};');
      expect(await (await fetch(`${web.relay.url}/check-in/today`)).text()).toContain('<title>Secure Base</title>');
      expect((await fetch(`${web.relay.url}/assets/missing.js`)).status).toBe(404);
      expect((await fetch(`${web.relay.url}/v1/nothing`)).status).toBe(404);
    } finally {
      await web.stop();
    }
  });
});

describe('logging', () => {
  it('logs route patterns and statuses, never ids', async () => {
    const space = await createSpace();
    const invite = await createInvite(space);
    await h.fetchJson(`/v1/invites/${invite.certificate.inviteId}`);
    await h.fetchJson(`/v1/spaces/${space.spaceId}/membership`);
    const log = h.logLines.join('\n');
    expect(log).toContain('GET /v1/invites/:inviteId 200');
    expect(log).toContain('POST /v1/spaces 201');
    expect(log).not.toContain(space.spaceId);
    expect(log).not.toContain(invite.certificate.inviteId);
  });
});
