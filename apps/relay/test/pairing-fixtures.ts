/**
 * A paired couple on a running test relay, with the membership chain kept client-side so tests
 * can build real signed ops (link-device, remove-device, leave, rotate-key) and real sealed key
 * wraps with @securebase/crypto, and post them through the HTTP API.
 *
 *   const c = await pairedCouple(r);
 *   const phone = await linkDevice(r, c, c.alice);
 *   const socket = await authenticated(r, c, phone);
 */
import {
  createDeviceLink,
  createLinkDeviceOp,
  createLinkRequest,
  generateDeviceKeys,
  generateSpaceKey,
  hashMembershipOp,
  sealKeyBundle,
  signAuthChallenge,
  type DeviceKeys,
} from '@securebase/crypto';
import { PROTOCOL_VERSION, SHARED_DOC_ID, privateScope, SPACE_SCOPE, toBase64Url, type Frame } from '@securebase/protocol';
import { expect } from 'vitest';
import { newAddPartnerOp, newInvite, newSpace, type TestSpace } from './fixtures.js';
import { postJson, type FrameSocket, type TestRelay } from './relay-harness.js';

/** What the fixtures use of a relay: its clock, HTTP and sockets (a test relay, or a proxy in front of nodes). */
export type RelayClient = Pick<TestRelay, 'clock' | 'fetchJson' | 'connect'>;

export interface TestPartner {
  partnerId: string;
  devices: DeviceKeys[];
}

export interface TestCouple {
  space: TestSpace;
  alice: TestPartner;
  bob: TestPartner;
  /** The chain as the relay holds it, genesis first. */
  ops: Uint8Array[];
}

/** Current head of the couple's chain, as `prev` for the next op. */
export function headOf(c: TestCouple): { seq: number; hash: Uint8Array } {
  const last = c.ops.at(-1);
  if (!last) throw new Error('empty chain');
  return { seq: c.ops.length - 1, hash: hashMembershipOp(last) };
}

/** Create a space and pair a second partner through the HTTP API. */
export async function pairedCouple(r: RelayClient): Promise<TestCouple> {
  const space = newSpace(r.clock.now);
  expect((await r.fetchJson('/v1/spaces', postJson({ genesis: toBase64Url(space.genesis) }))).status).toBe(201);
  const invite = newInvite(space, { expiresAt: r.clock.now + 60_000 });
  const body = { certificate: toBase64Url(invite.encodedCertificate), payload: toBase64Url(invite.payload) };
  expect((await r.fetchJson(`/v1/spaces/${space.spaceId}/invites`, postJson(body))).status).toBe(201);
  const joiner = newAddPartnerOp(space, invite, { lastOp: space.genesis, lastSeq: 0 }, r.clock.now);
  const accepted = await r.fetchJson(`/v1/invites/${invite.certificate.inviteId}/accept`, postJson({ op: toBase64Url(joiner.op) }));
  expect(accepted.status).toBe(201);
  return {
    space,
    alice: { partnerId: space.partnerId, devices: [space.owner] },
    bob: { partnerId: joiner.partnerId, devices: [joiner.device] },
    ops: [space.genesis, joiner.op],
  };
}

/** A real signed wrap of a fresh key bundle for `recipient`, made by `wrapper`. */
export function wrapFor(recipient: DeviceKeys, wrapper: DeviceKeys, scope = SPACE_SCOPE, epoch = 0): { deviceKey: string; wrap: string } {
  const wrap = sealKeyBundle({
    entries: [{ scope, epoch, key: generateSpaceKey() }],
    recipient: { deviceKey: recipient.signPublicKey, boxKey: recipient.boxPublicKey },
    wrapper,
  });
  return { deviceKey: toBase64Url(recipient.signPublicKey), wrap: toBase64Url(wrap) };
}

/** POST a membership request; on success the ops join the couple's chain. */
export async function postOps(
  r: RelayClient,
  c: TestCouple,
  ops: Uint8Array[],
  wraps: { deviceKey: string; wrap: string }[],
): Promise<{ status: number; body: unknown }> {
  const response = await r.fetchJson(`/v1/spaces/${c.space.spaceId}/membership`, postJson({ ops: ops.map(toBase64Url), wraps }));
  if (response.status === 201) c.ops.push(...ops);
  return response;
}

/** A device link opened by `issuer` for `partner`, posted to the relay; returns what the new device needs. */
export async function openLink(r: RelayClient, c: TestCouple, partner: TestPartner, issuer = partner.devices[0]) {
  if (!issuer) throw new Error('partner has no device');
  const link = createDeviceLink({ spaceId: c.space.spaceId, partnerId: partner.partnerId, issuer, now: r.clock.now });
  const created = await r.fetchJson(`/v1/spaces/${c.space.spaceId}/device-links`, postJson({ certificate: toBase64Url(link.encodedCertificate) }));
  expect(created.status).toBe(201);
  return link;
}

/** Run the whole link flow: link, request, link-device op with a wrap. Returns the new device. */
export async function linkDevice(r: RelayClient, c: TestCouple, partner: TestPartner): Promise<DeviceKeys> {
  const issuer = partner.devices[0];
  if (!issuer) throw new Error('partner has no device');
  const link = await openLink(r, c, partner, issuer);
  const device = generateDeviceKeys();
  const request = createLinkRequest({ secret: link.secret, spaceId: c.space.spaceId, device });
  expect((await r.fetchJson(`/v1/device-links/${link.linkId}/request`, postJson({ request: toBase64Url(request) }))).status).toBe(201);
  const op = createLinkDeviceOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: issuer, request, certificate: link.certificate, now: r.clock.now });
  const appended = await postOps(r, c, [op], [wrapFor(device, issuer, privateScope(partner.partnerId))]);
  expect(appended.status).toBe(201);
  partner.devices.push(device);
  return device;
}

/** Open a socket and run the handshake as `device`; returns it after `welcome`. */
export async function authenticated(r: RelayClient, c: TestCouple, device: DeviceKeys): Promise<FrameSocket> {
  const socket = await handshake(r, c, device);
  await socket.expect('welcome');
  return socket;
}

/** Open a socket, send hello and auth as `device`; the next frame is the relay's answer to auth. */
export async function handshake(r: RelayClient, c: TestCouple, device: DeviceKeys): Promise<FrameSocket> {
  const { spaceId } = c.space;
  const socket = await r.connect(spaceId);
  socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId, deviceKey: device.signPublicKey });
  const challenge = await socket.expect('challenge');
  socket.send({ type: 'auth', signature: signAuthChallenge(device, { spaceId, nonce: challenge.nonce }) });
  return socket;
}

/** Subscribe and read everything up to `synced`: the snapshot (if sent), entry seqs and the head. */
export async function subscribe(
  socket: FrameSocket,
  afterSeq = 0,
  docId = SHARED_DOC_ID,
): Promise<{ snapshot: Extract<Frame, { type: 'snapshot' }> | undefined; seqs: number[]; headSeq: number }> {
  socket.send({ type: 'subscribe', docId, afterSeq });
  const seqs: number[] = [];
  let snapshot: Extract<Frame, { type: 'snapshot' }> | undefined;
  for (;;) {
    const frame = await socket.next();
    if (frame.type === 'synced') return { snapshot, seqs, headSeq: frame.headSeq };
    if (frame.type === 'snapshot') snapshot = frame;
    else if (frame.type === 'updates') seqs.push(...frame.entries.map((entry) => entry.seq));
    else throw new Error(`unexpected ${frame.type}`);
  }
}
