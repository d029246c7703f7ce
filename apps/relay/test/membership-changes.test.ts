// Membership changes after pairing, over the real HTTP API and real SQLite: remove-device with
// its key rotations and wraps, leave (the leaver's private document and wraps are deleted, no row
// remains), rotate-key after a leave, the allowed op groups, atomicity, and key-wrap listing.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLeaveOp, createRemoveDeviceOp, createRotateKeyOp, generateDeviceKeys, readyCrypto, type DeviceKeys } from '@securebase/crypto';
import { ERRORS, privateDocId, privateScope, SPACE_SCOPE, toBase64Url } from '@securebase/protocol';
import { DATABASE_FILE } from '../src/storage/sqlite.js';
import { newEnvelope } from './fixtures.js';
import { authenticated, headOf, linkDevice, pairedCouple, postOps, subscribe, wrapFor, type TestCouple } from './pairing-fixtures.js';
import { expectError, postJson, startTestRelay, type TestRelay } from './relay-harness.js';

let h: TestRelay | undefined;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function setup(): Promise<{ r: TestRelay; c: TestCouple }> {
  h = await startTestRelay();
  return { r: h, c: await pairedCouple(h) };
}

const wrapsOf = async (r: TestRelay, c: TestCouple, device: DeviceKeys, after = 0): Promise<{ id: number; wrap: string }[]> => {
  const response = await r.fetchJson(`/v1/spaces/${c.space.spaceId}/key-wraps/${toBase64Url(device.signPublicKey)}?after=${after}`);
  expect(response.status).toBe(200);
  return (response.body as { wraps: { id: number; wrap: string }[] }).wraps;
};

/** Read the relay's database file directly (it is in WAL mode, so reading alongside is safe). */
function readDatabase<T>(r: TestRelay, read: (db: Database.Database) => T): T {
  const db = new Database(join(r.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** remove-device for `removed` plus the two rotations, signed by `signer`, with the given wraps. */
function removalOps(r: TestRelay, c: TestCouple, signer: DeviceKeys, removed: DeviceKeys, partnerId: string): Uint8Array[] {
  const { spaceId } = c.space;
  const remove = createRemoveDeviceOp({ spaceId, prev: headOf(c), signer, deviceKey: removed.signPublicKey, now: r.clock.now });
  const after = (op: Uint8Array, seq: number) => ({ ...c, ops: [...c.ops.slice(0, seq), op] });
  const seq = c.ops.length;
  const rotateSpace = createRotateKeyOp({ spaceId, prev: headOf(after(remove, seq)), signer, scope: SPACE_SCOPE, epoch: 1, now: r.clock.now });
  const rotatePrivate = createRotateKeyOp({
    spaceId,
    prev: headOf({ ...c, ops: [...c.ops, remove, rotateSpace] }),
    signer,
    scope: privateScope(partnerId),
    epoch: 1,
    now: r.clock.now,
  });
  return [remove, rotateSpace, rotatePrivate];
}

describe('remove-device', () => {
  it('appends remove + both rotations with a wrap for every remaining holder; the removed device gets nothing more', async () => {
    const { r, c } = await setup();
    const [laptop, bob] = [c.alice.devices[0]!, c.bob.devices[0]!];
    const phone = await linkDevice(r, c, c.alice);
    const tablet = await linkDevice(r, c, c.alice);
    const ops = removalOps(r, c, laptop, phone, c.alice.partnerId);
    const response = await postOps(r, c, ops, [wrapFor(laptop, laptop), wrapFor(tablet, laptop), wrapFor(bob, laptop)]);
    expect(response).toEqual({ status: 201, body: { membershipHead: c.ops.length - 1 } });
    expect(await wrapsOf(r, c, phone)).toEqual([]);
    expect(readDatabase(r, (db) => db.prepare('SELECT COUNT(*) AS n FROM key_wraps WHERE recipient = ?').get(Buffer.from(phone.signPublicKey)))).toEqual({ n: 0 });
    const tabletWraps = await wrapsOf(r, c, tablet);
    expect(tabletWraps).toHaveLength(2);
    expect(await wrapsOf(r, c, tablet, tabletWraps[0]!.id)).toHaveLength(1);
    expect(await wrapsOf(r, c, bob)).toHaveLength(1);
  });

  it('refuses a removal without both rotations, or with a wrong group of ops', async () => {
    const { r, c } = await setup();
    const laptop = c.alice.devices[0]!;
    const phone = await linkDevice(r, c, c.alice);
    const [remove, rotateSpace, rotatePrivate] = removalOps(r, c, laptop, phone, c.alice.partnerId);
    const wraps = [wrapFor(laptop, laptop), wrapFor(c.bob.devices[0]!, laptop)];
    expectError(await postOps(r, c, [remove!], []), 'invalid-request', 400);
    expectError(await postOps(r, c, [remove!, rotateSpace!], wraps), 'invalid-request', 400);
    expectError(await postOps(r, c, [rotateSpace!, remove!, rotatePrivate!], wraps), 'invalid-request', 400);
    expectError(await postOps(r, c, [], []), 'invalid-request', 400);
    expect(c.ops).toHaveLength(3);
  });

  it('refuses rotations that miss a holder’s wrap or wrap for a device that must not hold the key', async () => {
    const { r, c } = await setup();
    const [laptop, bob] = [c.alice.devices[0]!, c.bob.devices[0]!];
    const phone = await linkDevice(r, c, c.alice);
    const ops = removalOps(r, c, laptop, phone, c.alice.partnerId);
    expectError(await postOps(r, c, ops, [wrapFor(laptop, laptop)]), 'invalid-request', 400);
    expectError(await postOps(r, c, ops, [wrapFor(laptop, laptop), wrapFor(bob, laptop), wrapFor(phone, laptop)]), 'invalid-request', 400);
    expectError(await postOps(r, c, ops, [wrapFor(laptop, laptop), wrapFor(bob, laptop), wrapFor(generateDeviceKeys(), laptop)]), 'invalid-request', 400);
    // Nothing of a refused request is stored: the chain and the wraps are as before.
    expect(((await r.fetchJson(`/v1/spaces/${c.space.spaceId}/membership`)).body as { ops: string[] }).ops).toHaveLength(3);
    expect(await wrapsOf(r, c, bob)).toEqual([]);
  });

  it('refuses removing a device of the other partner and a forged op', async () => {
    const { r, c } = await setup();
    const [laptop, bob] = [c.alice.devices[0]!, c.bob.devices[0]!];
    const bobPhone = await linkDevice(r, c, c.bob);
    const ops = removalOps(r, c, laptop, bobPhone, c.bob.partnerId);
    expectError(await postOps(r, c, ops, [wrapFor(laptop, laptop), wrapFor(bob, laptop)]), 'invalid-membership', 400);
    const forged = removalOps(r, c, bob, bobPhone, c.bob.partnerId);
    const remove = forged[0]!;
    remove[remove.length - 1] = (remove[remove.length - 1] ?? 0) ^ 1;
    expectError(await postOps(r, c, forged, [wrapFor(laptop, bob), wrapFor(bob, bob)]), 'invalid-membership', 400);
  });
});

describe('leave and rotate-key', () => {
  it('deletes every row of the leaver’s private document and their wraps, then the other partner rotates', async () => {
    const { r, c } = await setup();
    const alice = c.alice.devices[0]!;
    const bob = c.bob.devices[0]!;
    const bobPhone = await linkDevice(r, c, c.bob);
    const bobDoc = privateDocId(c.bob.partnerId);
    const socket = await authenticated(r, c, bob);
    await subscribe(socket, 0, bobDoc);
    for (let clock = 1; clock <= 3; clock++) {
      socket.send({ type: 'push', docId: bobDoc, ref: clock, envelope: newEnvelope(c.space, bob, clock, { docId: bobDoc }) });
      expect(await socket.expect('ack')).toMatchObject({ seq: clock });
    }
    const snapshot = newEnvelope(c.space, bob, 4, { docId: bobDoc, kind: 'snapshot' });
    socket.send({ type: 'put-snapshot', docId: bobDoc, ref: 9, parentHash: new Uint8Array(0), coversSeq: 2, envelope: snapshot });
    expect(await socket.expect('ack')).toMatchObject({ ref: 9, seq: 2 });
    const bytesBefore = readDatabase(r, (db) => (db.prepare('SELECT bytes FROM spaces').get() as { bytes: number }).bytes);

    const leave = createLeaveOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: bob, partnerId: c.bob.partnerId, now: r.clock.now });
    expect((await postOps(r, c, [leave], [])).status).toBe(201);

    const remaining = readDatabase(r, (db) => {
      const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
      return {
        updates: count('SELECT COUNT(*) AS n FROM updates WHERE doc_id = ?', bobDoc),
        snapshots: count('SELECT COUNT(*) AS n FROM snapshots WHERE doc_id = ?', bobDoc),
        clocks: count('SELECT COUNT(*) AS n FROM author_clocks WHERE doc_id = ?', bobDoc),
        documents: count('SELECT COUNT(*) AS n FROM documents WHERE doc_id = ?', bobDoc),
        wraps: count('SELECT COUNT(*) AS n FROM key_wraps WHERE recipient IN (?, ?)', Buffer.from(bob.signPublicKey), Buffer.from(bobPhone.signPublicKey)),
        bytes: count('SELECT bytes AS n FROM spaces'),
      };
    });
    expect(remaining).toMatchObject({ updates: 0, snapshots: 0, clocks: 0, documents: 0, wraps: 0 });
    expect(remaining.bytes).toBeLessThan(bytesBefore);
    // The leaver's open session is cut at once.
    expect(await socket.expect('error')).toMatchObject({ code: ERRORS['device-removed'].wire });
    expect(await wrapsOf(r, c, bobPhone)).toEqual([]);

    const rotate = createRotateKeyOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: alice, scope: SPACE_SCOPE, epoch: 1, now: r.clock.now });
    expectError(await postOps(r, c, [rotate], [wrapFor(alice, alice), wrapFor(bob, alice)]), 'invalid-request', 400);
    expect((await postOps(r, c, [rotate], [wrapFor(alice, alice, SPACE_SCOPE, 1)])).status).toBe(201);
    expect(await wrapsOf(r, c, alice)).toHaveLength(1);
  });

  it('refuses a leave with wraps, a rotation by the leaver and a rotation that skips an epoch', async () => {
    const { r, c } = await setup();
    const [alice, bob] = [c.alice.devices[0]!, c.bob.devices[0]!];
    const skip = createRotateKeyOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: alice, scope: SPACE_SCOPE, epoch: 2, now: r.clock.now });
    expectError(await postOps(r, c, [skip], [wrapFor(alice, alice), wrapFor(bob, alice)]), 'invalid-membership', 400);
    const leave = createLeaveOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: bob, partnerId: c.bob.partnerId, now: r.clock.now });
    expectError(await postOps(r, c, [leave], [wrapFor(alice, bob)]), 'invalid-request', 400);
    expect((await postOps(r, c, [leave], [])).status).toBe(201);
    const byLeaver = createRotateKeyOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: bob, scope: SPACE_SCOPE, epoch: 1, now: r.clock.now });
    expectError(await postOps(r, c, [byLeaver], [wrapFor(alice, bob)]), 'invalid-membership', 400);
  });

  it('refuses create/add-partner ops here, ops from a stale head and an unknown space', async () => {
    const { r, c } = await setup();
    const alice = c.alice.devices[0]!;
    expectError(await postOps(r, c, [c.space.genesis], []), 'invalid-request', 400);
    const stale = createRotateKeyOp({ spaceId: c.space.spaceId, prev: { seq: 0, hash: headOf({ ...c, ops: [c.space.genesis] }).hash }, signer: alice, scope: SPACE_SCOPE, epoch: 1, now: r.clock.now });
    expectError(await postOps(r, c, [stale], [wrapFor(alice, alice), wrapFor(c.bob.devices[0]!, alice)]), 'invalid-membership', 400);
    const other = { ...c, space: { ...c.space, spaceId: 'AAAAAAAAAAAAAAAAAAAAAA' } };
    expectError(await postOps(r, other, [stale], []), 'unknown-space', 404);
  });
});

describe('request bodies', () => {
  it('rejects ops or wraps of the wrong shape with 400 before touching the chain', async () => {
    const { r, c } = await setup();
    const alice = c.alice.devices[0]!;
    const rotate = toBase64Url(createRotateKeyOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: alice, scope: SPACE_SCOPE, epoch: 1, now: r.clock.now }));
    const post = (body: unknown) => r.fetchJson(`/v1/spaces/${c.space.spaceId}/membership`, postJson(body));
    for (const body of [
      { ops: rotate, wraps: [] },
      { ops: [rotate] },
      { ops: [42], wraps: [] },
      { ops: [rotate, rotate, rotate, rotate], wraps: [] },
      { ops: [rotate], wraps: ['x'] },
      { ops: [rotate], wraps: [{ deviceKey: 'abc', wrap: 'AAAA' }] },
      { ops: [rotate], wraps: [{ deviceKey: toBase64Url(alice.signPublicKey), wrap: 'AAAA' }] },
    ]) {
      expect((await post(body)).status).toBe(400);
    }
    expect(((await r.fetchJson(`/v1/spaces/${c.space.spaceId}/membership`)).body as { ops: string[] }).ops).toHaveLength(2);
  });
});

describe('key-wraps', () => {
  it('lists nothing for a stranger, and rejects a malformed key or cursor', async () => {
    const { r, c } = await setup();
    expect(await wrapsOf(r, c, generateDeviceKeys())).toEqual([]);
    expect((await r.fetchJson(`/v1/spaces/${c.space.spaceId}/key-wraps/abc`)).status).toBe(400);
    const key = toBase64Url(c.alice.devices[0]!.signPublicKey);
    expect((await r.fetchJson(`/v1/spaces/${c.space.spaceId}/key-wraps/${key}?after=-1`)).status).toBe(400);
    expectError(await r.fetchJson(`/v1/spaces/AAAAAAAAAAAAAAAAAAAAAA/key-wraps/${key}`), 'unknown-space', 404);
  });
});
