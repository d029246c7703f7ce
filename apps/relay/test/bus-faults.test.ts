// The bus going away (issue 14): Redis killed under two nodes. PostgreSQL is the truth, so the
// nodes keep running and keep storing and acking; /healthz reports the bus unavailable but stays
// 200 (every node shares the bus: a 503 would take the whole relay down), and each node reads
// storage every second, so other nodes' commits still arrive; once Redis is back, the nodes
// resubscribe, reconcile from storage and every client converges on the same entries in the same order.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRemoveDeviceOp, createRotateKeyOp, readyCrypto } from '@securebase/crypto';
import { CLOSE, privateScope, SHARED_DOC_ID, SPACE_SCOPE } from '@securebase/protocol';
import { readEntriesUntil, startServices, waitForBus, type BusServices } from './bus-cluster.js';
import { newEnvelope } from './fixtures.js';
import { authenticated, headOf, linkDevice, pairedCouple, postOps, subscribe, wrapFor } from './pairing-fixtures.js';
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

describe('Redis killed under two nodes', () => {
  it('nodes stay up and in service (/healthz 200, bus unavailable), pushes are stored, acked and still delivered across nodes; after the restart live delivery resumes and clients converge', async () => {
    const [one, two] = await services.nodes(2);
    if (!one || !two) throw new Error('two nodes');
    await waitForBus(one, true);
    await waitForBus(two, true);
    const c = await pairedCouple(one);
    const alice = c.alice.devices[0]!;
    const bob = c.bob.devices[0]!;
    const pusher = await authenticated(one, c, alice);
    expect(await subscribe(pusher)).toMatchObject({ headSeq: 0 });
    const receiver = await authenticated(two, c, bob);
    expect(await subscribe(receiver)).toMatchObject({ headSeq: 0 });
    const sent: Buffer[] = [];
    const push = async (clock: number): Promise<void> => {
      const envelope = newEnvelope(c.space, alice, clock);
      sent.push(Buffer.from(envelope));
      pusher.send({ type: 'push', docId: SHARED_DOC_ID, ref: clock, envelope });
      expect(await pusher.expect('ack')).toMatchObject({ seq: clock });
    };
    await push(1);
    expect((await readEntriesUntil(receiver, 1)).map((entry) => entry.seq)).toEqual([1]);

    await services.redis.kill();
    for (const node of [one, two]) {
      expect(await waitForBus(node, false)).toEqual({ status: 200, body: { ok: true, database: 'ready', bus: 'unavailable' } });
    }
    // PostgreSQL is the truth: writes go on being stored and acked without the bus, and the other
    // node, reading storage while the bus is down, still delivers them, in order.
    for (let clock = 2; clock <= 4; clock++) await push(clock);
    expect((await readEntriesUntil(receiver, 4)).map((entry) => entry.seq)).toEqual([2, 3, 4]);
    // A device connecting meanwhile is admitted (the node counts its own connections) and catches up.
    const late = await authenticated(two, c, alice);
    expect(await subscribe(late)).toMatchObject({ seqs: [1, 2, 3, 4], headSeq: 4 });

    await services.redis.restart();
    for (const node of [one, two]) {
      expect(await waitForBus(node, true)).toEqual({ status: 200, body: { ok: true, database: 'ready', bus: 'ready' } });
    }
    // Live delivery across nodes works again.
    await push(5);
    for (const socket of [receiver, late]) expect((await readEntriesUntil(socket, 5)).map((entry) => entry.seq)).toEqual([5]);

    // Everyone converges: a fresh reader on each node sees the same entries, in order, byte for byte.
    for (const node of [one, two]) {
      const reader = await authenticated(node, c, bob);
      reader.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 });
      const entries = await readEntriesUntil(reader, 5);
      expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(entries.map((entry) => Buffer.from(entry.envelope))).toEqual(sent);
    }
  });

  it('a device removed through node 1 while Redis is down is cut off on node 2 once the bus is back', async () => {
    const [one, two] = await services.nodes(2);
    if (!one || !two) throw new Error('two nodes');
    await waitForBus(two, true);
    const c = await pairedCouple(one);
    const laptop = c.alice.devices[0]!;
    const bob = c.bob.devices[0]!;
    const phone = await linkDevice(one, c, c.alice);
    const onTwo = await authenticated(two, c, phone);
    expect(await subscribe(onTwo)).toMatchObject({ headSeq: 0 });

    await services.redis.kill();
    await waitForBus(one, false);
    const { spaceId } = c.space;
    const now = one.clock.now;
    const remove = createRemoveDeviceOp({ spaceId, prev: headOf(c), signer: laptop, deviceKey: phone.signPublicKey, now });
    const rotateSpace = createRotateKeyOp({ spaceId, prev: headOf({ ...c, ops: [...c.ops, remove] }), signer: laptop, scope: SPACE_SCOPE, epoch: 1, now });
    const rotatePrivate = createRotateKeyOp({
      spaceId,
      prev: headOf({ ...c, ops: [...c.ops, remove, rotateSpace] }),
      signer: laptop,
      scope: privateScope(c.alice.partnerId),
      epoch: 1,
      now,
    });
    // Stored in PostgreSQL; the "membership changed" message has nowhere to go.
    expect((await postOps(one, c, [remove, rotateSpace, rotatePrivate], [wrapFor(laptop, laptop), wrapFor(bob, laptop)])).status).toBe(201);
    expect(onTwo.pending).toEqual([]);

    await services.redis.restart();
    // Node 1 says it again and node 2 reconciles after its reconnect: either cuts the device off.
    await expectFailure(onTwo, 'device-removed', CLOSE.NOT_A_MEMBER);
  });
});
