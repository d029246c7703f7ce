// A session over asynchronous storage (issue 14, the seam): frames are handled strictly in order
// through a queue, and a catch-up hands over to live delivery without losing or repeating an
// update that commits while it runs. The in-memory adapter behind gates (gated-storage.ts) holds
// one storage call at the exact moment that matters, so each race is reproduced every run.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto, signAuthChallenge } from '@securebase/crypto';
import { PROTOCOL_VERSION, SHARED_DOC_ID, type Frame } from '@securebase/protocol';
import { resolveLimits } from '../src/limits.js';
import { silentLog } from '../src/log.js';
import { MembershipCache } from '../src/membership.js';
import { noopMetrics } from '../src/metrics.js';
import { openMemoryRelayStorage } from '../src/storage/memory.js';
import type { RelayStorage } from '../src/storage/types.js';
import { RelaySession } from '../src/ws/session.js';
import { SpaceHub } from '../src/ws/space-hub.js';
import { FakeSocket, frameData } from './fake-socket.js';
import { newEnvelope, newSpace, type TestSpace } from './fixtures.js';
import { gatedStorage, type GatedStorage } from './gated-storage.js';

let sessions: RelaySession[] = [];

beforeAll(async () => {
  await readyCrypto();
});
afterEach(() => {
  for (const session of sessions) session.closed();
  sessions = [];
});

interface World {
  gated: GatedStorage;
  space: TestSpace;
  deps: ConstructorParameters<typeof RelaySession>[0];
}

async function world(): Promise<World> {
  const gated = gatedStorage(openMemoryRelayStorage());
  const storage: RelayStorage = gated.storage;
  const space = newSpace();
  await storage.createSpace(space.spaceId, space.genesis, Date.now());
  const deps = {
    storage,
    limits: resolveLimits({ maxFramesPerSecond: 1e6, frameBurst: 1e6 }),
    hub: new SpaceHub<RelaySession>(),
    membership: new MembershipCache(storage),
    now: Date.now,
    log: silentLog,
    metrics: noopMetrics,
  };
  return { gated, space, deps };
}

/** A session of the space's owner, after `welcome`. */
async function ownerSession(w: World): Promise<{ session: RelaySession; socket: FakeSocket }> {
  const socket = new FakeSocket();
  const session = new RelaySession(w.deps, socket, w.space.spaceId);
  sessions.push(session);
  session.open();
  const { space } = w;
  await session.receive(frameData({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: space.owner.signPublicKey }));
  const challenge = socket.sent.at(-1);
  if (challenge?.type !== 'challenge') throw new Error('no challenge');
  await session.receive(frameData({ type: 'auth', signature: signAuthChallenge(space.owner, { spaceId: space.spaceId, nonce: challenge.nonce }) }));
  expect(socket.sent.at(-1)).toMatchObject({ type: 'welcome' });
  return { session, socket };
}

const push = (w: World, clock: number): ArrayBuffer =>
  frameData({ type: 'push', docId: SHARED_DOC_ID, ref: clock, envelope: newEnvelope(w.space, w.space.owner, clock) });

const deliveredSeqs = (socket: FakeSocket): number[] =>
  socket.sent.flatMap((frame) => (frame.type === 'updates' ? frame.entries.map((entry) => entry.seq) : []));

const syncedFrames = (socket: FakeSocket): Frame[] => socket.sent.filter((frame) => frame.type === 'synced');

/** Let the session's background catch-up run until it has sent `synced` (the client reads as it comes). */
async function untilSynced(socket: FakeSocket): Promise<void> {
  for (let turn = 0; turn < 200 && syncedFrames(socket).length === 0; turn++) {
    socket.write();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  socket.write();
}

describe('catch-up hands over to live delivery exactly once, in order', () => {
  it('an update committed while the catch-up reads the head is delivered once, then synced', async () => {
    const w = await world();
    const writer = await ownerSession(w);
    for (let clock = 1; clock <= 3; clock++) await writer.session.receive(push(w, clock));
    const reader = await ownerSession(w);
    // The head read at the end of the catch-up waits; a commit lands before it reads.
    const gate = w.gated.hold('headSeq', 'before');
    await reader.session.receive(frameData({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 }));
    await gate.reached;
    await writer.session.receive(push(w, 4));
    expect(writer.socket.sent.at(-1)).toMatchObject({ type: 'ack', seq: 4 });
    gate.release();
    await untilSynced(reader.socket);
    expect(deliveredSeqs(reader.socket)).toEqual([1, 2, 3, 4]);
    expect(syncedFrames(reader.socket)).toEqual([{ type: 'synced', docId: SHARED_DOC_ID, headSeq: 4 }]);
  });

  it('an update committed after the last (empty) read was taken, but before its answer came, is read on', async () => {
    const w = await world();
    const writer = await ownerSession(w);
    for (let clock = 1; clock <= 3; clock++) await writer.session.receive(push(w, clock));
    const reader = await ownerSession(w);
    // The read after seq 3 has found nothing; its answer is late, and a commit lands meanwhile.
    const gate = w.gated.hold('readCatchUp', 'after', (args) => args[2] === 3);
    await reader.session.receive(frameData({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 }));
    await gate.reached;
    await writer.session.receive(push(w, 4));
    gate.release();
    await untilSynced(reader.socket);
    expect(deliveredSeqs(reader.socket)).toEqual([1, 2, 3, 4]);
    expect(syncedFrames(reader.socket)).toEqual([{ type: 'synced', docId: SHARED_DOC_ID, headSeq: 4 }]);
  });

  it('an update delivered live while the head read is answered late never gets a synced head below it', async () => {
    const w = await world();
    const writer = await ownerSession(w);
    for (let clock = 1; clock <= 3; clock++) await writer.session.receive(push(w, clock));
    const reader = await ownerSession(w);
    // The catch-up has gone live and read the head (3); its answer is late, and a commit lands
    // meanwhile that live delivery sends at once.
    const gate = w.gated.hold('headSeq', 'after');
    await reader.session.receive(frameData({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 }));
    for (let turn = 0; turn < 50 && w.gated.calls('headSeq') === 0; turn++) {
      reader.socket.write();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await gate.reached;
    await writer.session.receive(push(w, 4));
    gate.release();
    await untilSynced(reader.socket);
    expect(deliveredSeqs(reader.socket)).toEqual([1, 2, 3, 4]);
    // A synced head below what was delivered reads as a relay rolling the log back.
    for (const frame of syncedFrames(reader.socket)) expect(frame).toMatchObject({ headSeq: 4 });
  });

  it('live updates after synced keep coming, one each, in order', async () => {
    const w = await world();
    const writer = await ownerSession(w);
    await writer.session.receive(push(w, 1));
    const reader = await ownerSession(w);
    await reader.session.receive(frameData({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 }));
    await untilSynced(reader.socket);
    for (let clock = 2; clock <= 5; clock++) await writer.session.receive(push(w, clock));
    expect(deliveredSeqs(reader.socket)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('the frame queue', () => {
  it('a slow write holds the next frame back: acks leave in the order the pushes came', async () => {
    const w = await world();
    const writer = await ownerSession(w);
    const gate = w.gated.hold('appendUpdate', 'before');
    const first = writer.session.receive(push(w, 1));
    const second = writer.session.receive(push(w, 2));
    await gate.reached;
    // Everything that can run now runs (one macrotask turn): the second push still has not
    // reached storage while the first one's write is pending.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(w.gated.calls('appendUpdate')).toBe(1);
    expect(writer.socket.sent.filter((frame) => frame.type === 'ack' || frame.type === 'error')).toEqual([]);
    gate.release();
    await Promise.all([first, second]);
    const answers = writer.socket.sent.filter((frame) => frame.type === 'ack' || frame.type === 'error');
    expect(answers).toEqual([
      { type: 'ack', docId: SHARED_DOC_ID, ref: 1, seq: 1 },
      { type: 'ack', docId: SHARED_DOC_ID, ref: 2, seq: 2 },
    ]);
  });

  it('frames still queued when the session closes are dropped, not written', async () => {
    const w = await world();
    const writer = await ownerSession(w);
    const gate = w.gated.hold('appendUpdate', 'before');
    const first = writer.session.receive(push(w, 1));
    const second = writer.session.receive(push(w, 2));
    await gate.reached;
    await new Promise((resolve) => setTimeout(resolve, 0));
    writer.session.closed();
    gate.release();
    await Promise.all([first, second]);
    // The write that had started finished (stored, never acked: the socket is gone); the next never ran.
    expect(w.gated.calls('appendUpdate')).toBe(1);
    expect(await w.deps.storage.headSeq(w.space.spaceId, SHARED_DOC_ID)).toBe(1);
    expect(writer.socket.sent.filter((frame) => frame.type === 'ack')).toEqual([]);
  });
});
