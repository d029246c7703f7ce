/**
 * Moving a profile written by an earlier CLI version, which kept its records (credentials,
 * document state, outbox) in the clear in `<profile>/store/`, into the encrypted store. Runs on
 * the first open, under the profile lock, before any command touches the records.
 *
 * Each record is sealed into the new store (a durable, atomic write) before its plain file is
 * deleted, so a crash at any point loses nothing: the next open moves whatever is left. Once
 * nothing is left the old folder is removed.
 *
 *   const { moved, left } = await migratePlainStore(join(dir, LEGACY_STORE_DIR), sealedStore);
 */
import { existsSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import { LOCAL_KEY_RECORD, type LocalStateStore } from '@securebase/sync';
import { FileStateStore } from './file-store.js';

/** The folder (inside the profile) where an earlier CLI version kept its plain records. */
export const LEGACY_STORE_DIR = 'store';

/** What a migration did: records moved, and files it could not attribute to a record (left as they were). */
export interface MigrationOutcome {
  moved: number;
  left: number;
}

/** Move every plain record of `legacyDir` into `sealed`, deleting each plain copy once it is sealed. */
export async function migratePlainStore(legacyDir: string, sealed: LocalStateStore): Promise<MigrationOutcome> {
  if (!existsSync(legacyDir)) return { moved: 0, left: 0 };
  const plain = await FileStateStore.open(legacyDir);
  // A crashed write of the old version left a temp copy of some record: plain text too.
  await plain.removeTempFiles();
  const { keys, unlisted } = await plain.keys();
  let moved = 0;
  let left = unlisted;
  for (const key of keys) {
    // Not a record the old version wrote; the encrypted store reserves this name.
    if (key === LOCAL_KEY_RECORD) {
      left += 1;
      continue;
    }
    const value = await plain.get(key);
    if (value === undefined) continue;
    await sealed.set(key, value);
    await plain.delete(key);
    moved += 1;
  }
  if (left === 0) await removeIfEmpty(legacyDir);
  return { moved, left };
}

async function removeIfEmpty(dir: string): Promise<void> {
  try {
    await rmdir(dir);
  } catch (err) {
    const code = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
    // Something new appeared meanwhile: it stays, and the next open looks at it again.
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT') return;
    throw err;
  }
}
