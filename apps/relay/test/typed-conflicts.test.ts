// A race the relay cannot settle alone is a typed, recoverable conflict, not "the request was not
// valid": when the membership chain moves between the check and the write (another node, or
// another request, appended first), the answer is 409 `membership-changed`, and clients fetch the
// chain again and retry. The race needs two writers; here the storage reports it, as it does when
// it loses one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto } from '@securebase/crypto';
import { ERRORS, toBase64Url } from '@securebase/protocol';
import { createRelayApp } from '../src/app.js';
import { resolvedStorage } from '../src/storage/resolved.js';
import { openSqliteStorage, type SqliteStorage } from '../src/storage/sqlite.js';
import type { RelayStorage } from '../src/storage/types.js';
import { newAddPartnerOp, newInvite, newSpace } from './fixtures.js';

let dir: string;
let storage: SqliteStorage;

beforeAll(async () => {
  await readyCrypto();
});
afterEach(() => {
  storage.close();
  rmSync(dir, { recursive: true, force: true });
});

/** SQLite storage whose membership writes always find that another writer moved the head first. */
function losingRace(inner: SqliteStorage): RelayStorage {
  return resolvedStorage(new Proxy(inner, {
    get(target, name, receiver) {
      if (name === 'redeemInvite' || name === 'appendMembershipBatch') return () => ({ status: 'head-moved' });
      const value = Reflect.get(target, name, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }));
}

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('typed conflicts', () => {
  it('an invite accepted while the chain moved answers 409 membership-changed (recoverable)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-conflict-'));
    storage = openSqliteStorage(dir);
    const app = createRelayApp({ storage: losingRace(storage) });
    const space = newSpace();
    expect((await app.request('/v1/spaces', post({ genesis: toBase64Url(space.genesis) }))).status).toBe(201);
    const invite = newInvite(space, { expiresAt: Date.now() + 60_000 });
    const created = await app.request(`/v1/spaces/${space.spaceId}/invites`, post({ certificate: toBase64Url(invite.encodedCertificate), payload: toBase64Url(invite.payload) }));
    expect(created.status).toBe(201);
    const joiner = newAddPartnerOp(space, invite, { lastOp: space.genesis, lastSeq: 0 });
    const answer = await app.request(`/v1/invites/${invite.certificate.inviteId}/accept`, post({ op: toBase64Url(joiner.op) }));
    expect(answer.status).toBe(409);
    const body = (await answer.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('membership-changed');
    expect(body.error.message).toContain(ERRORS['membership-changed'].message);
    expect(ERRORS['membership-changed'].fatal).toBe(false);
  });
});
