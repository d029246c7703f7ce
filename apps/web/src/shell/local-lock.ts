/**
 * The local store's lock: every value this browser keeps in IndexedDB is sealed under a
 * device-local key (sync's EncryptedStateStore). With a passphrase, that key is wrapped with
 * Argon2id and the store stays shut until the passphrase is typed. One small adapter, so the
 * rest of the app only deals with "open", "locked" and "wrong passphrase".
 *
 *   const opened = await openLocalStore(rawStore);          // { kind: 'open', store, key, hasPassphrase } or { kind: 'locked' }
 *   const again = await openLocalStore(rawStore, 'correct horse');
 *   await changePassphrase(rawStore, opened.key, 'new one'); // or undefined to remove it
 */
import { SecureBaseError } from '@securebase/protocol';
import {
  EncryptedStateStore,
  openLocalKey,
  removePassphrase,
  setPassphrase,
  type LocalStateStore,
} from '@securebase/sync';

export type LocalStoreState =
  | { kind: 'open'; store: LocalStateStore; key: Uint8Array; hasPassphrase: boolean }
  | { kind: 'locked' };

/** The shortest passphrase the settings screen accepts (Argon2id makes guessing slow, not impossible). */
export const MIN_PASSPHRASE_LENGTH = 8;

/**
 * Open the encrypted local store. Without a passphrase this succeeds unless one is set ('locked');
 * with one, a wrong passphrase throws SecureBaseError('local-store-locked').
 */
export async function openLocalStore(raw: LocalStateStore, passphrase?: string): Promise<LocalStoreState> {
  try {
    const key = await openLocalKey(raw, passphrase === undefined ? {} : { passphrase });
    return { kind: 'open', store: new EncryptedStateStore(raw, key), key, hasPassphrase: passphrase !== undefined };
  } catch (err) {
    // Only "a passphrase is needed" becomes the lock screen; any other failure is a real fault.
    if (passphrase === undefined && err instanceof SecureBaseError && err.code === 'local-store-locked') {
      return { kind: 'locked' };
    }
    throw err;
  }
}

/** Set or change the passphrase (wraps the local key anew), or remove it with `undefined`. */
export async function changePassphrase(raw: LocalStateStore, key: Uint8Array, passphrase: string | undefined): Promise<void> {
  if (passphrase === undefined) {
    await removePassphrase(raw, key);
    return;
  }
  // Interactive Argon2id limits (64 MiB): 'moderate' asks for 256 MiB, too much for many phones;
  // the lock guards this device's local copy and is unlocked many times a day.
  await setPassphrase(raw, key, passphrase, { strength: 'interactive' });
}

/** True when the error means "the passphrase did not open the store". */
export function isWrongPassphrase(err: unknown): boolean {
  return err instanceof SecureBaseError && err.code === 'local-store-locked';
}
