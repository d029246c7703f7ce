/**
 * A profile is one device's directory: its credentials (keys) and its local sync state, all
 * encrypted at rest.
 *
 * Layout: `<dir>/sealed/` is a FileStateStore holding the local key record (see
 * EncryptedStateStore: in the clear, or wrapped under the passphrase when one is set) and every
 * other record sealed under that key: credentials (device secret keys, space keys) under
 * 'credentials', plus whatever the sync core persists (document state, last seq, pending
 * changes). `<dir>/lock` stops two commands from using the same device at once, which would
 * make them reuse a clock. A profile of an earlier version kept its records in the clear in
 * `<dir>/store/`; the first open moves them into `sealed/` (legacy-store.ts).
 *
 *   const profile = await Profile.open(resolveProfileDir(flag, env), { create: false, passphrase });
 *   try { const creds = await profile.requireCredentials(); ... } finally { await profile.close(); }
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { readyCrypto } from '@securebase/crypto';
import { SecureBaseError } from '@securebase/protocol';
import {
  EncryptedStateStore,
  decodeCredentials,
  encodeCredentials,
  hasPassphrase,
  openLocalKey,
  removePassphrase,
  setPassphrase,
  type Credentials,
  type LocalStateStore,
} from '@securebase/sync';
import { CliError } from './errors.js';
import { FileStateStore } from './file-store.js';
import { LEGACY_STORE_DIR, migratePlainStore, type MigrationOutcome } from './legacy-store.js';
import { LocalStoreLockedError, type GivenPassphrase } from './passphrase.js';
import { t } from './words.js';

const CREDENTIALS_KEY = 'credentials';
/** The folder of the encrypted store inside the profile. */
export const SEALED_STORE_DIR = 'sealed';

/** Where the profile lives: --profile, else $SECUREBASE_PROFILE, else the XDG config dir. */
export function resolveProfileDir(flag: string | undefined, env: Record<string, string | undefined>): string {
  if (flag) return resolve(flag);
  if (env.SECUREBASE_PROFILE) return resolve(env.SECUREBASE_PROFILE);
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return resolve(configHome, 'securebase');
}

function errnoCode(err: unknown): string | undefined {
  return err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
}

/** True if a process with this id is alive (signal 0 only checks). */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — still alive.
    return errnoCode(err) === 'EPERM';
  }
}

/** How to open a profile: whether a missing one may be created, and the passphrase given, if any. */
export interface ProfileOpenOptions {
  create: boolean;
  passphrase?: GivenPassphrase | undefined;
}

/** An open, locked profile directory. */
export class Profile {
  readonly dir: string;
  /** Every record of this device, sealed under the local key before it reaches a file. */
  readonly store: LocalStateStore;
  /** What opening moved out of an earlier version's plain store (nothing, for a current profile). */
  readonly migration: MigrationOutcome;
  private readonly files: FileStateStore;
  private readonly localKey: Uint8Array;
  private readonly lockPath: string;

  private constructor(
    dir: string,
    parts: { files: FileStateStore; localKey: Uint8Array; store: LocalStateStore; migration: MigrationOutcome },
    lockPath: string,
  ) {
    this.dir = dir;
    this.files = parts.files;
    this.localKey = parts.localKey;
    this.store = parts.store;
    this.migration = parts.migration;
    this.lockPath = lockPath;
  }

  /**
   * Open the profile at `dir` and take its lock. Only `init` and `join` create a missing
   * profile (mode 0700); other commands say how to set one up instead of leaving an empty one.
   * Fails with LocalStoreLockedError when the profile has a passphrase and `opts.passphrase`
   * is missing or wrong.
   */
  static async open(dir: string, opts: ProfileOpenOptions): Promise<Profile> {
    if (!opts.create && !existsSync(dir)) throw notJoinedError(dir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const lockPath = join(dir, 'lock');
    await takeLock(lockPath, dir);
    try {
      const files = await FileStateStore.open(join(dir, SEALED_STORE_DIR));
      const localKey = await unlock(files, opts.passphrase);
      const store = new EncryptedStateStore(files, localKey);
      const migration = await migratePlainStore(join(dir, LEGACY_STORE_DIR), store);
      return new Profile(dir, { files, localKey, store, migration }, lockPath);
    } catch (err) {
      await unlink(lockPath);
      throw err;
    }
  }

  /** True when this profile's data can only be opened with a passphrase. */
  async hasPassphrase(): Promise<boolean> {
    return hasPassphrase(this.files);
  }

  /** Lock this profile's data with `passphrase` (replacing any earlier one). */
  async setPassphrase(passphrase: string): Promise<void> {
    await setPassphrase(this.files, this.localKey, passphrase);
  }

  /** Keep this profile's data without a passphrase again (still sealed, the key beside it). */
  async removePassphrase(): Promise<void> {
    await removePassphrase(this.files, this.localKey);
  }

  /** This device's credentials, or undefined if it has not created or joined a space. */
  async loadCredentials(): Promise<Credentials | undefined> {
    const bytes = await this.store.get(CREDENTIALS_KEY);
    if (!bytes) return undefined;
    // Decoding rebuilds key objects with libsodium, which must be ready first.
    await readyCrypto();
    return decodeCredentials(bytes);
  }

  /** This device's credentials; fails with what to do if there are none yet. */
  async requireCredentials(): Promise<Credentials> {
    const creds = await this.loadCredentials();
    if (!creds) throw notJoinedError(this.dir);
    return creds;
  }

  /** Save this device's credentials (secret keys: the file is private to this user). */
  async saveCredentials(creds: Credentials): Promise<void> {
    await this.store.set(CREDENTIALS_KEY, encodeCredentials(creds));
  }

  /** Release the lock. */
  async close(): Promise<void> {
    await unlink(this.lockPath);
  }
}

/** The local key of the sealed store; a missing or wrong passphrase is LocalStoreLockedError. */
async function unlock(files: FileStateStore, given: GivenPassphrase | undefined): Promise<Uint8Array> {
  // Making or unwrapping the key needs libsodium ready.
  await readyCrypto();
  try {
    return await openLocalKey(files, given === undefined ? {} : { passphrase: given.passphrase });
  } catch (err) {
    if (err instanceof SecureBaseError && err.code === 'local-store-locked') throw new LocalStoreLockedError(given?.source);
    throw err;
  }
}

function notJoinedError(dir: string): CliError {
  return new CliError(t('cli.profile.notJoined', { profile: dir }));
}

async function takeLock(lockPath: string, dir: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return;
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
    const holder = Number.parseInt(await readLockHolder(lockPath), 10);
    if (Number.isInteger(holder) && holder > 0 && processIsAlive(holder)) break;
    // The command that held it has exited without cleaning up (crash, kill -9): take it over.
    await unlink(lockPath).catch((err: unknown) => {
      if (errnoCode(err) !== 'ENOENT') throw err;
    });
  }
  throw new CliError(t('cli.profile.busy', { profile: dir }));
}

async function readLockHolder(lockPath: string): Promise<string> {
  try {
    return await readFile(lockPath, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return '';
    throw err;
  }
}
