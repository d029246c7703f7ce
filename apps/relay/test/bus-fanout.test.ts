// Several relay nodes on one PostgreSQL and one Redis bus serve one space (issue 14, the
// SpaceBus): a commit on one node reaches the subscribers of the others live, with the same bytes
// and seq (small envelopes travel in the hint, large ones are read from storage); hints the bus
// loses (a node's subscription cut) are found again from storage, in order; a device removed
// through one node is cut off on another; the per-space connection limit counts every node.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRemoveDeviceOp, createRotateKeyOp, readyCrypto, type DeviceKeys } from '@securebase/crypto';
import { CLOSE, ERRORS, privateScope, SHARED_DOC_ID, SPACE_SCOPE } from '@securebase/protocol';
import { HINT_ENVELOPE_MAX_BYTES } from '../src/bus/types.js';
import { readEntriesUntil, startServices, waitForBus, type BusServices } from './bus-cluster.js';
import { newEnvelope } from './fixtures.js';
import { authenticated, handshake, headOf, linkDevice, pairedCouple, postOps, subscribe, wrapFor, type TestCouple } from './pairing-fixtures.js';
import type { FrameSocket, TestRelay } from './relay-harness.js';
import { expectFailure } from './session-helpers.js';

let services: BusServices;

beforeAll(async () => {
  await readyCrypto();
  services = await startServices();
}, 60_000);
afterEach(async () => {
  await services.stopNodes();
});
afterAll(async () => {
  await services.stop();
});

async function liveSubscriber(node: TestRelay, c: TestCouple, device: DeviceKeys): Promise<FrameSocket> {
  const socket = await authenticated(node, c, device);
  expect(await subscribe(socket)).toMatchObject({ headSeq: 0 });
  return socket;
}

describe('a space served by several nodes', () => {
  it('a push on node 1 reaches subscribers on nodes 2 and 3 live: same bytes, same seq, small and large envelopes', async () => {
    const [one, two, three] = await services.nodes(3);
    if (!one || !two || !three) throw new Error('three nodes');
    for (const node of [one, two, three]) expect(await waitForBus(node, true)).toEqual({ status: 200, body: { ok: true, database: 'ready', bus: 'ready' } });
    const c = await pairedCouple(one);
    const alice = c.alice.devices[0]!;
    const bob = c.bob.devices[0]!;
    const pusher = await liveSubscriber(one, c, alice);
    const onTwo = await liveSubscriber(two, c, bob);
    const onThree = await liveSubscriber(three, c, alice);

    const small = newEnvelope(c.space, alice, 1);
    // Past the hint's limit: the hint goes without it and each receiver reads it from storage.
    const large = newEnvelope(c.space, alice, 2, { size: HINT_ENVELOPE_MAX_BYTES + 1024 });
    pusher.send({ type: 'push', docId: SHARED_DOC_ID, ref: 1, envelope: small });
    expect(await pusher.expect('ack')).toMatchObject({ ref: 1, seq: 1 });
    pusher.send({ type: 'push', docId: SHARED_DOC_ID, ref: 2, envelope: large });
    expect(await pusher.expect('ack')).toMatchObject({ ref: 2, seq: 2 });

    for (const receiver of [onTwo, onThree]) {
      const entries = await readEntriesUntil(receiver, 2);
      expect(entries.map((entry) => entry.seq)).toEqual([1, 2]);
      expect(entries.map((entry) => Buffer.from(entry.envelope))).toEqual([Buffer.from(small), Buffer.from(large)]);
    }
    // The pusher is not sent its own updates back.
    expect(pusher.pending).toEqual([]);
    // Ephemerals (presence) cross nodes too, and are never stored.
    const presence = newEnvelope(c.space, alice, 1, { kind: 'ephemeral' });
    pusher.send({ type: 'ephemeral', docId: SHARED_DOC_ID, envelope: presence });
    for (const receiver of [onTwo, onThree]) {
      // A hint without its envelope is read by a catch-up, which ends with `synced` as every catch-up does.
      let frame = await receiver.next();
      while (frame.type === 'synced') frame = await receiver.next();
      expect(frame).toEqual({ type: 'ephemeral', docId: SHARED_DOC_ID, envelope: presence });
    }
  });

  it('200 pushes on node 1 arrive on node 2 live, each once and in order (push → delivery time reported)', async () => {
    const [one, two] = await services.nodes(2);
    if (!one || !two) throw new Error('two nodes');
    await waitForBus(two, true);
    const c = await pairedCouple(one);
    const alice = c.alice.devices[0]!;
    const pusher = await liveSubscriber(one, c, alice);
    const receiver = await liveSubscriber(two, c, c.bob.devices[0]!);
    const times: number[] = [];
    for (let clock = 1; clock <= 200; clock++) {
      const started = performance.now();
      pusher.send({ type: 'push', docId: SHARED_DOC_ID, ref: clock, envelope: newEnvelope(c.space, alice, clock) });
      const frame = await receiver.expect('updates');
      times.push(performance.now() - started);
      expect(frame.entries.map((entry) => entry.seq)).toEqual([clock]);
      expect(await pusher.expect('ack')).toMatchObject({ seq: clock });
    }
    times.sort((a, b) => a - b);
    const at = (q: number): string => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1);
    // Reported, not asserted: the benchmark is where speed is judged.
    console.log(`push on node 1 → delivery on node 2 (commit + bus + send): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`);
  });

  it('hints lost while a node’s bus subscription is cut are read from storage: every entry, in order, once', async () => {
    const [one, two] = await services.nodes(2);
    if (!one || !two) throw new Error('two nodes');
    await waitForBus(two, true);
    const c = await pairedCouple(one);
    const alice = c.alice.devices[0]!;
    const pusher = await liveSubscriber(one, c, alice);
    const receiver = await liveSubscriber(two, c, c.bob.devices[0]!);
    const sent: Buffer[] = [];
    const push = async (clock: number): Promise<void> => {
      const envelope = newEnvelope(c.space, alice, clock);
      sent.push(Buffer.from(envelope));
      pusher.send({ type: 'push', docId: SHARED_DOC_ID, ref: clock, envelope });
      expect(await pusher.expect('ack')).toMatchObject({ seq: clock });
    };
    await push(1);
    // Cut node 2's subscriber connection: what is published until it has reconnected is lost.
    const clients = await services.redis.cli(['CLIENT', 'LIST']);
    const id = /id=(\d+) [^\n]*name=securebase-bus-sub-node-2/.exec(clients)?.[1];
    expect(id).toBeDefined();
    await services.redis.cli(['CLIENT', 'KILL', 'ID', id ?? '']);
    for (let clock = 2; clock <= 6; clock++) await push(clock);
    const entries = await readEntriesUntil(receiver, 6);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(entries.map((entry) => Buffer.from(entry.envelope))).toEqual(sent);
    await waitForBus(two, true);
    await push(7);
    expect((await readEntriesUntil(receiver, 7)).map((entry) => entry.seq)).toEqual([7]);
  });

  it('a device removed through node 1 has its socket on node 3 closed with the removal code', async () => {
    const [one, , three] = await services.nodes(3);
    if (!one || !three) throw new Error('three nodes');
    await waitForBus(three, true);
    const c = await pairedCouple(one);
    const laptop = c.alice.devices[0]!;
    const bob = c.bob.devices[0]!;
    const phone = await linkDevice(one, c, c.alice);
    const onThree = await liveSubscriber(three, c, phone);
    const bobOnThree = await liveSubscriber(three, c, bob);

    const { spaceId } = c.space;
    const remove = createRemoveDeviceOp({ spaceId, prev: headOf(c), signer: laptop, deviceKey: phone.signPublicKey, now: one.clock.now });
    const rotateSpace = createRotateKeyOp({ spaceId, prev: headOf({ ...c, ops: [...c.ops, remove] }), signer: laptop, scope: SPACE_SCOPE, epoch: 1, now: one.clock.now });
    const rotatePrivate = createRotateKeyOp({
      spaceId,
      prev: headOf({ ...c, ops: [...c.ops, remove, rotateSpace] }),
      signer: laptop,
      scope: privateScope(c.alice.partnerId),
      epoch: 1,
      now: one.clock.now,
    });
    const started = performance.now();
    const response = await postOps(one, c, [remove, rotateSpace, rotatePrivate], [wrapFor(laptop, laptop), wrapFor(bob, laptop)]);
    const answered = performance.now();
    expect(response.status).toBe(201);
    const failure = await expectFailure(onThree, 'device-removed');
    const { code } = await onThree.closed;
    const closedAt = performance.now();
    expect(failure.code).toBe(ERRORS['device-removed'].wire);
    expect(code).toBe(CLOSE.NOT_A_MEMBER);
    // The time is reported, not asserted (the goal is 500 ms; a loaded test machine is no benchmark).
    const ms = (from: number): string => `${(closedAt - from).toFixed(1)} ms`;
    console.log(`removal through node 1 → socket on node 3 closed: ${ms(started)} from the request, ${ms(answered)} after node 1 answered`);
    // The partner's socket on the same node stays open.
    bobOnThree.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 });
    expect(await bobOnThree.expect('synced')).toMatchObject({ headSeq: 0 });
  });

  it('the per-space connection limit holds across two nodes, and a slot freed on one node serves the other', async () => {
    const limit = 3;
    const [one, two] = await services.nodes(2, { maxConnectionsPerSpace: limit });
    if (!one || !two) throw new Error('two nodes');
    await waitForBus(two, true);
    const c = await pairedCouple(one);
    const alice = c.alice.devices[0]!;
    const first = await authenticated(one, c, alice);
    await authenticated(one, c, alice);
    await authenticated(two, c, alice);
    const refused = await handshake(two, c, alice);
    await expectFailure(refused, 'too-many-connections', CLOSE.TOO_MANY_CONNECTIONS);
    const refusedOnOne = await handshake(one, c, alice);
    await expectFailure(refusedOnOne, 'too-many-connections', CLOSE.TOO_MANY_CONNECTIONS);

    first.close();
    await first.closed;
    // The slot is given back when node 1 sees the close; try until it has (bounded).
    for (let attempt = 1; ; attempt++) {
      const socket = await handshake(two, c, alice);
      const answer = await socket.next();
      if (answer.type === 'welcome') break;
      expect(answer).toMatchObject({ type: 'error', code: ERRORS['too-many-connections'].wire });
      if (attempt >= 20) throw new Error('the slot freed on node 1 never became free on node 2');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
