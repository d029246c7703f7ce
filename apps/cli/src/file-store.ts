/**
 * A `LocalStateStore` on plain files: one file per key inside a private directory.
 *
 * The directory is created with mode 0700 and every file with 0600, because the profile holds a
 * device's secret keys and the decrypted workbook state. Writes are atomic (temp file, fsync,
 * rename, fsync of the directory), so a crash or Ctrl-C leaves either the old or the new value,
 * never a torn one. Keys are mapped to file names that are safe on every file system, including
 * case-insensitive ones.
 *
 *   const store = await FileStateStore.open('/home/me/.config/securebase/store');
 *   await store.set('credentials', bytes);
 *   const again = await store.get('credentials');
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalStateStore } from '@securebase/sync';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
/** Longest encoded name kept readable; longer keys are hashed (file names max out near 255). */
const MAX_NAME_LENGTH = 180;

/**
 * Map a key to a file name, injectively: `[a-z0-9-]` stay as they are and every other UTF-8
 * byte becomes `_xx` (lowercase hex). Upper case is escaped too, so names never differ only by
 * case. The output never starts with `.` (temp files do) nor with `~` (hashed long keys do).
 */
export function keyToFileName(key: string): string {
  if (key.length === 0) throw new RangeError('store keys must not be empty');
  let name = '';
  for (const byte of new TextEncoder().encode(key)) {
    const isSafe = (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x2d;
    name += isSafe ? String.fromCharCode(byte) : `_${byte.toString(16).padStart(2, '0')}`;
  }
  if (name.length <= MAX_NAME_LENGTH) return name;
  return `~${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/**
 * The key a file name stands for (the inverse of keyToFileName), or undefined for a name that
 * keyToFileName never produces readably: temp files (`.…`) and hashed long keys (`~…`).
 */
export function fileNameToKey(name: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < name.length; ) {
    const char = name[i] as string;
    if (/^[a-z0-9-]$/.test(char)) {
      bytes.push(char.charCodeAt(0));
      i += 1;
      continue;
    }
    const hex = char === '_' ? name.slice(i + 1, i + 3) : '';
    if (!/^[0-9a-f]{2}$/.test(hex)) return undefined;
    bytes.push(Number.parseInt(hex, 16));
    i += 3;
  }
  if (bytes.length === 0) return undefined;
  let key: string;
  try {
    key = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch (err) {
    if (err instanceof TypeError) return undefined;
    throw err;
  }
  // Only the canonical spelling counts: `_61` is not the name keyToFileName gives to "a".
  return keyToFileName(key) === name ? key : undefined;
}

/** True for the temp files `set` writes before its rename (left behind only by a crash). */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

function isMissing(err: unknown): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** A LocalStateStore backed by one private directory of files. */
export class FileStateStore implements LocalStateStore {
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Open (creating if needed) a store in `dir`, and make sure only this user can read it. */
  static async open(dir: string): Promise<FileStateStore> {
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    // mkdir's mode does not apply to a directory that already existed; tighten it anyway.
    await chmod(dir, DIR_MODE);
    return new FileStateStore(dir);
  }

  /** The stored bytes for `key`, or undefined when nothing is stored. */
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const bytes = await readFile(join(this.dir, keyToFileName(key)));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  /** Store `value` under `key`, atomically and durably. */
  async set(key: string, value: Uint8Array): Promise<void> {
    const target = join(this.dir, keyToFileName(key));
    const temp = join(this.dir, `.${keyToFileName(key)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(value);
      await handle.sync();
    } catch (err) {
      await handle.close();
      await unlink(temp);
      throw err;
    }
    await handle.close();
    await rename(temp, target);
    await this.syncDir();
  }

  /**
   * Every key stored under a readable file name. Keys longer than the name limit are stored
   * under a hash and cannot be listed; `unlisted` counts those files (temp files aside).
   */
  async keys(): Promise<{ keys: string[]; unlisted: number }> {
    const keys: string[] = [];
    let unlisted = 0;
    for (const name of (await readdir(this.dir)).sort()) {
      if (isTempFileName(name)) continue;
      const key = fileNameToKey(name);
      if (key === undefined) unlisted += 1;
      else keys.push(key);
    }
    return { keys, unlisted };
  }

  /** Remove temp files left behind by a write that crashed; returns how many there were. */
  async removeTempFiles(): Promise<number> {
    const temps = (await readdir(this.dir)).filter(isTempFileName);
    for (const name of temps) {
      await unlink(join(this.dir, name)).catch((err: unknown) => {
        if (!isMissing(err)) throw err;
      });
    }
    if (temps.length > 0) await this.syncDir();
    return temps.length;
  }

  /** Remove `key`; removing a key that is not there is fine. */
  async delete(key: string): Promise<void> {
    try {
      await unlink(join(this.dir, keyToFileName(key)));
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    await this.syncDir();
  }

  /** fsync the directory so a rename or unlink survives a power cut, not just a crash. */
  private async syncDir(): Promise<void> {
    const handle = await open(this.dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
