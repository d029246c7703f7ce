// Membership re-verification must not grow with the chain (issue 9, finding 4): when one op is
// appended to a long chain, the relay's MembershipCache reads and verifies that one op, not the
// whole chain from genesis. Counted, not timed: a wrapper around the real SQLite storage counts
// the op rows handed out. The chain is capped (`maxMembershipOps`): past it, membership changes
// and invite acceptance answer `membership-limit`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGenesisOp, createRotateKeyOp, hashMembershipOp, isMemberDevice, readyCrypto } from '@securebase/crypto';
import { SPACE_SCOPE, toBase64Url } from '@securebase/protocol';
import { MembershipCache } from '../src/membership.js';
import { resolvedStorage } from '../src/storage/resolved.js';
import { openMemoryRelayStorage } from '../src/storage/memory.js';
import { openSqliteStorage, type SqliteStorage } from '../src/storage/sqlite.js';
import type { RelayStorage } from '../src/storage/types.js';
import { newAddPartnerOp, newInvite, newSpace, type TestSpace } from './fixtures.js';
import { headOf, pairedCouple, postOps, wrapFor, type TestCouple } from './pairing-fixtures.js';
import { gatedStorage } from './gated-storage.js';
import { expectError, postJson, startTestRelay, type TestRelay } from './relay-harness.js';

const NOW = Date.now();
const BIG = 1 << 30;

let h: TestRelay | undefined;
let dir: string | undefined;
let storage: SqliteStorage | undefined;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
  storage?.close();
  storage = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Storage that counts the membership op rows it hands out. */
function countingStorage(inner: SqliteStorage): { storage: RelayStorage; opsRead: () => number } {
  let read = 0;
  const wrapped = new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property === 'listMembershipOps') {
        return (...args: Parameters<RelayStorage['listMembershipOps']>) => {
          const ops = target.listMembershipOps(...args);
          read += ops?.length ?? 0;
          return ops;
        };
      }
      // Methods use private fields, so they must run on the real object.
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
  return { storage: resolvedStorage(wrapped), opsRead: () => read };
}

/** A space with two partners and `rotations` rotate-key ops, stored op by op. */
function longChain(target: SqliteStorage, rotations: number): { space: TestSpace; ops: Uint8Array[] } {
  const space = newSpace(NOW);
  expect(target.createSpace(space.spaceId, space.genesis, NOW)).toBe(true);
  const invite = newInvite(space, { expiresAt: NOW + 60_000 });
  const joined = newAddPartnerOp(space, invite, { lastOp: space.genesis, lastSeq: 0 }, NOW);
  const ops = [space.genesis, joined.op];
  for (let epoch = 1; epoch <= rotations; epoch++) {
    const last = ops.at(-1)!;
    ops.push(createRotateKeyOp({ spaceId: space.spaceId, prev: { seq: ops.length - 1, hash: hashMembershipOp(last) }, signer: space.owner, scope: SPACE_SCOPE, epoch, now: NOW }));
  }
  for (const [seq, op] of ops.entries()) if (seq > 0) expect(target.appendMembershipOp(space.spaceId, seq, op, BIG).status).toBe('appended');
  return { space, ops };
}

describe('incremental membership verification', () => {
  it('appending one op to a 500-op chain reads and verifies one op, not 500', async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-membership-'));
    storage = openSqliteStorage(dir);
    const { space, ops } = longChain(storage, 498);
    expect(ops).toHaveLength(500);
    const counting = countingStorage(storage);
    const cache = new MembershipCache(counting.storage);
    expect((await cache.load(space.spaceId, NOW))?.head).toBe(499);
    const afterFirstLoad = counting.opsRead();
    expect(afterFirstLoad).toBe(500);

    const next = createRotateKeyOp({ spaceId: space.spaceId, prev: { seq: 499, hash: hashMembershipOp(ops.at(-1)!) }, signer: space.owner, scope: SPACE_SCOPE, epoch: 499, now: NOW });
    expect(storage.appendMembershipOp(space.spaceId, 500, next, BIG).status).toBe('appended');
    const loaded = await cache.load(space.spaceId, NOW);
    expect(loaded?.head).toBe(500);
    expect(loaded?.state.epochs[SPACE_SCOPE]).toBe(499);
    expect(isMemberDevice(loaded!.state, space.owner.signPublicKey)).toBe(true);
    expect(counting.opsRead() - afterFirstLoad).toBe(1);
    // An unchanged head reads nothing at all.
    await cache.load(space.spaceId, NOW);
    expect(counting.opsRead() - afterFirstLoad).toBe(1);
  });

  it('64 handshakes at once for a space not yet cached verify its chain once, not 64 times', async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-membership-'));
    storage = openSqliteStorage(dir);
    const { space } = longChain(storage, 98);
    const counting = countingStorage(storage);
    const cache = new MembershipCache(counting.storage);
    const loaded = await Promise.all(Array.from({ length: 64 }, () => cache.load(space.spaceId, NOW)));
    expect(loaded.map((l) => l?.head)).toEqual(Array.from({ length: 64 }, () => 99));
    expect(counting.opsRead()).toBe(100);
  });

  it('a load that starts after an op landed never joins an earlier load still reading the older chain', async () => {
    const gated = gatedStorage(openMemoryRelayStorage());
    const space = newSpace(NOW);
    expect(await gated.storage.createSpace(space.spaceId, space.genesis, NOW)).toBe(true);
    const cache = new MembershipCache(gated.storage);
    // The first load has read the tip (head 0) and its op list; its answer is late.
    const gate = gated.hold('listMembershipOps', 'after');
    const first = cache.load(space.spaceId, NOW);
    await gate.reached;
    const invite = newInvite(space, { expiresAt: NOW + 60_000 });
    const joined = newAddPartnerOp(space, invite, { lastOp: space.genesis, lastSeq: 0 }, NOW);
    expect((await gated.storage.appendMembershipOp(space.spaceId, 1, joined.op, BIG)).status).toBe('appended');
    const second = cache.load(space.spaceId, NOW);
    gate.release();
    expect((await first)?.head).toBe(0);
    expect((await second)?.head).toBe(1);
  });

  it('does not serve a cached state for a space id that was freed and created again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-membership-'));
    storage = openSqliteStorage(dir);
    const first = newSpace(NOW);
    expect(storage.createSpace(first.spaceId, first.genesis, NOW)).toBe(true);
    const cache = new MembershipCache(resolvedStorage(storage));
    expect(isMemberDevice((await cache.load(first.spaceId, NOW))!.state, first.owner.signPublicKey)).toBe(true);
    expect(storage.purgeAbandonedSpaces(NOW, NOW, 100)).toBe(1);
    expect(await cache.load(first.spaceId, NOW)).toBeUndefined();
    const again = { ...newSpace(NOW + 1), spaceId: first.spaceId };
    const genesis = createGenesisOp({ spaceId: again.spaceId, partnerId: again.partnerId, device: again.owner, now: NOW + 1 });
    expect(storage.createSpace(first.spaceId, genesis, NOW + 1)).toBe(true);
    const loaded = (await cache.load(first.spaceId, NOW + 1))!;
    expect(isMemberDevice(loaded.state, again.owner.signPublicKey)).toBe(true);
    expect(isMemberDevice(loaded.state, first.owner.signPublicKey)).toBe(false);
  });
});

describe('membership chain cap', () => {
  const rotation = (r: TestRelay, c: TestCouple, epoch: number) =>
    createRotateKeyOp({ spaceId: c.space.spaceId, prev: headOf(c), signer: c.alice.devices[0]!, scope: SPACE_SCOPE, epoch, now: r.clock.now });
  const holders = (c: TestCouple) => [wrapFor(c.alice.devices[0]!, c.alice.devices[0]!), wrapFor(c.bob.devices[0]!, c.alice.devices[0]!)];

  it('refuses membership changes past maxMembershipOps with membership-limit', async () => {
    h = await startTestRelay({ limits: { maxMembershipOps: 4 } });
    const c = await pairedCouple(h);
    expect((await postOps(h, c, [rotation(h, c, 1)], holders(c))).status).toBe(201);
    expect((await postOps(h, c, [rotation(h, c, 2)], holders(c))).status).toBe(201);
    expect(c.ops).toHaveLength(4);
    expectError(await postOps(h, c, [rotation(h, c, 3)], holders(c)), 'membership-limit', 429);
  });

  it('refuses an invite acceptance that would grow the chain past the cap', async () => {
    h = await startTestRelay({ limits: { maxMembershipOps: 1 } });
    const space = newSpace(h.clock.now);
    expect((await h.fetchJson('/v1/spaces', postJson({ genesis: toBase64Url(space.genesis) }))).status).toBe(201);
    const invite = newInvite(space, { expiresAt: h.clock.now + 60_000 });
    const body = { certificate: toBase64Url(invite.encodedCertificate), payload: toBase64Url(invite.payload) };
    expect((await h.fetchJson(`/v1/spaces/${space.spaceId}/invites`, postJson(body))).status).toBe(201);
    const joiner = newAddPartnerOp(space, invite, { lastOp: space.genesis, lastSeq: 0 }, h.clock.now);
    expectError(await h.fetchJson(`/v1/invites/${invite.certificate.inviteId}/accept`, postJson({ op: toBase64Url(joiner.op) })), 'membership-limit', 429);
  });
});
