// The WebSocket rules added with pairing and sync integrity, with real sockets and real SQLite:
// removed devices refused at auth and cut off live, the private-document ACL, key epochs on
// push, snapshot compare-and-swap with pruning, catch-up across a compaction, and keepalive.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRemoveDeviceOp, createRotateKeyOp, generateDeviceKeys, hashBytes, readyCrypto, type DeviceKeys } from '@securebase/crypto';
import { CLOSE, ERRORS, privateDocId, privateScope, SHARED_DOC_ID, SPACE_SCOPE, type ErrorCode } from '@securebase/protocol';
import { DATABASE_FILE } from '../src/storage/sqlite.js';
import { newEnvelope } from './fixtures.js';
import { authenticated, handshake, headOf, linkDevice, pairedCouple, postOps, subscribe, wrapFor, type TestCouple } from './pairing-fixtures.js';
import { startTestRelay, type FrameSocket, type TestRelay, type TestRelayOptions } from './relay-harness.js';

let h: TestRelay | undefined;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function setup(options: TestRelayOptions = {}): Promise<{ r: TestRelay; c: TestCouple }> {
  h = await startTestRelay(options);
  return { r: h, c: await pairedCouple(h) };
}

async function expectFailure(socket: FrameSocket, code: ErrorCode, closeCode?: number, ref = 0): Promise<void> {
  const frame = await socket.expect('error');
  expect(frame).toMatchObject({ code: ERRORS[code].wire, ref });
  if (closeCode !== undefined) expect((await socket.closed).code).toBe(closeCode);
}

const NO_PARENT = new Uint8Array(0);

/** Push `count` updates as `device` (clocks from `firstClock`), reading each ack. */
async function pushMany(socket: FrameSocket, c: TestCouple, device: DeviceKeys, count: number, options: { firstClock?: number; docId?: string; size?: number } = {}): Promise<void> {
  const docId = options.docId ?? SHARED_DOC_ID;
  const first = options.firstClock ?? 1;
  for (let clock = first; clock < first + count; clock++) {
    socket.send({ type: 'push', docId, ref: clock, envelope: newEnvelope(c.space, device, clock, { docId, size: options.size }) });
    await socket.expect('ack');
  }
}

const storedBytes = (r: TestRelay): number => {
  const db = new Database(join(r.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT bytes FROM spaces').get() as { bytes: number }).bytes;
  } finally {
    db.close();
  }
};

/** Remove `removed` (a device of alice) by alice's first device, rotating both keys. */
async function removeAlicesDevice(r: TestRelay, c: TestCouple, removed: DeviceKeys): Promise<void> {
  const { spaceId } = c.space;
  const signer = c.alice.devices[0]!;
  const remove = createRemoveDeviceOp({ spaceId, prev: headOf(c), signer, deviceKey: removed.signPublicKey, now: r.clock.now });
  const rotateSpace = createRotateKeyOp({ spaceId, prev: headOf({ ...c, ops: [...c.ops, remove] }), signer, scope: SPACE_SCOPE, epoch: 1, now: r.clock.now });
  const rotatePrivate = createRotateKeyOp({
    spaceId,
    prev: headOf({ ...c, ops: [...c.ops, remove, rotateSpace] }),
    signer,
    scope: privateScope(c.alice.partnerId),
    epoch: 1,
    now: r.clock.now,
  });
  const response = await postOps(r, c, [remove, rotateSpace, rotatePrivate], [wrapFor(signer, signer), wrapFor(c.bob.devices[0]!, signer)]);
  expect(response.status).toBe(201);
  c.alice.devices = c.alice.devices.filter((device) => device !== removed);
}

describe('removed devices', () => {
  it('cuts off an open session of a device the moment its removal lands, and refuses it at auth after', async () => {
    const { r, c } = await setup();
    const phone = await linkDevice(r, c, c.alice);
    const socket = await authenticated(r, c, phone);
    await subscribe(socket);
    const bystander = await authenticated(r, c, c.bob.devices[0]!);
    await removeAlicesDevice(r, c, phone);
    await expectFailure(socket, 'device-removed', CLOSE.NOT_A_MEMBER);
    const again = await handshake(r, c, phone);
    await expectFailure(again, 'device-removed', CLOSE.NOT_A_MEMBER);
    // Other sessions carry on.
    expect(bystander.pending).toEqual([]);
    await subscribe(bystander);
  });

  it('still answers not-a-member for a device that was never in the chain', async () => {
    const { r, c } = await setup();
    await expectFailure(await handshake(r, c, generateDeviceKeys()), 'not-a-member', CLOSE.NOT_A_MEMBER);
  });
});

describe('private documents', () => {
  it('serves a private document to its partner’s devices only', async () => {
    const { r, c } = await setup();
    const aliceDoc = privateDocId(c.alice.partnerId);
    const alice = await authenticated(r, c, c.alice.devices[0]!);
    await subscribe(alice, 0, aliceDoc);
    await pushMany(alice, c, c.alice.devices[0]!, 1, { docId: aliceDoc });

    const bobDevice = c.bob.devices[0]!;
    const subscriber = await authenticated(r, c, bobDevice);
    subscriber.send({ type: 'subscribe', docId: aliceDoc, afterSeq: 0 });
    await expectFailure(subscriber, 'forbidden-document', CLOSE.PROTOCOL_ERROR);

    const pusher = await authenticated(r, c, bobDevice);
    pusher.send({ type: 'push', docId: aliceDoc, ref: 4, envelope: newEnvelope(c.space, bobDevice, 1, { docId: aliceDoc }) });
    await expectFailure(pusher, 'forbidden-document', CLOSE.PROTOCOL_ERROR, 4);

    const snapshotter = await authenticated(r, c, bobDevice);
    const envelope = newEnvelope(c.space, bobDevice, 1, { docId: aliceDoc, kind: 'snapshot' });
    snapshotter.send({ type: 'put-snapshot', docId: aliceDoc, ref: 5, parentHash: NO_PARENT, coversSeq: 1, envelope });
    await expectFailure(snapshotter, 'forbidden-document', CLOSE.PROTOCOL_ERROR, 5);

    const malformed = await authenticated(r, c, c.alice.devices[0]!);
    malformed.send({ type: 'subscribe', docId: 'private-nobody', afterSeq: 0 });
    await expectFailure(malformed, 'forbidden-document', CLOSE.PROTOCOL_ERROR);
  });
});

describe('key epochs', () => {
  it('refuses a push under an old epoch with a recoverable stale-epoch, then accepts the current one', async () => {
    const { r, c } = await setup();
    const phone = await linkDevice(r, c, c.alice);
    const laptop = c.alice.devices[0]!;
    const socket = await authenticated(r, c, laptop);
    await removeAlicesDevice(r, c, phone);
    socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: 7, envelope: newEnvelope(c.space, laptop, 1, { epoch: 0 }) });
    await expectFailure(socket, 'stale-epoch', undefined, 7);
    socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: 8, envelope: newEnvelope(c.space, laptop, 1, { epoch: 2 }) });
    await expectFailure(socket, 'stale-epoch', undefined, 8);
    socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: 9, envelope: newEnvelope(c.space, laptop, 1, { epoch: 1 }) });
    expect(await socket.expect('ack')).toMatchObject({ ref: 9, seq: 1 });
    // The private scope rotated too; the other partner's private scope did not.
    const aliceDoc = privateDocId(c.alice.partnerId);
    socket.send({ type: 'push', docId: aliceDoc, ref: 10, envelope: newEnvelope(c.space, laptop, 1, { docId: aliceDoc, epoch: 0 }) });
    await expectFailure(socket, 'stale-epoch', undefined, 10);
    const bob = await authenticated(r, c, c.bob.devices[0]!);
    const bobDoc = privateDocId(c.bob.partnerId);
    bob.send({ type: 'push', docId: bobDoc, ref: 1, envelope: newEnvelope(c.space, c.bob.devices[0]!, 1, { docId: bobDoc, epoch: 0 }) });
    expect(await bob.expect('ack')).toMatchObject({ ref: 1 });
  });

  it('refuses a snapshot under an old epoch', async () => {
    const { r, c } = await setup();
    const phone = await linkDevice(r, c, c.alice);
    const laptop = c.alice.devices[0]!;
    const socket = await authenticated(r, c, laptop);
    await pushMany(socket, c, laptop, 2);
    await removeAlicesDevice(r, c, phone);
    const envelope = newEnvelope(c.space, laptop, 3, { kind: 'snapshot', epoch: 0 });
    socket.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 3, parentHash: NO_PARENT, coversSeq: 2, envelope });
    await expectFailure(socket, 'stale-epoch', undefined, 3);
  });
});

describe('snapshots', () => {
  it('lets exactly one of two racing snapshots win; the loser gets a recoverable snapshot-conflict', async () => {
    const { r, c } = await setup();
    const [aliceDevice, bobDevice] = [c.alice.devices[0]!, c.bob.devices[0]!];
    const alice = await authenticated(r, c, aliceDevice);
    const bob = await authenticated(r, c, bobDevice);
    await pushMany(alice, c, aliceDevice, 4);
    alice.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 11, parentHash: NO_PARENT, coversSeq: 4, envelope: newEnvelope(c.space, aliceDevice, 5, { kind: 'snapshot' }) });
    bob.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 22, parentHash: NO_PARENT, coversSeq: 4, envelope: newEnvelope(c.space, bobDevice, 1, { kind: 'snapshot' }) });
    const answers = [await alice.next(), await bob.next()];
    const won = answers.filter((frame) => frame.type === 'ack');
    const lost = answers.filter((frame) => frame.type === 'error');
    expect(won).toHaveLength(1);
    expect(lost).toEqual([expect.objectContaining({ code: ERRORS['snapshot-conflict'].wire })]);
    expect(ERRORS['snapshot-conflict'].fatal).toBe(false);
    // Both sockets stay usable.
    await subscribe(alice, 4);
    await subscribe(bob, 4);
  });

  it('chains on the hash of the current snapshot and refuses a coversSeq outside (current, head]', async () => {
    const { r, c } = await setup();
    const device = c.alice.devices[0]!;
    const socket = await authenticated(r, c, device);
    await pushMany(socket, c, device, 6);
    const first = newEnvelope(c.space, device, 7, { kind: 'snapshot' });
    socket.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 1, parentHash: NO_PARENT, coversSeq: 3, envelope: first });
    expect(await socket.expect('ack')).toEqual({ type: 'ack', docId: SHARED_DOC_ID, ref: 1, seq: 3 });
    const next = newEnvelope(c.space, device, 8, { kind: 'snapshot' });
    socket.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 2, parentHash: NO_PARENT, coversSeq: 5, envelope: next });
    await expectFailure(socket, 'snapshot-conflict', undefined, 2);
    socket.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 3, parentHash: hashBytes(first), coversSeq: 7, envelope: next });
    await expectFailure(socket, 'snapshot-conflict', undefined, 3);
    socket.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 4, parentHash: hashBytes(first), coversSeq: 3, envelope: next });
    await expectFailure(socket, 'snapshot-conflict', undefined, 4);
    socket.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 6, parentHash: hashBytes(first), coversSeq: 5, envelope: next });
    expect(await socket.expect('ack')).toMatchObject({ ref: 6, seq: 5 });
  });

  it('refuses a snapshot envelope of another kind or by another author', async () => {
    const { r, c } = await setup();
    const device = c.alice.devices[0]!;
    const socket = await authenticated(r, c, device);
    await pushMany(socket, c, device, 2);
    socket.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 1, parentHash: NO_PARENT, coversSeq: 2, envelope: newEnvelope(c.space, device, 3) });
    await expectFailure(socket, 'invalid-request', undefined, 1);
    const envelope = newEnvelope(c.space, c.bob.devices[0]!, 1, { kind: 'snapshot' });
    socket.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 2, parentHash: NO_PARENT, coversSeq: 2, envelope });
    await expectFailure(socket, 'wrong-author', CLOSE.PROTOCOL_ERROR, 2);
  });

  it('prunes the covered updates: stored bytes go down, and seqs and clocks continue', async () => {
    const { r, c } = await setup();
    const device = c.alice.devices[0]!;
    const socket = await authenticated(r, c, device);
    await pushMany(socket, c, device, 10, { size: 2000 });
    const before = storedBytes(r);
    socket.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 1, parentHash: NO_PARENT, coversSeq: 8, envelope: newEnvelope(c.space, device, 11, { kind: 'snapshot', size: 3000 }) });
    await socket.expect('ack');
    expect(storedBytes(r)).toBeLessThan(before - 8 * 2000 + 4000);
    socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: 2, envelope: newEnvelope(c.space, device, 5) });
    await expectFailure(socket, 'clock-conflict', undefined, 2);
    socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: 3, envelope: newEnvelope(c.space, device, 11) });
    expect(await socket.expect('ack')).toMatchObject({ seq: 11 });
  });

  it('catches up from 0 after a compaction with the snapshot then the rest, and from after it with updates only', async () => {
    const { r, c } = await setup();
    const device = c.alice.devices[0]!;
    const writer = await authenticated(r, c, device);
    await pushMany(writer, c, device, 6);
    const snapshot = newEnvelope(c.space, device, 7, { kind: 'snapshot' });
    writer.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 1, parentHash: NO_PARENT, coversSeq: 4, envelope: snapshot });
    await writer.expect('ack');

    const reader = await authenticated(r, c, c.bob.devices[0]!);
    const fromZero = await subscribe(reader, 0);
    expect(fromZero.snapshot).toEqual({ type: 'snapshot', docId: SHARED_DOC_ID, coversSeq: 4, envelope: snapshot });
    expect(fromZero.seqs).toEqual([5, 6]);
    expect(fromZero.headSeq).toBe(6);

    const late = await authenticated(r, c, c.bob.devices[0]!);
    const fromTwo = await subscribe(late, 2);
    expect(fromTwo.snapshot?.coversSeq).toBe(4);
    expect(fromTwo.seqs).toEqual([5, 6]);

    const current = await authenticated(r, c, c.bob.devices[0]!);
    const fromFive = await subscribe(current, 5);
    expect(fromFive).toEqual({ snapshot: undefined, seqs: [6], headSeq: 6 });
  });
});

describe('keepalive', () => {
  const open = (r: TestRelay, c: TestCouple, autoPong: boolean): Promise<WebSocket> => {
    const ws = new WebSocket(`${r.relay.url.replace('http', 'ws')}/v1/spaces/${c.space.spaceId}/ws`, { autoPong });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  };

  it('terminates a socket that stops answering pings and keeps one that answers', async () => {
    const { r, c } = await setup({ limits: { pingIntervalMs: 40, authTimeoutMs: 60_000 } });
    const silent = await open(r, c, false);
    const lively = await open(r, c, true);
    let pings = 0;
    lively.on('ping', () => pings++);
    const code = await new Promise<number>((resolve) => silent.once('close', (closeCode) => resolve(closeCode)));
    // 1006: cut without a closing handshake, which is what terminate() does.
    expect(code).toBe(1006);
    await new Promise<void>((resolve) => {
      const check = (): void => (pings >= 4 ? resolve() : void lively.once('ping', check));
      check();
    });
    expect(lively.readyState).toBe(WebSocket.OPEN);
    lively.terminate();
  });
});
