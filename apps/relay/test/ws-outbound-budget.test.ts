// The session against a fake socket that only "writes" when the test says so, so what the relay
// queues for a reader that has stopped can be counted exactly: storage reads, queued bytes, the
// catch-up backlog metric, and the SLOW_CONSUMER close at the outbound budget (issue 9, finding 1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto, signAuthChallenge } from '@securebase/crypto';
import { CLOSE, PROTOCOL_VERSION, SHARED_DOC_ID } from '@securebase/protocol';
import { resolveLimits, type RelayLimits } from '../src/limits.js';
import { silentLog } from '../src/log.js';
import { MembershipCache } from '../src/membership.js';
import { noopMetrics, type RelayMetrics } from '../src/metrics.js';
import { resolvedStorage } from '../src/storage/resolved.js';
import { openSqliteStorage, type SqliteStorage } from '../src/storage/sqlite.js';
import { RelaySession } from '../src/ws/session.js';
import { SpaceHub } from '../src/ws/space-hub.js';
import { FakeSocket, frameData } from './fake-socket.js';
import { newEnvelope, newSpace, type TestSpace } from './fixtures.js';

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

let dataDir: string;
let storage: SqliteStorage;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(() => {
  storage.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function relayDeps(limits: Partial<RelayLimits>, metrics: RelayMetrics = noopMetrics) {
  dataDir = mkdtempSync(join(tmpdir(), 'relay-budget-'));
  storage = openSqliteStorage(dataDir);
  const relayStorage = resolvedStorage(storage);
  return {
    storage: relayStorage,
    limits: resolveLimits({ maxFramesPerSecond: 1e6, frameBurst: 1e6, ...limits }),
    hub: new SpaceHub<RelaySession>(),
    membership: new MembershipCache(relayStorage),
    now: Date.now,
    log: silentLog,
    metrics,
  };
}

/** A session of the space's owner over `socket`, after `welcome`. */
async function ownerSession(deps: ReturnType<typeof relayDeps>, space: TestSpace, socket: FakeSocket): Promise<RelaySession> {
  const session = new RelaySession(deps, socket, space.spaceId);
  session.open();
  await session.receive(frameData({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: space.owner.signPublicKey }));
  const challenge = socket.sent.at(-1);
  if (challenge?.type !== 'challenge') throw new Error('no challenge');
  await session.receive(frameData({ type: 'auth', signature: signAuthChallenge(space.owner, { spaceId: space.spaceId, nonce: challenge.nonce }) }));
  expect(socket.sent.at(-1)).toMatchObject({ type: 'welcome' });
  socket.write();
  return session;
}

/** A space in `deps.storage` whose shared document holds `count` updates of `size` bytes. */
async function storedSpace(deps: ReturnType<typeof relayDeps>, count: number, size: number): Promise<TestSpace> {
  const space = newSpace();
  await deps.storage.createSpace(space.spaceId, space.genesis, Date.now());
  const socket = new FakeSocket();
  const writer = await ownerSession(deps, space, socket);
  for (let clock = 1; clock <= count; clock++) {
    await writer.receive(frameData({ type: 'push', docId: SHARED_DOC_ID, ref: clock, envelope: newEnvelope(space, space.owner, clock, { size }) }));
    socket.write();
  }
  expect(socket.sent.filter((frame) => frame.type === 'ack')).toHaveLength(count);
  return space;
}

describe('outbound budget (fake socket)', () => {
  it('re-sent subscribe to a stalled reader reads nothing more and queues nothing more', async () => {
    const deps = relayDeps({ catchUpBatchBytes: 2048, maxFrameBytes: 8192, maxEnvelopeBytes: 4096, maxOutboundBytes: 16384 });
    const space = await storedSpace(deps, 20, 1000);

    let reads = 0;
    const listUpdates = deps.storage.listUpdates.bind(deps.storage);
    deps.storage.listUpdates = (...args) => {
      reads += 1;
      return listUpdates(...args);
    };
    let backlog = 0;
    const readerDeps = { ...deps, metrics: { ...noopMetrics, catchUpBacklogDelta: (delta: number) => void (backlog += delta) } };
    const socket = new FakeSocket();
    const reader = await ownerSession(readerDeps, space, socket);
    await reader.receive(frameData({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 }));
    await settle();
    // Batches are read only while the socket holds at most one batch: then the catch-up waits.
    const readsWhenStalled = reads;
    expect(readsWhenStalled).toBeLessThanOrEqual(2);
    expect(socket.bufferedAmount).toBeGreaterThan(deps.limits.catchUpBatchBytes);
    const queuedWhenStalled = socket.bufferedAmount;
    for (let i = 0; i < 1000; i++) await reader.receive(frameData({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 }));
    await settle();
    // The re-sent subscribes restarted nothing: no read, nothing more queued.
    expect(reads).toBe(readsWhenStalled);
    expect(socket.bufferedAmount).toBe(queuedWhenStalled);
    expect(backlog).toBe(socket.bufferedAmount);

    // The client reads again: the one catch-up goes on, gap-free and duplicate-free.
    for (let i = 0; i < 30 && !socket.sent.some((frame) => frame.type === 'synced'); i++) {
      socket.write();
      await settle();
    }
    socket.write();
    const seqs = socket.sent.flatMap((frame) => (frame.type === 'updates' ? frame.entries.map((entry) => entry.seq) : []));
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(socket.sent.filter((frame) => frame.type === 'synced')).toEqual([{ type: 'synced', docId: SHARED_DOC_ID, headSeq: 20 }]);
    expect(backlog).toBe(0);
    expect(socket.peakBuffered).toBeLessThanOrEqual(deps.limits.catchUpBatchBytes + deps.limits.maxFrameBytes);
  });

  it('a frame that would pass the budget is not queued: the session closes with SLOW_CONSUMER', async () => {
    let budgetHits = 0;
    const metrics = { ...noopMetrics, limitHit: (kind: string) => void (kind === 'outbound-budget' && (budgetHits += 1)) };
    const deps = relayDeps({ catchUpBatchBytes: 256, maxFrameBytes: 1024, maxEnvelopeBytes: 512, maxOutboundBytes: 1280 }, metrics);
    const space = newSpace();
    await deps.storage.createSpace(space.spaceId, space.genesis, Date.now());
    const socket = new FakeSocket();
    const session = await ownerSession(deps, space, socket);
    // Pushes whose acks the client never reads.
    for (let clock = 1; clock <= 200 && socket.closeCode === undefined; clock++) {
      await session.receive(frameData({ type: 'push', docId: SHARED_DOC_ID, ref: clock, envelope: newEnvelope(space, space.owner, clock) }));
    }
    expect(socket.closeCode).toBe(CLOSE.SLOW_CONSUMER);
    expect(socket.peakBuffered).toBeLessThanOrEqual(1280);
    expect(budgetHits).toBe(1);
    const acks = socket.sent.filter((frame) => frame.type === 'ack').length;
    expect(acks).toBeGreaterThan(50);
    // Nothing is sent after the close, and a waiting catch-up ends with the socket.
    await session.receive(frameData({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 }));
    expect(socket.sent.filter((frame) => frame.type === 'ack')).toHaveLength(acks);
  });

  it('a catch-up waiting on a stalled socket ends when the socket closes, and the backlog returns to 0', async () => {
    let backlog = 0;
    const metrics = { ...noopMetrics, catchUpBacklogDelta: (delta: number) => void (backlog += delta) };
    const deps = relayDeps({ catchUpBatchBytes: 2048, maxFrameBytes: 8192, maxEnvelopeBytes: 4096, maxOutboundBytes: 16384 }, metrics);
    const space = await storedSpace(deps, 10, 1000);
    const socket = new FakeSocket();
    const reader = await ownerSession(deps, space, socket);
    await reader.receive(frameData({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 }));
    await settle();
    expect(backlog).toBeGreaterThan(0);
    const sentBefore = socket.sent.length;
    socket.close(CLOSE.NORMAL);
    reader.closed();
    await settle();
    expect(socket.sent).toHaveLength(sentBefore);
    // The queued batch is counted out once the socket lets go of it.
    socket.write();
    expect(backlog).toBe(0);
  });
});
