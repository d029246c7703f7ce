// Per-connection rate limits on what a client sends (issue 9, finding 3: "on WebSocket connects
// and frames"): a token bucket of frames and one of bytes per session. Over either, the relay
// answers `rate-limited` and closes with RATE_LIMITED; a client at a human pace never meets them.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto } from '@securebase/crypto';
import { CLOSE, ERRORS, SHARED_DOC_ID } from '@securebase/protocol';
import { newEnvelope } from './fixtures.js';
import { startTestRelay, type FrameSocket, type TestRelay, type TestRelayOptions } from './relay-harness.js';
import { authenticated, soloSpace } from './session-helpers.js';

let h: TestRelay | undefined;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The close code, or 'open' if the socket is still open after `ms`. */
const closeWithin = (socket: FrameSocket, ms: number): Promise<number | 'open'> =>
  Promise.race([socket.closed.then((closed) => closed.code), sleep(ms).then(() => 'open' as const)]);

async function member(options: TestRelayOptions) {
  const r = (h = await startTestRelay(options));
  const space = await soloSpace(r);
  return { r, space, socket: await authenticated(r, space, space.owner) };
}

describe('per-connection frame rate', () => {
  it('a flood of frames meets rate-limited, then RATE_LIMITED', async () => {
    const { space, socket } = await member({});
    const presence = newEnvelope(space, space.owner, 1, { kind: 'ephemeral' });
    for (let i = 0; i < 2000; i++) socket.send({ type: 'ephemeral', docId: SHARED_DOC_ID, envelope: presence });
    expect(await closeWithin(socket, 5000)).toBe(CLOSE.RATE_LIMITED);
    expect(socket.pending).toEqual([{ type: 'error', code: ERRORS['rate-limited'].wire, ref: 0, detail: expect.any(String) as unknown }]);
  });

  it('a burst up to frameBurst and a steady pace under maxFramesPerSecond pass', async () => {
    const { space, socket } = await member({ limits: { maxFramesPerSecond: 50, frameBurst: 20 } });
    const presence = newEnvelope(space, space.owner, 1, { kind: 'ephemeral' });
    // hello and auth spent two of the 20.
    for (let i = 0; i < 18; i++) socket.send({ type: 'ephemeral', docId: SHARED_DOC_ID, envelope: presence });
    // Then 40 frames/s for 1.5 s: the bucket refills faster than it drains.
    for (let i = 0; i < 60; i++) {
      await sleep(25);
      socket.send({ type: 'ephemeral', docId: SHARED_DOC_ID, envelope: presence });
    }
    socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: 1, envelope: newEnvelope(space, space.owner, 1) });
    expect(await socket.expect('ack')).toMatchObject({ ref: 1, seq: 1 });
    // Past the burst at once: refused.
    for (let i = 0; i < 40; i++) socket.send({ type: 'ephemeral', docId: SHARED_DOC_ID, envelope: presence });
    expect(await socket.next()).toMatchObject({ type: 'error', code: ERRORS['rate-limited'].wire });
    expect((await socket.closed).code).toBe(CLOSE.RATE_LIMITED);
  });

  it('more bytes than the byte budget meet rate-limited', async () => {
    const { space, socket } = await member({ limits: { maxInboundBytesPerSecond: 64 * 1024, inboundBytesBurst: 128 * 1024 } });
    for (let clock = 1; clock <= 8; clock++) {
      socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: clock, envelope: newEnvelope(space, space.owner, clock, { size: 40 * 1024 }) });
    }
    expect(await closeWithin(socket, 5000)).toBe(CLOSE.RATE_LIMITED);
    const acks = socket.pending.filter((frame) => frame.type === 'ack');
    // The first three fit the 128 KiB burst; the frame that does not is refused, and nothing after it is read.
    expect(acks.length).toBe(3);
    expect(socket.pending.at(-1)).toMatchObject({ type: 'error', code: ERRORS['rate-limited'].wire, ref: 0 });
  });
});
