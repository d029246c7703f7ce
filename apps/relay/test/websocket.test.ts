// The relay's WebSocket protocol with real `ws` client sockets: handshake failures, push → ack →
// fan-out, clock and header checks, limits, catch-up without gaps or duplicates, idempotent
// retries, and durability across a relay restart on the same data dir.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateDeviceKeys, readyCrypto, signAuthChallenge, type DeviceKeys } from '@securebase/crypto';
import {
  CLOSE,
  ERRORS,
  PROTOCOL_VERSION,
  SHARED_DOC_ID,
  toBase64Url,
  type ErrorCode,
  type Frame,
} from '@securebase/protocol';
import { newEnvelope, newSpace, type TestSpace } from './fixtures.js';
import { startTestRelay, type FrameSocket, type TestRelay, type TestRelayOptions } from './relay-harness.js';
import { authenticated, couple } from './session-helpers.js';

let h: TestRelay | undefined;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function relay(options: TestRelayOptions = {}): Promise<TestRelay> {
  h = await startTestRelay(options);
  return h;
}

/** Subscribe and read everything up to `synced`; returns the entries' seqs and the head. */
async function subscribe(socket: FrameSocket, afterSeq = 0, docId = SHARED_DOC_ID): Promise<{ seqs: number[]; headSeq: number }> {
  socket.send({ type: 'subscribe', docId, afterSeq });
  const seqs: number[] = [];
  for (;;) {
    const frame = await socket.next();
    if (frame.type === 'synced') return { seqs, headSeq: frame.headSeq };
    if (frame.type !== 'updates') throw new Error(`unexpected ${frame.type}`);
    seqs.push(...frame.entries.map((entry) => entry.seq));
  }
}

/** Expect an error frame with `code` (and `ref`), then optionally a close with `closeCode`. */
async function expectFailure(socket: FrameSocket, code: ErrorCode, closeCode?: number, ref = 0): Promise<void> {
  const frame = await socket.expect('error');
  expect(frame).toMatchObject({ code: ERRORS[code].wire, ref });
  if (closeCode !== undefined) expect((await socket.closed).code).toBe(closeCode);
}

const push = (socket: FrameSocket, envelope: Uint8Array, ref: number, docId = SHARED_DOC_ID): void =>
  socket.send({ type: 'push', docId, ref, envelope });

describe('handshake', () => {
  it('hello → challenge → auth → welcome with the membership head', async () => {
    const r = await relay();
    const { space, alice } = await couple(r);
    const socket = await r.connect(space.spaceId);
    socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: alice.signPublicKey });
    const challenge = await socket.expect('challenge');
    expect(challenge.protocolVersion).toBe(PROTOCOL_VERSION);
    expect(challenge.nonce).toHaveLength(32);
    socket.send({ type: 'auth', signature: signAuthChallenge(alice, { spaceId: space.spaceId, nonce: challenge.nonce }) });
    expect(await socket.next()).toEqual({ type: 'welcome', membershipHead: 1 });
  });

  it('refuses another protocol version with unsupported-version', async () => {
    const r = await relay();
    const { space, alice } = await couple(r);
    const socket = await r.connect(space.spaceId);
    socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION + 1, spaceId: space.spaceId, deviceKey: alice.signPublicKey });
    await expectFailure(socket, 'unsupported-version', CLOSE.UNSUPPORTED_VERSION);
  });

  it('answers a space the relay does not hold like one the device is not in: NOT_A_MEMBER after auth', async () => {
    // Not UNKNOWN_SPACE at hello: that would let anyone probe which space ids exist (ws-pre-auth.test.ts).
    const r = await relay();
    const space = newSpace();
    const socket = await r.connect(space.spaceId);
    socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: space.owner.signPublicKey });
    const challenge = await socket.expect('challenge');
    socket.send({ type: 'auth', signature: signAuthChallenge(space.owner, { spaceId: space.spaceId, nonce: challenge.nonce }) });
    await expectFailure(socket, 'not-a-member', CLOSE.NOT_A_MEMBER);
  });

  it('refuses a hello for another space than the URL', async () => {
    const r = await relay();
    const { space, alice } = await couple(r);
    const socket = await r.connect(space.spaceId);
    socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: newSpace().spaceId, deviceKey: alice.signPublicKey });
    await expectFailure(socket, 'wrong-space', CLOSE.PROTOCOL_ERROR);
  });

  it('closes with AUTH_FAILED when the signature does not verify', async () => {
    const r = await relay();
    const { space, alice, bob } = await couple(r);
    const socket = await r.connect(space.spaceId);
    socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: alice.signPublicKey });
    const challenge = await socket.expect('challenge');
    // Bob signs while claiming to be Alice.
    socket.send({ type: 'auth', signature: signAuthChallenge(bob, { spaceId: space.spaceId, nonce: challenge.nonce }) });
    await expectFailure(socket, 'auth-failed', CLOSE.AUTH_FAILED);
  });

  it('closes with NOT_A_MEMBER for a device that proves its key but is not in the chain', async () => {
    const r = await relay();
    const { space } = await couple(r);
    const stranger = generateDeviceKeys();
    const socket = await r.connect(space.spaceId);
    socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: stranger.signPublicKey });
    const challenge = await socket.expect('challenge');
    socket.send({ type: 'auth', signature: signAuthChallenge(stranger, { spaceId: space.spaceId, nonce: challenge.nonce }) });
    await expectFailure(socket, 'not-a-member', CLOSE.NOT_A_MEMBER);
  });

  it('refuses any frame before authentication', async () => {
    const r = await relay();
    const { space, alice } = await couple(r);
    const early = await r.connect(space.spaceId);
    early.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 });
    await expectFailure(early, 'not-authenticated', CLOSE.AUTH_FAILED);

    const between = await r.connect(space.spaceId);
    between.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: alice.signPublicKey });
    await between.expect('challenge');
    push(between, newEnvelope(space, alice, 1), 1);
    await expectFailure(between, 'not-authenticated', CLOSE.AUTH_FAILED);
  });

  it('closes on text messages and undecodable frames with PROTOCOL_ERROR', async () => {
    const r = await relay();
    const { space } = await couple(r);
    const text = await r.connect(space.spaceId);
    text.sendRaw('hello');
    await expectFailure(text, 'malformed-frame', CLOSE.PROTOCOL_ERROR);
    const garbage = await r.connect(space.spaceId);
    garbage.sendRaw(new Uint8Array([200, 1, 2, 3]));
    await expectFailure(garbage, 'malformed-frame', CLOSE.PROTOCOL_ERROR);
  });

  it('closes with AUTH_TIMEOUT when the client does not authenticate in time', async () => {
    const r = await relay({ limits: { authTimeoutMs: 50 } });
    const { space, alice } = await couple(r);
    const socket = await r.connect(space.spaceId);
    socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: alice.signPublicKey });
    await socket.expect('challenge');
    await expectFailure(socket, 'not-authenticated', CLOSE.AUTH_TIMEOUT);
  });
});

describe('push and fan-out', () => {
  it('acks a push with the next seq, then sends it to the other subscribed device', async () => {
    const r = await relay();
    const { space, alice, bob } = await couple(r);
    const a = await authenticated(r, space, alice);
    const b = await authenticated(r, space, bob);
    expect(await subscribe(a)).toEqual({ seqs: [], headSeq: 0 });
    expect(await subscribe(b)).toEqual({ seqs: [], headSeq: 0 });

    const envelope = newEnvelope(space, alice, 1);
    push(a, envelope, 7);
    expect(await a.next()).toEqual({ type: 'ack', docId: SHARED_DOC_ID, ref: 7, seq: 1 });
    expect(await b.next()).toEqual({ type: 'updates', docId: SHARED_DOC_ID, entries: [{ seq: 1, envelope }] });

    const reply = newEnvelope(space, bob, 1);
    push(b, reply, 1);
    expect(await b.next()).toEqual({ type: 'ack', docId: SHARED_DOC_ID, ref: 1, seq: 2 });
    expect(await a.next()).toEqual({ type: 'updates', docId: SHARED_DOC_ID, entries: [{ seq: 2, envelope: reply }] });
    // The pusher never gets its own update echoed back.
    push(a, newEnvelope(space, alice, 2), 8);
    expect(await a.next()).toMatchObject({ type: 'ack', seq: 3 });
    expect(await b.next()).toMatchObject({ type: 'updates', entries: [{ seq: 3 }] });
    expect(a.pending).toEqual([]);
  });

  it('answers an identical retry with the same seq and does not fan it out twice', async () => {
    const r = await relay();
    const { space, alice, bob } = await couple(r);
    const a = await authenticated(r, space, alice);
    const b = await authenticated(r, space, bob);
    await subscribe(b);
    const envelope = newEnvelope(space, alice, 1);
    push(a, envelope, 1);
    expect(await a.next()).toMatchObject({ type: 'ack', ref: 1, seq: 1 });
    push(a, envelope, 2);
    expect(await a.next()).toMatchObject({ type: 'ack', ref: 2, seq: 1 });
    push(a, newEnvelope(space, alice, 2), 3);
    expect(await a.next()).toMatchObject({ type: 'ack', ref: 3, seq: 2 });
    expect(await b.next()).toMatchObject({ type: 'updates', entries: [{ seq: 1 }] });
    expect(await b.next()).toMatchObject({ type: 'updates', entries: [{ seq: 2 }] });
  });

  it('refuses a clock that is not last + 1 with a recoverable clock-conflict', async () => {
    const r = await relay();
    const { space, alice } = await couple(r);
    const a = await authenticated(r, space, alice);
    push(a, newEnvelope(space, alice, 2), 5);
    await expectFailure(a, 'clock-conflict', undefined, 5);
    push(a, newEnvelope(space, alice, 1), 6);
    expect(await a.next()).toMatchObject({ type: 'ack', ref: 6, seq: 1 });
    // Same clock, different bytes: a conflict, not a retry.
    push(a, newEnvelope(space, alice, 1), 7);
    await expectFailure(a, 'clock-conflict', undefined, 7);
  });

  it('refuses an envelope by another author, for another space or for another document', async () => {
    const r = await relay();
    const { space, alice, bob } = await couple(r);
    const author = await authenticated(r, space, bob);
    push(author, newEnvelope(space, alice, 1), 1);
    await expectFailure(author, 'wrong-author', CLOSE.PROTOCOL_ERROR, 1);

    const other = newSpace();
    const spaceSocket = await authenticated(r, space, bob);
    push(spaceSocket, newEnvelope({ ...space, spaceId: other.spaceId }, bob, 1), 2);
    await expectFailure(spaceSocket, 'wrong-space', CLOSE.PROTOCOL_ERROR, 2);

    const docSocket = await authenticated(r, space, bob);
    push(docSocket, newEnvelope(space, bob, 1), 3, 'notes');
    await expectFailure(docSocket, 'wrong-document', CLOSE.PROTOCOL_ERROR, 3);

    const kindSocket = await authenticated(r, space, bob);
    push(kindSocket, newEnvelope(space, bob, 1, { kind: 'ephemeral' }), 4);
    await expectFailure(kindSocket, 'invalid-request', undefined, 4);

    const garbled = await authenticated(r, space, bob);
    push(garbled, new Uint8Array([1, 2, 3]), 5);
    await expectFailure(garbled, 'malformed-frame', CLOSE.PROTOCOL_ERROR, 5);
    expect(await subscribe(await authenticated(r, space, alice))).toEqual({ seqs: [], headSeq: 0 });
  });

  it('forwards ephemeral envelopes to other subscribers without storing them', async () => {
    const r = await relay();
    const { space, alice, bob } = await couple(r);
    const a = await authenticated(r, space, alice);
    const b = await authenticated(r, space, bob);
    await subscribe(b);
    const presence = newEnvelope(space, alice, 1, { kind: 'ephemeral' });
    a.send({ type: 'ephemeral', docId: SHARED_DOC_ID, envelope: presence });
    expect(await b.next()).toEqual({ type: 'ephemeral', docId: SHARED_DOC_ID, envelope: presence });
    expect(await subscribe(b)).toEqual({ seqs: [], headSeq: 0 });
  });
});

describe('limits', () => {
  it('closes with 1009 when a message exceeds maxFrameBytes', async () => {
    const r = await relay({ limits: { maxFrameBytes: 4096, maxEnvelopeBytes: 2048 } });
    const { space, alice } = await couple(r);
    const a = await authenticated(r, space, alice);
    push(a, newEnvelope(space, alice, 1, { size: 5000 }), 1);
    expect((await a.closed).code).toBe(CLOSE.MESSAGE_TOO_BIG);
  });

  it('refuses an envelope over maxEnvelopeBytes with a recoverable frame-too-large', async () => {
    const r = await relay({ limits: { maxFrameBytes: 8192, maxEnvelopeBytes: 1024 } });
    const { space, alice } = await couple(r);
    const a = await authenticated(r, space, alice);
    push(a, newEnvelope(space, alice, 1, { size: 2000 }), 1);
    await expectFailure(a, 'frame-too-large', undefined, 1);
    push(a, newEnvelope(space, alice, 1), 2);
    expect(await a.next()).toMatchObject({ type: 'ack', ref: 2, seq: 1 });
  });

  it('refuses a push past the partner’s quota and closes with QUOTA_EXCEEDED', async () => {
    // Room for about two small envelopes in this partner's share.
    const r = await relay({ limits: { maxBytesPerPartner: 700 } });
    const { space, alice } = await couple(r);
    const a = await authenticated(r, space, alice);
    let clock = 1;
    for (;;) {
      push(a, newEnvelope(space, alice, clock, { size: 100 }), clock);
      const frame = await a.next();
      if (frame.type === 'error') {
        expect(frame).toMatchObject({ code: ERRORS['quota-exceeded'].wire, ref: clock });
        break;
      }
      expect(frame).toMatchObject({ type: 'ack', seq: clock });
      clock += 1;
    }
    expect(clock).toBeGreaterThan(1);
    expect((await a.closed).code).toBe(CLOSE.QUOTA_EXCEEDED);
  });

  it('refuses more authenticated connections per space than the limit', async () => {
    const r = await relay({ limits: { maxConnectionsPerSpace: 2 } });
    const { space, alice, bob } = await couple(r);
    const first = await authenticated(r, space, alice);
    await authenticated(r, space, bob);
    const third = await r.connect(space.spaceId);
    third.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: alice.signPublicKey });
    const challenge = await third.expect('challenge');
    third.send({ type: 'auth', signature: signAuthChallenge(alice, { spaceId: space.spaceId, nonce: challenge.nonce }) });
    await expectFailure(third, 'too-many-connections', CLOSE.TOO_MANY_CONNECTIONS);
    first.close();
    await first.closed;
    await authenticated(r, space, alice);
  });
});

describe('catch-up', () => {
  async function pushMany(socket: FrameSocket, space: TestSpace, device: DeviceKeys, count: number, size = 32): Promise<void> {
    for (let clock = 1; clock <= count; clock++) push(socket, newEnvelope(space, device, clock, { size }), clock);
    for (let clock = 1; clock <= count; clock++) expect(await socket.next()).toMatchObject({ type: 'ack', ref: clock, seq: clock });
  }

  it('streams the updates after a seq, in batches within the byte budget, then synced', async () => {
    const r = await relay({ limits: { catchUpBatchBytes: 1000 } });
    const { space, alice, bob } = await couple(r);
    await pushMany(await authenticated(r, space, alice), space, alice, 10, 300);
    const b = await authenticated(r, space, bob);
    b.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 3 });
    const batches: number[][] = [];
    let frame: Frame;
    while ((frame = await b.next()).type === 'updates') batches.push(frame.entries.map((entry) => entry.seq));
    expect(frame).toEqual({ type: 'synced', docId: SHARED_DOC_ID, headSeq: 10 });
    expect(batches.flat()).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(batches.length).toBeGreaterThan(1);
    expect(await subscribe(b, 10)).toEqual({ seqs: [], headSeq: 10 });
  });

  it('delivers every update exactly once and in order while catch-up races live pushes', async () => {
    const r = await relay({ limits: { catchUpBatchBytes: 200 } });
    const { space, alice, bob } = await couple(r);
    const a = await authenticated(r, space, alice);
    await pushMany(a, space, alice, 20);
    const b = await authenticated(r, space, bob);
    b.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 });
    for (let clock = 21; clock <= 60; clock++) push(a, newEnvelope(space, alice, clock), clock);
    const seen: number[] = [];
    let synced = false;
    while (seen.length < 60 || !synced) {
      const frame = await b.next();
      if (frame.type === 'synced') synced = true;
      else if (frame.type === 'updates') seen.push(...frame.entries.map((entry) => entry.seq));
      else throw new Error(`unexpected ${frame.type}`);
    }
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('keeps documents apart', async () => {
    const r = await relay();
    const { space, alice } = await couple(r);
    const a = await authenticated(r, space, alice);
    push(a, newEnvelope(space, alice, 1, { docId: 'notes' }), 1, 'notes');
    expect(await a.next()).toMatchObject({ type: 'ack', docId: 'notes', seq: 1 });
    expect(await subscribe(a, 0, SHARED_DOC_ID)).toEqual({ seqs: [], headSeq: 0 });
    expect(await subscribe(a, 0, 'notes')).toEqual({ seqs: [1], headSeq: 1 });
  });
});

describe('lifecycle', () => {
  it('keeps spaces, membership and updates across a restart on the same data dir', async () => {
    const first = await startTestRelay();
    const { space, alice, bob } = await couple(first);
    const a = await authenticated(first, space, alice);
    push(a, newEnvelope(space, alice, 1), 1);
    push(a, newEnvelope(space, alice, 2), 2);
    expect(await a.next()).toMatchObject({ type: 'ack', seq: 1 });
    expect(await a.next()).toMatchObject({ type: 'ack', seq: 2 });
    await first.stop(true);

    const second = await relay({ dataDir: first.dataDir });
    const membership = await second.fetchJson(`/v1/spaces/${space.spaceId}/membership`);
    expect(membership).toMatchObject({ status: 200, body: { ops: expect.any(Array) } });
    expect((membership.body as { ops: string[] }).ops).toHaveLength(2);
    const b = await authenticated(second, space, bob);
    expect(await subscribe(b)).toEqual({ seqs: [1, 2], headSeq: 2 });
    const again = await authenticated(second, space, alice);
    push(again, newEnvelope(space, alice, 3), 3);
    expect(await again.next()).toMatchObject({ type: 'ack', seq: 3 });
  });

  it('closes sockets with SERVER_SHUTDOWN when the relay stops', async () => {
    const r = await startTestRelay();
    const { space, alice } = await couple(r);
    const a = await authenticated(r, space, alice);
    await r.relay.close();
    expect((await a.closed).code).toBe(CLOSE.SERVER_SHUTDOWN);
    await r.stop();
  });

  it('logs socket open and close codes without ids', async () => {
    const r = await relay();
    const { space, alice } = await couple(r);
    const a = await authenticated(r, space, alice);
    a.close();
    await a.closed;
    await expect.poll(() => r.logLines.some((line) => line.includes('"msg":"ws close'))).toBe(true);
    const log = r.logLines.join('\n');
    expect(log).toContain('ws open');
    expect(log).toContain('GET /v1/spaces/:spaceId/ws');
    expect(log).not.toContain(space.spaceId);
    expect(log).not.toContain(toBase64Url(alice.signPublicKey));
  });
});
