// Garbage collection (issue 9, finding 3): nothing the relay keeps outlives its purpose. The
// sweeper deletes expired invites (payload included), expired device links and consumed ones
// after a grace time, old invite tombstones, and spaces that never got a second partner within
// `abandonedSpaceMs` with every row they hold; a space where a partner LEFT is kept. Driven with
// the movable clock and `sweepNow()`; every pass is bounded in rows.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDeviceLink, createLeaveOp, readyCrypto } from '@securebase/crypto';
import { SHARED_DOC_ID, toBase64Url } from '@securebase/protocol';
import { DATABASE_FILE, openSqliteStorage } from '../src/storage/sqlite.js';
import { newEnvelope, newInvite, type TestInvite, type TestSpace } from './fixtures.js';
import { authenticated, headOf, linkDevice, openLink, pairedCouple, postOps } from './pairing-fixtures.js';
import { expectError, postJson, startTestRelay, type TestRelay } from './relay-harness.js';
import { soloSpace } from './session-helpers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let h: TestRelay | undefined;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function postInvite(r: TestRelay, space: TestSpace, lifetimeMs = MINUTE): Promise<TestInvite> {
  const invite = newInvite(space, { expiresAt: r.clock.now + lifetimeMs });
  const body = { certificate: toBase64Url(invite.encodedCertificate), payload: toBase64Url(invite.payload) };
  expect((await r.fetchJson(`/v1/spaces/${space.spaceId}/invites`, postJson(body))).status).toBe(201);
  return invite;
}

function count(r: TestRelay, sql: string, ...args: unknown[]): number {
  const db = new Database(join(r.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare(sql).get(...args) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Rows naming the space in any table of the database. */
function rowsOfSpace(r: TestRelay, spaceId: string): number {
  const db = new Database(join(r.dataDir, DATABASE_FILE), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%space_id%'").all() as { name: string }[];
    return tables.reduce((sum, { name }) => sum + (db.prepare(`SELECT COUNT(*) AS n FROM ${name} WHERE space_id = ?`).get(spaceId) as { n: number }).n, 0);
  } finally {
    db.close();
  }
}

/** The relay-wide totals as a second connection to the same database reads them. */
function totalsOf(r: TestRelay): { spaces: number; bytes: number } {
  const reader = openSqliteStorage(r.dataDir);
  try {
    return reader.totals();
  } finally {
    reader.close();
  }
}

function onDisk(r: TestRelay, needle: Uint8Array): boolean {
  const base = join(r.dataDir, DATABASE_FILE);
  return [base, `${base}-wal`].some((file) => existsSync(file) && readFileSync(file).includes(Buffer.from(needle)));
}

describe('storage sweeper', () => {
  it('purges expired invites with their payload; the link still says it expired until the tombstone ages out', async () => {
    // Long enough that the unpaired space itself outlives the test's eight days.
    h = await startTestRelay({ limits: { abandonedSpaceMs: 30 * DAY } });
    const space = await soloSpace(h);
    const expiring = await postInvite(h, space, MINUTE);
    const lasting = await postInvite(h, space, DAY);
    h.clock.now += 2 * MINUTE;
    expect(await h.relay.sweepNow()).toMatchObject({ invites: 1 });
    expect(count(h, 'SELECT COUNT(*) AS n FROM invites')).toBe(1);
    expect(onDisk(h, expiring.payload)).toBe(false);
    expectError(await h.fetchJson(`/v1/invites/${expiring.certificate.inviteId}`), 'invite-expired', 410);
    expect((await h.fetchJson(`/v1/invites/${lasting.certificate.inviteId}`)).status).toBe(200);
    // Tombstones (id and time only) go once no invite could still be that old.
    h.clock.now += 8 * DAY;
    // The second invite expires now (its tombstone starts), the first one's tombstone is old enough.
    expect(await h.relay.sweepNow()).toMatchObject({ invites: 1, tombstones: 1 });
    expect(count(h, 'SELECT COUNT(*) AS n FROM invite_tombstones')).toBe(1);
    expectError(await h.fetchJson(`/v1/invites/${expiring.certificate.inviteId}`), 'invite-not-found', 404);
  });

  it('purges expired device links at once and consumed ones after the grace time', async () => {
    h = await startTestRelay();
    const c = await pairedCouple(h);
    const unused = await openLink(h, c, c.alice);
    await linkDevice(h, c, c.alice);
    expect(count(h, "SELECT COUNT(*) AS n FROM device_links WHERE status = 'linked'")).toBe(1);
    h.clock.now += 30 * MINUTE;
    // The unused link (10 min) has expired; the consumed one is within its grace hour after use.
    expect(await h.relay.sweepNow()).toMatchObject({ deviceLinks: 1 });
    expectError(await h.fetchJson(`/v1/device-links/${unused.linkId}`), 'link-not-found', 404);
    expect(count(h, "SELECT COUNT(*) AS n FROM device_links WHERE status = 'linked'")).toBe(1);
    h.clock.now += HOUR;
    expect(await h.relay.sweepNow()).toMatchObject({ deviceLinks: 1 });
    expect(count(h, 'SELECT COUNT(*) AS n FROM device_links')).toBe(0);
  });

  it('deletes a space that never got a second partner, with every row; keeps paired, left and young spaces', async () => {
    h = await startTestRelay({ limits: { abandonedSpaceMs: 3 * DAY } });
    const lonely = await soloSpace(h);
    const socket = await authenticated(h, { space: lonely, alice: { partnerId: lonely.partnerId, devices: [lonely.owner] }, bob: { partnerId: '', devices: [] }, ops: [lonely.genesis] }, lonely.owner);
    socket.send({ type: 'push', docId: SHARED_DOC_ID, ref: 1, envelope: newEnvelope(lonely, lonely.owner, 1) });
    expect(await socket.expect('ack')).toMatchObject({ seq: 1 });
    await postInvite(h, lonely, DAY);
    const link = createDeviceLink({ spaceId: lonely.spaceId, partnerId: lonely.partnerId, issuer: lonely.owner, now: h.clock.now });
    expect((await h.fetchJson(`/v1/spaces/${lonely.spaceId}/device-links`, postJson({ certificate: toBase64Url(link.encodedCertificate) }))).status).toBe(201);
    const paired = await pairedCouple(h);
    const left = await pairedCouple(h);
    const leave = createLeaveOp({ spaceId: left.space.spaceId, prev: headOf(left), signer: left.bob.devices[0]!, partnerId: left.bob.partnerId, now: h.clock.now });
    expect((await postOps(h, left, [leave], [])).status).toBe(201);
    const totalsBefore = totalsOf(h);
    const lonelyBytes = count(h, 'SELECT bytes AS n FROM spaces WHERE space_id = ?', lonely.spaceId);

    h.clock.now += 2 * DAY;
    const young = await soloSpace(h);
    expect(await h.relay.sweepNow()).toMatchObject({ spaces: 0 });
    h.clock.now += DAY + MINUTE;
    expect(await h.relay.sweepNow()).toMatchObject({ spaces: 1 });
    expect(rowsOfSpace(h, lonely.spaceId)).toBe(0);
    for (const kept of [paired.space, left.space, young]) expect(rowsOfSpace(h, kept.spaceId)).toBeGreaterThan(0);
    expectError(await h.fetchJson(`/v1/spaces/${lonely.spaceId}/membership`), 'unknown-space', 404);
    // The relay-wide totals (the global caps' measure) moved with the deletion.
    expect(totalsOf(h)).toEqual({ spaces: totalsBefore.spaces, bytes: totalsBefore.bytes - lonelyBytes + young.genesis.byteLength });
    expect(totalsOf(h).bytes).toBe(count(h, 'SELECT SUM(bytes) AS n FROM spaces'));
  });

  it('bounds each pass in rows and runs on its own timer', async () => {
    h = await startTestRelay({ limits: { sweepBatchRows: 2, sweepIntervalMs: 20 } });
    const space = await soloSpace(h);
    for (let i = 0; i < 5; i++) await postInvite(h, space, MINUTE);
    h.clock.now += 2 * MINUTE;
    expect(await h.relay.sweepNow()).toMatchObject({ invites: 2 });
    const deadline = Date.now() + 5_000;
    while (count(h, 'SELECT COUNT(*) AS n FROM invites') > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(count(h, 'SELECT COUNT(*) AS n FROM invites')).toBe(0);
  });
});
