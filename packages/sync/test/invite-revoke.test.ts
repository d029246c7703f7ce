// revokeInviteLinks against a real relay: a member cancels every open invitation; the partner
// holding a cancelled link is told plainly (`invite-revoked`), and a new link works again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecureBaseError } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { startRelay, type RunningRelay } from '@securebase/relay';
import { createInviteLink, createSpace, joinSpace, revokeInviteLinks } from '@securebase/sync';

let relay: RunningRelay;
let dataDir: string;

beforeAll(async () => {
  await readyCrypto();
  dataDir = mkdtempSync(join(tmpdir(), 'securebase-revoke-'));
  relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
});

afterAll(async () => {
  await relay.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('revokeInviteLinks', () => {
  it('cancels every open link; a cancelled link answers invite-revoked, a new one still works', async () => {
    const creds = await createSpace(relay.url);
    const first = await createInviteLink(creds);
    await createInviteLink(creds);
    expect(await revokeInviteLinks(creds)).toBe(2);
    const refused = await joinSpace(first.link).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(SecureBaseError);
    expect((refused as SecureBaseError).code).toBe('invite-revoked');
    expect(await revokeInviteLinks(creds)).toBe(0);
    const fresh = await createInviteLink(creds);
    expect((await joinSpace(fresh.link)).spaceId).toBe(creds.spaceId);
  });

  it('is refused for a device clock far from the relay’s', async () => {
    const creds = await createSpace(relay.url);
    const refused = await revokeInviteLinks(creds, { now: Date.now() - 60 * 60_000 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((refused as SecureBaseError).code).toBe('auth-failed');
  });
});
