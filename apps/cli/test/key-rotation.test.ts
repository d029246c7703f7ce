// A rotation met in the middle of a command heals within it: a session opened with keys from
// before a rotation (another device of the partner was removed meanwhile) gets 'stale-epoch'
// from the relay, fetches the new keys through the `refreshKeys` the CLI gives every provider,
// re-seals and is acknowledged; the new keys are kept in the profile. Real relay, real SQLite,
// real libsodium, in-process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay } from '@securebase/relay';
import { SPACE_SCOPE, toBase64Url } from '@securebase/protocol';
import { createDeviceLinkCode, currentKey, joinAsLinkedDevice, removeDevice, type Credentials } from '@securebase/sync';
import { runCli } from '../src/cli.js';
import type { CommandContext } from '../src/context.js';
import { Profile } from '../src/profile.js';
import { withPrivateDoc, withWorkbook } from '../src/session.js';

let root: string;
let relay: Awaited<ReturnType<typeof startRelay>>;

async function cliOk(args: string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { SECUREBASE_TIMEOUT_MS: '8000', HOME: root },
  });
  if (code !== 0) throw new Error(`${args.join(' ')} → ${code}: ${stderr}`);
  return stdout;
}

async function storedCredentials(dir: string): Promise<Credentials> {
  const profile = await Profile.open(dir, { create: false });
  try {
    return await profile.requireCredentials();
  } finally {
    await profile.close();
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'securebase-rotation-'));
  relay = await startRelay({ port: 0, dataDir: join(root, 'data') });
});
afterAll(async () => {
  await relay?.close();
  await rm(root, { recursive: true, force: true });
});

describe('a rotation during a command', () => {
  it('heals a stale-epoch push within the same session and keeps the new keys', async () => {
    const alice = join(root, 'alice');
    const bob = join(root, 'bob');
    await cliOk(['--profile', alice, 'init', '--relay', relay.url, '--name', 'Sam']);
    const link = (await cliOk(['--profile', alice, 'invite'])).trim();
    await cliOk(['--profile', bob, 'join', link, '--name', 'Alex']);
    const before = await storedCredentials(bob);

    // Alice links a second device and removes it again: the space key rotates.
    const aliceCreds = await storedCredentials(alice);
    const handle = await createDeviceLinkCode(aliceCreds);
    const joining = joinAsLinkedDevice(handle.code);
    await handle.waitForRequest();
    await handle.approve();
    const spare = await joining;
    const rotated = await removeDevice(aliceCreds, spare.device.signPublicKey);
    expect(currentKey(rotated, SPACE_SCOPE).epoch).toBeGreaterThan(currentKey(before, SPACE_SCOPE).epoch);

    // Bob's command still holds the keys from before (as if the rotation came right after it
    // refreshed them). A private document is open too: it is handed the new keys.
    const ctx: CommandContext = {
      io: { stdout: { write: () => true }, stderr: { write: () => true }, env: { SECUREBASE_TIMEOUT_MS: '8000' } },
      globals: { profile: bob },
      args: [],
    };
    const profile = await Profile.open(bob, { create: false });
    try {
      await withPrivateDoc(ctx, profile, before, 'write', () =>
        withWorkbook(ctx, profile, before, 'write', ({ workbook }) => workbook.inbox.add({ text: 'sealed twice' }, before.partnerId)),
      );
    } finally {
      await profile.close();
    }

    const after = await storedCredentials(bob);
    expect(currentKey(after, SPACE_SCOPE)).toEqual(currentKey(rotated, SPACE_SCOPE));
    expect(toBase64Url(after.device.signPublicKey)).toBe(toBase64Url(before.device.signPublicKey));
    const seen = JSON.parse(await cliOk(['--profile', alice, 'export'])) as { inbox: Array<{ text: string }> };
    expect(seen.inbox.map((note) => note.text)).toEqual(['sealed twice']);
  }, 60_000);
});
