// Linking a new device over the real HTTP API: create a link (certificate checked against the
// chain), the new device's request (signatures checked), status polling, and the link-device op
// that consumes the link with a wrap for the new device. Every refusal has its own test.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDeviceLink, createLinkDeviceOp, createLinkRequest, generateDeviceKeys, readyCrypto } from '@securebase/crypto';
import { encodeLinkCertificate, toBase64Url, type DeviceLinkResponse } from '@securebase/protocol';
import { authenticated, headOf, linkDevice, openLink, pairedCouple, postOps, wrapFor, type TestCouple } from './pairing-fixtures.js';
import { expectError, postJson, startTestRelay, type TestRelay } from './relay-harness.js';

let h: TestRelay | undefined;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function setup(): Promise<{ r: TestRelay; c: TestCouple }> {
  h = await startTestRelay();
  return { r: h, c: await pairedCouple(h) };
}

const postLink = (r: TestRelay, c: TestCouple, certificate: Uint8Array, spaceId = c.space.spaceId) =>
  r.fetchJson(`/v1/spaces/${spaceId}/device-links`, postJson({ certificate: toBase64Url(certificate) }));

const postRequest = (r: TestRelay, linkId: string, request: Uint8Array) =>
  r.fetchJson(`/v1/device-links/${linkId}/request`, postJson({ request: toBase64Url(request) }));

describe('creating a device link', () => {
  it('stores a link certified by a device of that partner and reports it open', async () => {
    const { r, c } = await setup();
    const issuer = c.alice.devices[0]!;
    const link = createDeviceLink({ spaceId: c.space.spaceId, partnerId: c.alice.partnerId, issuer, now: r.clock.now });
    const created = await postLink(r, c, link.encodedCertificate);
    expect(created).toEqual({ status: 201, body: { linkId: link.linkId, expiresAt: link.certificate.expiresAt } });
    const fetched = await r.fetchJson(`/v1/device-links/${link.linkId}`);
    expect(fetched).toEqual({
      status: 200,
      body: { spaceId: c.space.spaceId, certificate: toBase64Url(link.encodedCertificate), status: 'open' } satisfies DeviceLinkResponse,
    });
    expectError(await postLink(r, c, link.encodedCertificate), 'already-exists', 409);
  });

  it('refuses a certificate for the other partner, by a stranger, or with a tampered signature', async () => {
    const { r, c } = await setup();
    const alice = c.alice.devices[0]!;
    const forBob = createDeviceLink({ spaceId: c.space.spaceId, partnerId: c.bob.partnerId, issuer: alice, now: r.clock.now });
    expectError(await postLink(r, c, forBob.encodedCertificate), 'invalid-membership', 400);
    const stranger = createDeviceLink({ spaceId: c.space.spaceId, partnerId: c.alice.partnerId, issuer: generateDeviceKeys(), now: r.clock.now });
    expectError(await postLink(r, c, stranger.encodedCertificate), 'invalid-membership', 400);
    const good = createDeviceLink({ spaceId: c.space.spaceId, partnerId: c.alice.partnerId, issuer: alice, now: r.clock.now });
    const signature = good.certificate.signature.slice();
    signature[0] = (signature[0] ?? 0) ^ 1;
    expectError(await postLink(r, c, encodeLinkCertificate({ ...good.certificate, signature })), 'invalid-membership', 400);
  });

  it('refuses an expired or too long-lived certificate, another space and an unknown space', async () => {
    const { r, c } = await setup();
    const issuer = c.alice.devices[0]!;
    const make = (ttlMs: number) => createDeviceLink({ spaceId: c.space.spaceId, partnerId: c.alice.partnerId, issuer, ttlMs, now: r.clock.now });
    r.clock.now += 1;
    const expiring = make(1);
    r.clock.now += 5;
    expectError(await postLink(r, c, expiring.encodedCertificate), 'link-expired', 410);
    expectError(await postLink(r, c, make(2 * 60 * 60 * 1000).encodedCertificate), 'invalid-request', 400);
    const other = await pairedCouple(r);
    expectError(await postLink(r, c, make(60_000).encodedCertificate, other.space.spaceId), 'wrong-space', 400);
    expectError(await postLink(r, c, make(60_000).encodedCertificate, 'AAAAAAAAAAAAAAAAAAAAAA'), 'wrong-space', 400);
    expect((await postLink(r, c, make(60_000).encodedCertificate, 'not-an-id')).status).toBe(400);
  });

  it('answers 404 link-not-found for an unknown or malformed link id', async () => {
    const { r } = await setup();
    expectError(await r.fetchJson('/v1/device-links/AAAAAAAAAAAAAAAAAAAAAA'), 'link-not-found', 404);
    expectError(await r.fetchJson('/v1/device-links/nope'), 'link-not-found', 404);
    expectError(await postRequest(r, 'AAAAAAAAAAAAAAAAAAAAAA', new Uint8Array(10)), 'link-not-found', 404);
  });
});

describe('requesting a link', () => {
  it('accepts the new device’s request once (an identical retry too) and shows it to the issuer', async () => {
    const { r, c } = await setup();
    const link = await openLink(r, c, c.alice);
    const request = createLinkRequest({ secret: link.secret, spaceId: c.space.spaceId, device: generateDeviceKeys() });
    expect(await postRequest(r, link.linkId, request)).toEqual({ status: 201, body: {} });
    expect((await postRequest(r, link.linkId, request)).status).toBe(201);
    const fetched = await r.fetchJson(`/v1/device-links/${link.linkId}`);
    expect(fetched.body).toMatchObject({ status: 'requested', request: toBase64Url(request) });
    // A second, different device cannot take the same link.
    const intruder = createLinkRequest({ secret: link.secret, spaceId: c.space.spaceId, device: generateDeviceKeys() });
    expectError(await postRequest(r, link.linkId, intruder), 'link-used', 410);
  });

  it('refuses a request not signed with the link secret, a tampered one and a malformed one', async () => {
    const { r, c } = await setup();
    const link = await openLink(r, c, c.alice);
    const otherSecret = createDeviceLink({ spaceId: c.space.spaceId, partnerId: c.alice.partnerId, issuer: c.alice.devices[0]!, now: r.clock.now }).secret;
    const wrongSecret = createLinkRequest({ secret: otherSecret, spaceId: c.space.spaceId, device: generateDeviceKeys() });
    expect((await postRequest(r, link.linkId, wrongSecret)).status).toBeGreaterThanOrEqual(400);
    const tampered = createLinkRequest({ secret: link.secret, spaceId: c.space.spaceId, device: generateDeviceKeys() });
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect((await postRequest(r, link.linkId, tampered)).status).toBeGreaterThanOrEqual(400);
    expect((await postRequest(r, link.linkId, new Uint8Array([1, 2, 3]))).status).toBe(400);
    expect((await r.fetchJson(`/v1/device-links/${link.linkId}`)).body).toMatchObject({ status: 'open' });
  });

  it('refuses a request by a device that is already a member', async () => {
    const { r, c } = await setup();
    const link = await openLink(r, c, c.alice);
    const request = createLinkRequest({ secret: link.secret, spaceId: c.space.spaceId, device: c.bob.devices[0]! });
    expectError(await postRequest(r, link.linkId, request), 'already-member', 409);
  });

  it('answers link-expired once the link has expired, for status and request', async () => {
    const { r, c } = await setup();
    const link = await openLink(r, c, c.alice);
    r.clock.now = link.certificate.expiresAt;
    expectError(await r.fetchJson(`/v1/device-links/${link.linkId}`), 'link-expired', 410);
    const request = createLinkRequest({ secret: link.secret, spaceId: c.space.spaceId, device: generateDeviceKeys() });
    expectError(await postRequest(r, link.linkId, request), 'link-expired', 410);
  });
});

describe('link-device op', () => {
  it('appends the op with the new device’s wrap, marks the link linked, and the device can connect', async () => {
    const { r, c } = await setup();
    const phone = await linkDevice(r, c, c.alice);
    const membership = await r.fetchJson(`/v1/spaces/${c.space.spaceId}/membership`);
    expect((membership.body as { ops: string[] }).ops).toHaveLength(3);
    const wraps = await r.fetchJson(`/v1/spaces/${c.space.spaceId}/key-wraps/${toBase64Url(phone.signPublicKey)}`);
    expect((wraps.body as { wraps: unknown[] }).wraps).toHaveLength(1);
    const socket = await authenticated(r, c, phone);
    socket.close();
  });

  it('keeps a linked link readable after expiry, and refuses to use it twice', async () => {
    const { r, c } = await setup();
    const issuer = c.alice.devices[0]!;
    const link = await openLink(r, c, c.alice);
    const device = generateDeviceKeys();
    const request = createLinkRequest({ secret: link.secret, spaceId: c.space.spaceId, device });
    await postRequest(r, link.linkId, request);
    const op = createLinkDeviceOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: issuer, request, certificate: link.certificate, now: r.clock.now });
    expect((await postOps(r, c, [op], [wrapFor(device, issuer)])).status).toBe(201);
    r.clock.now = link.certificate.expiresAt + 1;
    expect((await r.fetchJson(`/v1/device-links/${link.linkId}`)).body).toMatchObject({ status: 'linked' });
    expectError(await postRequest(r, link.linkId, request), 'link-used', 410);
    const again = createLinkDeviceOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: issuer, request, certificate: link.certificate, now: r.clock.now });
    expect((await postOps(r, c, [again], [wrapFor(device, issuer)])).status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a link that no device has requested yet, or that has expired', async () => {
    const { r, c } = await setup();
    const issuer = c.alice.devices[0]!;
    const link = await openLink(r, c, c.alice);
    const device = generateDeviceKeys();
    const request = createLinkRequest({ secret: link.secret, spaceId: c.space.spaceId, device });
    const op = createLinkDeviceOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: issuer, request, certificate: link.certificate, now: r.clock.now });
    expectError(await postOps(r, c, [op], [wrapFor(device, issuer)]), 'link-not-requested', 409);
    await postRequest(r, link.linkId, request);
    r.clock.now = link.certificate.expiresAt;
    expectError(await postOps(r, c, [op], [wrapFor(device, issuer)]), 'link-expired', 410);
    expect(c.ops).toHaveLength(2);
  });

  it('refuses an op linking another device than the one that requested the link', async () => {
    const { r, c } = await setup();
    const issuer = c.alice.devices[0]!;
    const link = await openLink(r, c, c.alice);
    await postRequest(r, link.linkId, createLinkRequest({ secret: link.secret, spaceId: c.space.spaceId, device: generateDeviceKeys() }));
    const other = generateDeviceKeys();
    const otherRequest = createLinkRequest({ secret: link.secret, spaceId: c.space.spaceId, device: other });
    const op = createLinkDeviceOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: issuer, request: otherRequest, certificate: link.certificate, now: r.clock.now });
    expectError(await postOps(r, c, [op], [wrapFor(other, issuer)]), 'invalid-membership', 400);
  });

  it('refuses a link-device op without the new device’s wrap, or with a wrap for anyone else', async () => {
    const { r, c } = await setup();
    const issuer = c.alice.devices[0]!;
    const link = await openLink(r, c, c.alice);
    const device = generateDeviceKeys();
    const request = createLinkRequest({ secret: link.secret, spaceId: c.space.spaceId, device });
    await postRequest(r, link.linkId, request);
    const op = createLinkDeviceOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: issuer, request, certificate: link.certificate, now: r.clock.now });
    expectError(await postOps(r, c, [op], []), 'invalid-request', 400);
    expectError(await postOps(r, c, [op], [wrapFor(device, issuer), wrapFor(c.bob.devices[0]!, issuer)]), 'invalid-request', 400);
    // A wrap that claims a non-member as its wrapper.
    expectError(await postOps(r, c, [op], [wrapFor(device, generateDeviceKeys())]), 'invalid-request', 400);
    expect((await r.fetchJson(`/v1/device-links/${link.linkId}`)).body).toMatchObject({ status: 'requested' });
    expect((await postOps(r, c, [op], [wrapFor(device, issuer)])).status).toBe(201);
  });
});
