// A profile's data at rest, with real files and real libsodium: every record (credentials
// included) is sealed before it reaches a file, a passphrase locks it with one clear error when
// missing or wrong, and a profile of an earlier version (plain files in store/) is moved into
// the encrypted store on first open, surviving a crash half way.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDeviceKeys, readyCrypto } from '@securebase/crypto';
import { LOCAL_KEY_RECORD, encodeCredentials, makeCredentials, type Credentials } from '@securebase/sync';
import { FileStateStore } from '../src/file-store.js';
import { LocalStoreLockedError } from '../src/passphrase.js';
import { Profile, SEALED_STORE_DIR } from '../src/profile.js';
import { speak } from '../src/words.js';

// The messages these functions build are the CLI's English ones (runCli chooses the language).
beforeAll(() => speak('en'));

const CANARY = 'Zqprofilecanary5150';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'securebase-profile-'));
  await readyCrypto();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function someCredentials(): Credentials {
  const key = globalThis.crypto.getRandomValues(new Uint8Array(32));
  return makeCredentials({
    relayUrl: 'http://127.0.0.1:1',
    spaceId: 'space-id',
    partnerId: 'partner-id',
    device: generateDeviceKeys(),
    keys: [{ scope: 'space', epoch: 0, key }],
  });
}

async function allFiles(root: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(await readFile(join(entry.parentPath, entry.name)));
  }
  return out;
}

/** Secret bytes that must never sit in a file: the device's secret keys and the space key. */
function secretsOf(creds: Credentials): Uint8Array[] {
  return [creds.device.signSecretKey, creds.device.boxSecretKey, ...creds.keys.map((entry) => entry.key)];
}

async function leaksIn(root: string, secrets: Uint8Array[]): Promise<number> {
  let found = 0;
  for (const bytes of await allFiles(root)) {
    if (bytes.includes(Buffer.from(CANARY))) found += 1;
    for (const secret of secrets) if (bytes.includes(Buffer.from(secret))) found += 1;
  }
  return found;
}

async function withOpen<T>(opts: Parameters<typeof Profile.open>[1], fn: (profile: Profile) => Promise<T>): Promise<T> {
  const profile = await Profile.open(dir, opts);
  try {
    return await fn(profile);
  } finally {
    await profile.close();
  }
}

describe('profile store', () => {
  it('seals every record, credentials included, and reads them back', async () => {
    const creds = someCredentials();
    await withOpen({ create: true }, async (profile) => {
      await profile.saveCredentials(creds);
      await profile.store.set('sync/space-id/shared/doc', new TextEncoder().encode(CANARY));
    });
    expect(await readdir(join(dir, SEALED_STORE_DIR))).toContain('credentials');
    expect(await leaksIn(dir, secretsOf(creds))).toBe(0);
    // The check can fail: the same bytes in the clear are found.
    await writeFile(join(dir, 'plain'), Buffer.concat([Buffer.from(CANARY), Buffer.from(creds.device.signSecretKey)]));
    expect(await leaksIn(dir, secretsOf(creds))).toBe(2);
    await rm(join(dir, 'plain'));

    await withOpen({ create: false }, async (profile) => {
      expect((await profile.requireCredentials()).keys).toEqual(creds.keys);
      expect(new TextDecoder().decode(await profile.store.get('sync/space-id/shared/doc'))).toBe(CANARY);
    });
  });

  it('a passphrase locks the profile: missing or wrong is one clear error, right opens it, removing unlocks it', async () => {
    await withOpen({ create: true }, async (profile) => {
      await profile.store.set('note', new TextEncoder().encode(CANARY));
      expect(await profile.hasPassphrase()).toBe(false);
      await profile.setPassphrase('correct horse battery');
    });

    const missing = Profile.open(dir, { create: false });
    await expect(missing).rejects.toBeInstanceOf(LocalStoreLockedError);
    await expect(missing).rejects.toThrow(/\[local-store-locked\] This profile has a passphrase: set SECUREBASE_PASSPHRASE or pass --passphrase-file FILE\.$/);
    const wrong = Profile.open(dir, { create: false, passphrase: { passphrase: 'wrong horse', source: 'SECUREBASE_PASSPHRASE' } });
    await expect(wrong).rejects.toThrow('[local-store-locked] The passphrase from SECUREBASE_PASSPHRASE is not the right one.');
    // A failed unlock releases the profile lock.
    expect(existsSync(join(dir, 'lock'))).toBe(false);

    const right = { passphrase: 'correct horse battery', source: '--passphrase-file' };
    await withOpen({ create: false, passphrase: right }, async (profile) => {
      expect(await profile.hasPassphrase()).toBe(true);
      expect(new TextDecoder().decode(await profile.store.get('note'))).toBe(CANARY);
      await profile.removePassphrase();
    });
    await withOpen({ create: false }, async (profile) => {
      expect(await profile.hasPassphrase()).toBe(false);
      expect(new TextDecoder().decode(await profile.store.get('note'))).toBe(CANARY);
    });
  }, 60_000);

  it('moves an earlier version\'s plain records into the encrypted store and deletes them', async () => {
    const creds = someCredentials();
    const plain = await FileStateStore.open(join(dir, 'store'));
    await plain.set('credentials', encodeCredentials(creds));
    await plain.set('sync/space-id/shared/doc', new TextEncoder().encode(CANARY));
    await plain.set('keys/space-id/wraps-after', new TextEncoder().encode('7'));
    await writeFile(join(dir, 'store', '.credentials.99.abcdef.tmp'), CANARY);
    expect(await leaksIn(dir, secretsOf(creds))).toBeGreaterThan(0);

    await withOpen({ create: false }, async (profile) => {
      expect(profile.migration).toEqual({ moved: 3, left: 0 });
      expect((await profile.requireCredentials()).device.signPublicKey).toEqual(creds.device.signPublicKey);
      expect(new TextDecoder().decode(await profile.store.get('sync/space-id/shared/doc'))).toBe(CANARY);
      expect(new TextDecoder().decode(await profile.store.get('keys/space-id/wraps-after'))).toBe('7');
    });
    expect(existsSync(join(dir, 'store'))).toBe(false);
    expect(await leaksIn(dir, secretsOf(creds))).toBe(0);
    // Once: the next open has nothing to move.
    await withOpen({ create: false }, async (profile) => expect(profile.migration).toEqual({ moved: 0, left: 0 }));
  });

  it('finishes a migration a crash interrupted, and leaves files it does not know alone', async () => {
    // The crash came after 'a' was sealed and before its plain copy and 'b' were dealt with.
    await withOpen({ create: true }, async (profile) => profile.store.set('a', new Uint8Array([1])));
    const plain = await FileStateStore.open(join(dir, 'store'));
    await plain.set('a', new Uint8Array([1]));
    await plain.set('b', new Uint8Array([2]));
    await plain.set(LOCAL_KEY_RECORD, new Uint8Array([3]));

    await withOpen({ create: false }, async (profile) => {
      expect(profile.migration).toEqual({ moved: 2, left: 1 });
      expect(await profile.store.get('a')).toEqual(new Uint8Array([1]));
      expect(await profile.store.get('b')).toEqual(new Uint8Array([2]));
    });
    // The one file it could not place stays where it was; everything else is gone from store/.
    expect(await readdir(join(dir, 'store'))).toHaveLength(1);
    expect(await plain.keys()).toEqual({ keys: [LOCAL_KEY_RECORD], unlisted: 0 });
  });
});
