// Invites do not outlive their purpose (issue 9, finding 6). Redeeming an invite deletes its
// payload (the space key sealed under the link secret) in the same transaction; once the space
// has two partners every other open invite is deleted too; a member device can revoke every open
// invite with a signed request, after which the link answers `invite-revoked`. Checked on the
// real database file and its WAL, byte for byte: whoever holds the relay's disk plus an old link
// must not find the sealed key there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateDeviceKeys, readyCrypto, signInviteRevocation, type DeviceKeys } from '@securebase/crypto';
import { toBase64Url } from '@securebase/protocol';
import { DATABASE_FILE } from '../src/storage/sqlite.js';
import { newAddPartnerOp, newInvite, type TestInvite, type TestSpace } from './fixtures.js';
import { expectError, postJson, startTestRelay, type TestRelay } from './relay-harness.js';
import { soloSpace } from './session-helpers.js';

let h: TestRelay | undefined;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function postInvite(r: TestRelay, space: TestSpace): Promise<TestInvite> {
  const invite = newInvite(space, { expiresAt: r.clock.now + 60_000 });
  const body = { certificate: toBase64Url(invite.encodedCertificate), payload: toBase64Url(invite.payload) };
  expect((await r.fetchJson(`/v1/spaces/${space.spaceId}/invites`, postJson(body))).status).toBe(201);
  return invite;
}

async function accept(r: TestRelay, space: TestSpace, invite: TestInvite) {
  const joiner = newAddPartnerOp(space, invite, { lastOp: space.genesis, lastSeq: 0 }, r.clock.now);
  return r.fetchJson(`/v1/invites/${invite.certificate.inviteId}/accept`, postJson({ op: toBase64Url(joiner.op) }));
}

/** True if `needle` occurs anywhere in the database file or its write-ahead log. */
function onDisk(r: TestRelay, needle: Uint8Array): boolean {
  const base = join(r.dataDir, DATABASE_FILE);
  return [base, `${base}-wal`].some((file) => existsSync(file) && readFileSync(file).includes(Buffer.from(needle)));
}

/** Invite rows still holding a payload. */
function payloadRows(r: TestRelay): number {
  const db = new Database(join(r.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM invites').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function revokeBody(spaceId: string, device: DeviceKeys, signedAt: number) {
  return { deviceKey: toBase64Url(device.signPublicKey), signedAt, signature: toBase64Url(signInviteRevocation(device, { spaceId, signedAt })) };
}

describe('redeeming an invite', () => {
  it('deletes its payload in the same transaction: nothing of it remains in the file or the WAL', async () => {
    h = await startTestRelay();
    const space = await soloSpace(h);
    const invite = await postInvite(h, space);
    expect(onDisk(h, invite.payload)).toBe(true);
    expect((await accept(h, space, invite)).status).toBe(201);
    expect(payloadRows(h)).toBe(0);
    expect(onDisk(h, invite.payload)).toBe(false);
    expectError(await h.fetchJson(`/v1/invites/${invite.certificate.inviteId}`), 'invite-used', 410);
    await h.stop(true);
    expect(onDisk(h, invite.payload)).toBe(false);
  });

  it('deletes every sibling invite once the space has two partners; a sibling answers an error, never its payload', async () => {
    h = await startTestRelay();
    const space = await soloSpace(h);
    const used = await postInvite(h, space);
    const siblings = [await postInvite(h, space), await postInvite(h, space)];
    expect((await accept(h, space, used)).status).toBe(201);
    for (const sibling of siblings) {
      const response = await h.fetchJson(`/v1/invites/${sibling.certificate.inviteId}`);
      expectError(response, 'space-full', 409);
      expect(JSON.stringify(response.body)).not.toContain(toBase64Url(sibling.payload));
      expect(onDisk(h, sibling.payload)).toBe(false);
      expectError(await accept(h, space, sibling), 'space-full', 409);
    }
    expect(payloadRows(h)).toBe(0);
  });
});

describe('revoking open invites', () => {
  it('a member device cancels every open invite; the link then answers invite-revoked and its payload is gone', async () => {
    h = await startTestRelay();
    const space = await soloSpace(h);
    const invites = [await postInvite(h, space), await postInvite(h, space)];
    const revoked = await h.fetchJson(`/v1/spaces/${space.spaceId}/invites/revoke`, postJson(revokeBody(space.spaceId, space.owner, h.clock.now)));
    expect(revoked).toEqual({ status: 200, body: { revoked: 2 } });
    for (const invite of invites) {
      expectError(await h.fetchJson(`/v1/invites/${invite.certificate.inviteId}`), 'invite-revoked', 410);
      expectError(await accept(h, space, invite), 'invite-revoked', 410);
      expect(onDisk(h, invite.payload)).toBe(false);
    }
    expect(payloadRows(h)).toBe(0);
    // Nothing left to cancel; a new invite works as before.
    expect(await h.fetchJson(`/v1/spaces/${space.spaceId}/invites/revoke`, postJson(revokeBody(space.spaceId, space.owner, h.clock.now)))).toEqual({
      status: 200,
      body: { revoked: 0 },
    });
    const fresh = await postInvite(h, space);
    expect((await h.fetchJson(`/v1/invites/${fresh.certificate.inviteId}`)).status).toBe(200);
  });

  it('refuses a stranger, a bad signature and a request signed too far from the relay’s clock', async () => {
    h = await startTestRelay();
    const space = await soloSpace(h);
    const invite = await postInvite(h, space);
    const path = `/v1/spaces/${space.spaceId}/invites/revoke`;
    expectError(await h.fetchJson(path, postJson(revokeBody(space.spaceId, generateDeviceKeys(), h.clock.now))), 'not-a-member', 403);
    const forged = { ...revokeBody(space.spaceId, space.owner, h.clock.now), signedAt: h.clock.now + 1 };
    expectError(await h.fetchJson(path, postJson(forged)), 'auth-failed', 401);
    expectError(await h.fetchJson(path, postJson(revokeBody(space.spaceId, space.owner, h.clock.now - 6 * 60_000))), 'auth-failed', 401);
    expectError(await h.fetchJson(path, postJson(revokeBody(space.spaceId, space.owner, h.clock.now + 6 * 60_000))), 'auth-failed', 401);
    expectError(await h.fetchJson(path, postJson({ deviceKey: 'x', signedAt: 'soon', signature: '' })), 'invalid-request', 400);
    // The invite is untouched by all of that.
    expect((await h.fetchJson(`/v1/invites/${invite.certificate.inviteId}`)).status).toBe(200);
  });
});
