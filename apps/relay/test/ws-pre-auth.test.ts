// Before a device has proven a key that is a member of the space, the relay's answers must not
// tell which space ids exist (issue 9, finding 8): an unknown space gets a challenge like a known
// one, and after auth the same `not-a-member` answer as a stranger on a real space. Pre-auth
// error frames carry the code only, no detail text.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateDeviceKeys, readyCrypto, signAuthChallenge, type DeviceKeys } from '@securebase/crypto';
import { CLOSE, ERRORS, PROTOCOL_VERSION, SHARED_DOC_ID, type Frame } from '@securebase/protocol';
import { newSpace } from './fixtures.js';
import { startTestRelay, type FrameSocket, type TestRelay } from './relay-harness.js';
import { soloSpace } from './session-helpers.js';

let h: TestRelay | undefined;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Everything an outsider sees when it runs the handshake for `spaceId` as `device`. */
async function outsiderView(r: TestRelay, spaceId: string, device: DeviceKeys): Promise<{ frames: Frame[]; close: { code: number; reason: string } }> {
  const socket = await r.connect(spaceId);
  socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId, deviceKey: device.signPublicKey });
  const challenge = await socket.expect('challenge');
  socket.send({ type: 'auth', signature: signAuthChallenge(device, { spaceId, nonce: challenge.nonce }) });
  const frames = [{ ...challenge, nonce: new Uint8Array(0) }, await socket.next()];
  return { frames, close: await socket.closed };
}

async function expectBareError(socket: FrameSocket, code: keyof typeof ERRORS, closeCode: number): Promise<void> {
  expect(await socket.next()).toEqual({ type: 'error', code: ERRORS[code].wire, ref: 0, detail: '' });
  expect((await socket.closed).code).toBe(closeCode);
}

describe('pre-auth answers', () => {
  it('an unknown space looks exactly like a known space the device is not a member of', async () => {
    const r = (h = await startTestRelay());
    const known = await soloSpace(r);
    const stranger = generateDeviceKeys();
    const onKnown = await outsiderView(r, known.spaceId, stranger);
    const onUnknown = await outsiderView(r, newSpace().spaceId, stranger);
    expect(onKnown.frames[0]).toMatchObject({ type: 'challenge', protocolVersion: PROTOCOL_VERSION });
    expect(onKnown.frames[1]).toEqual({ type: 'error', code: ERRORS['not-a-member'].wire, ref: 0, detail: '' });
    expect(onKnown.close.code).toBe(CLOSE.NOT_A_MEMBER);
    expect(onUnknown).toEqual(onKnown);
  });

  it('pre-auth error frames carry no detail text', async () => {
    const r = (h = await startTestRelay());
    const space = await soloSpace(r);
    const device = space.owner;

    const version = await r.connect(space.spaceId);
    version.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION + 1, spaceId: space.spaceId, deviceKey: device.signPublicKey });
    await expectBareError(version, 'unsupported-version', CLOSE.UNSUPPORTED_VERSION);

    const early = await r.connect(space.spaceId);
    early.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 });
    await expectBareError(early, 'not-authenticated', CLOSE.AUTH_FAILED);

    const wrongSpace = await r.connect(space.spaceId);
    wrongSpace.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: newSpace().spaceId, deviceKey: device.signPublicKey });
    await expectBareError(wrongSpace, 'wrong-space', CLOSE.PROTOCOL_ERROR);

    const badAuth = await r.connect(space.spaceId);
    badAuth.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: device.signPublicKey });
    const challenge = await badAuth.expect('challenge');
    badAuth.send({ type: 'auth', signature: signAuthChallenge(generateDeviceKeys(), { spaceId: space.spaceId, nonce: challenge.nonce }) });
    await expectBareError(badAuth, 'auth-failed', CLOSE.AUTH_FAILED);

    const garbage = await r.connect(space.spaceId);
    garbage.sendRaw('not a frame');
    await expectBareError(garbage, 'malformed-frame', CLOSE.PROTOCOL_ERROR);
  });

  it('a wrong auth signature on an unknown space is auth-failed, as on a known one', async () => {
    const r = (h = await startTestRelay());
    const unknown = newSpace();
    const socket = await r.connect(unknown.spaceId);
    socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: unknown.spaceId, deviceKey: unknown.owner.signPublicKey });
    const challenge = await socket.expect('challenge');
    socket.send({ type: 'auth', signature: signAuthChallenge(generateDeviceKeys(), { spaceId: unknown.spaceId, nonce: challenge.nonce }) });
    await expectBareError(socket, 'auth-failed', CLOSE.AUTH_FAILED);
  });
});
