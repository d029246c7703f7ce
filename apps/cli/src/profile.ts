/**
 * A profile is one device's directory: its credentials (keys) and its local sync state.
 *
 * Layout: `<dir>/store/` is the FileStateStore (credentials under key 'credentials', plus
 * whatever the sync core persists: document state, last seq, pending changes) and `<dir>/lock`
 * stops two commands from using the same device at once, which would make them reuse a clock.
 *
 *   const profile = await Profile.open(resolveProfileDir(flag, env));
 *   try { const creds = await profile.requireCredentials(); ... } finally { await profile.close(); }
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { readyCrypto } from '@securebase/crypto';
import { decodeCredentials, encodeCredentials, type Credentials } from '@securebase/sync';
import { CliError } from './errors.js';
import { FileStateStore } from './file-store.js';

const CREDENTIALS_KEY = 'credentials';

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

/** An open, locked profile directory. */
export class Profile {
  readonly dir: string;
  readonly store: FileStateStore;
  private readonly lockPath: string;

  private constructor(dir: string, store: FileStateStore, lockPath: string) {
    this.dir = dir;
    this.store = store;
    this.lockPath = lockPath;
  }

  /**
   * Open the profile at `dir` and take its lock. Only `init` and `join` create a missing
   * profile (mode 0700); other commands say how to set one up instead of leaving an empty one.
   */
  static async open(dir: string, opts: { create: boolean }): Promise<Profile> {
    if (!opts.create && !existsSync(dir)) throw notJoinedError(dir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const lockPath = join(dir, 'lock');
    await takeLock(lockPath, dir);
    try {
      const store = await FileStateStore.open(join(dir, 'store'));
      return new Profile(dir, store, lockPath);
    } catch (err) {
      await unlink(lockPath);
      throw err;
    }
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

function notJoinedError(dir: string): CliError {
  return new CliError(
    `this profile (${dir}) has not joined a space yet. Run "securebase init --relay URL" to create one, or "securebase join LINK" to join your partner's.`,
  );
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
  throw new CliError(
    `another securebase command is using the profile ${dir}. Wait for it to finish, then try again.`,
  );
}

async function readLockHolder(lockPath: string): Promise<string> {
  try {
    return await readFile(lockPath, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return '';
    throw err;
  }
}
