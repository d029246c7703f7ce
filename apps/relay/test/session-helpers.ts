/**
 * WebSocket steps the session tests share, over the real relay of relay-harness.ts: a space with
 * two partners made through the HTTP API, the handshake, a full subscribe and an error check.
 *
 *   const { space, alice } = await couple(r);   // or: const space = await soloSpace(r);
 *   const socket = await authenticated(r, space, alice);
 *   expect(await subscribe(socket)).toEqual({ seqs: [], headSeq: 0, snapshot: undefined });
 */
import { expect } from 'vitest';
import { signAuthChallenge, type DeviceKeys } from '@securebase/crypto';
import { ERRORS, PROTOCOL_VERSION, SHARED_DOC_ID, toBase64Url, type ErrorCode, type FrameOf } from '@securebase/protocol';
import { newAddPartnerOp, newInvite, newSpace, type TestSpace } from './fixtures.js';
import { postJson, type FrameSocket, type TestRelay } from './relay-harness.js';

/** A space with only its creator, created through the HTTP API. */
export async function soloSpace(r: TestRelay): Promise<TestSpace> {
  const space = newSpace(r.clock.now);
  expect((await r.fetchJson('/v1/spaces', postJson({ genesis: toBase64Url(space.genesis) }))).status).toBe(201);
  return space;
}

/** A space with two partners, created through the HTTP API. */
export async function couple(r: TestRelay): Promise<{ space: TestSpace; alice: DeviceKeys; bob: DeviceKeys }> {
  const space = newSpace(r.clock.now);
  expect((await r.fetchJson('/v1/spaces', postJson({ genesis: toBase64Url(space.genesis) }))).status).toBe(201);
  const invite = newInvite(space, { expiresAt: r.clock.now + 60_000 });
  const body = { certificate: toBase64Url(invite.encodedCertificate), payload: toBase64Url(invite.payload) };
  expect((await r.fetchJson(`/v1/spaces/${space.spaceId}/invites`, postJson(body))).status).toBe(201);
  const joiner = newAddPartnerOp(space, invite, { lastOp: space.genesis, lastSeq: 0 }, r.clock.now);
  const accepted = await r.fetchJson(`/v1/invites/${invite.certificate.inviteId}/accept`, postJson({ op: toBase64Url(joiner.op) }));
  expect(accepted.status).toBe(201);
  return { space, alice: space.owner, bob: joiner.device };
}

/** Open a socket and run the handshake as `device`; returns it after `welcome`. */
export async function authenticated(r: TestRelay, space: TestSpace, device: DeviceKeys): Promise<FrameSocket> {
  const socket = await r.connect(space.spaceId);
  socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: device.signPublicKey });
  const challenge = await socket.expect('challenge');
  socket.send({ type: 'auth', signature: signAuthChallenge(device, { spaceId: space.spaceId, nonce: challenge.nonce }) });
  await socket.expect('welcome');
  return socket;
}

/** Subscribe and read everything up to `synced`: the snapshot (if any), the entries' seqs and the head. */
export async function subscribe(
  socket: FrameSocket,
  afterSeq = 0,
  docId = SHARED_DOC_ID,
): Promise<{ seqs: number[]; headSeq: number; snapshot: FrameOf<'snapshot'> | undefined }> {
  socket.send({ type: 'subscribe', docId, afterSeq });
  const seqs: number[] = [];
  let snapshot: FrameOf<'snapshot'> | undefined;
  for (;;) {
    const frame = await socket.next();
    if (frame.type === 'synced') return { seqs, headSeq: frame.headSeq, snapshot };
    if (frame.type === 'snapshot') snapshot = frame;
    else if (frame.type === 'updates') seqs.push(...frame.entries.map((entry) => entry.seq));
    else throw new Error(`unexpected ${frame.type}`);
  }
}

/** Expect an error frame with `code` (and `ref`), then optionally a close with `closeCode`; returns the frame. */
export async function expectFailure(socket: FrameSocket, code: ErrorCode, closeCode?: number, ref = 0): Promise<FrameOf<'error'>> {
  const frame = await socket.expect('error');
  expect(frame).toMatchObject({ code: ERRORS[code].wire, ref });
  if (closeCode !== undefined) expect((await socket.closed).code).toBe(closeCode);
  return frame;
}
