// Each partner has their own headroom (issue 9, finding 5): one partner filling their share of a
// space can never stop the other writing, neither to the shared document nor to their private one.
// Real relay, real sockets, tiny limits so the fill is quick. Before the fix B filled the one
// shared quota and A's next push was refused with quota-exceeded.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto, type DeviceKeys } from '@securebase/crypto';
import { ERRORS, privateDocId, SHARED_DOC_ID, type Frame } from '@securebase/protocol';
import { newEnvelope } from './fixtures.js';
import { authenticated, pairedCouple, type TestCouple } from './pairing-fixtures.js';
import { startTestRelay, type FrameSocket, type TestRelay } from './relay-harness.js';

let h: TestRelay | undefined;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const PARTNER_SHARE = 8_000;
const NO_PARENT = new Uint8Array(0);

/** Push one update and return the relay's answer (ack or error). */
async function push(socket: FrameSocket, c: TestCouple, device: DeviceKeys, clock: number, docId = SHARED_DOC_ID, size = 1_000): Promise<Frame> {
  socket.send({ type: 'push', docId, ref: clock, envelope: newEnvelope(c.space, device, clock, { docId, size }) });
  return socket.next();
}

/** Push 1 KB updates as `device` until refused (bounded); returns the clocks acked and the refusal. */
async function fill(socket: FrameSocket, c: TestCouple, device: DeviceKeys, firstClock = 1): Promise<{ acked: number; refusal: Frame | undefined }> {
  for (let pushed = 0; pushed < 40; pushed++) {
    const answer = await push(socket, c, device, firstClock + pushed);
    if (answer.type !== 'ack') return { acked: pushed, refusal: answer };
  }
  return { acked: 40, refusal: undefined };
}

describe('per-partner storage headroom', () => {
  it('B filling B’s share leaves A able to write to shared and to A’s private document; B gets a typed refusal', async () => {
    // The space-wide figure is what B filled before: now it only bounds space-level records.
    h = await startTestRelay({ limits: { maxBytesPerSpace: 2 * PARTNER_SHARE, maxBytesPerPartner: PARTNER_SHARE } });
    const c = await pairedCouple(h);
    const [aliceDevice, bobDevice] = [c.alice.devices[0]!, c.bob.devices[0]!];
    const bob = await authenticated(h, c, bobDevice);
    const { acked, refusal } = await fill(bob, c, bobDevice);
    expect(acked).toBeGreaterThan(3);
    expect(refusal).toMatchObject({ type: 'error', code: ERRORS['quota-exceeded'].wire, detail: expect.stringContaining('your share') as unknown });

    const alice = await authenticated(h, c, aliceDevice);
    expect(await push(alice, c, aliceDevice, 1)).toMatchObject({ type: 'ack', docId: SHARED_DOC_ID });
    const mine = privateDocId(c.alice.partnerId);
    expect(await push(alice, c, aliceDevice, 1, mine)).toMatchObject({ type: 'ack', docId: mine });
    // A can fill A's own share too, independently of B's.
    expect((await fill(alice, c, aliceDevice, 2)).acked).toBeGreaterThan(3);
  });

  it('a snapshot is charged to its author; the updates it prunes give their bytes back to their own authors', async () => {
    h = await startTestRelay({ limits: { maxBytesPerSpace: 2 * PARTNER_SHARE, maxBytesPerPartner: PARTNER_SHARE } });
    const c = await pairedCouple(h);
    const [aliceDevice, bobDevice] = [c.alice.devices[0]!, c.bob.devices[0]!];
    const bob = await authenticated(h, c, bobDevice);
    const { acked } = await fill(bob, c, bobDevice);
    await bob.closed;

    // A compacts the shared document: B's updates are pruned, so B may write again.
    const alice = await authenticated(h, c, aliceDevice);
    expect(await push(alice, c, aliceDevice, 1)).toMatchObject({ type: 'ack', seq: acked + 1 });
    const snapshot = newEnvelope(c.space, aliceDevice, 2, { kind: 'snapshot', size: 500 });
    alice.send({ type: 'put-snapshot', docId: SHARED_DOC_ID, ref: 9, parentHash: NO_PARENT, coversSeq: acked + 1, envelope: snapshot });
    expect(await alice.expect('ack')).toMatchObject({ ref: 9, seq: acked + 1 });

    const again = await authenticated(h, c, bobDevice);
    let clock = acked;
    const refill = async (): Promise<number> => {
      for (let pushed = 0; pushed < 40; pushed++) {
        clock++;
        if ((await push(again, c, bobDevice, clock)).type !== 'ack') return pushed;
      }
      return 40;
    };
    // Had the pruned bytes gone back to A (or nowhere), B's share would still be full.
    expect(await refill()).toBeGreaterThan(3);
  });

  it('bounds the number of documents per space, so snapshots cannot multiply', async () => {
    h = await startTestRelay({ limits: { maxDocumentsPerSpace: 3 } });
    const c = await pairedCouple(h);
    const bobDevice = c.bob.devices[0]!;
    const bob = await authenticated(h, c, bobDevice);
    expect(await push(bob, c, bobDevice, 1, SHARED_DOC_ID, 10)).toMatchObject({ type: 'ack' });
    expect(await push(bob, c, bobDevice, 1, privateDocId(c.bob.partnerId), 10)).toMatchObject({ type: 'ack' });
    expect(await push(bob, c, bobDevice, 1, 'extra-1', 10)).toMatchObject({ type: 'ack' });
    const refused = await push(bob, c, bobDevice, 1, 'extra-2', 10);
    expect(refused).toMatchObject({ type: 'error', code: ERRORS['quota-exceeded'].wire, detail: expect.stringContaining('3 documents') as unknown });
  });
});
