/**
 * The extension's encrypted local store ("vault"): every record (credentials, the provider's
 * document state and outbox, the sent-notes list) is sealed under a device-local key; with a
 * passphrase that key is wrapped with Argon2id and the vault stays shut until it is typed.
 *
 *   const vault = await openVault(raw);                 // { kind: 'locked' } when a passphrase is set
 *   const open = await openVault(raw, 'correct horse'); // SecureBaseError('local-store-locked') if wrong
 *   const creds = await loadCredentials(open.store);    // undefined before linking
 */
import { readyCrypto } from '@securebase/crypto';
import { SecureBaseError } from '@securebase/protocol';
import {
  EncryptedStateStore,
  decodeCredentials,
  encodeCredentials,
  hasPassphrase,
  openLocalKey,
  setPassphrase,
  type Credentials,
  type LocalStateStore,
} from '@securebase/sync';

export type VaultState =
  | { kind: 'open'; store: LocalStateStore; key: Uint8Array; hasPassphrase: boolean }
  | { kind: 'locked' };

/** Record key of this extension's credentials inside the vault. */
export const CREDENTIALS_KEY = 'ext/credentials';

/** The shortest passphrase accepted (Argon2id slows guessing, it does not stop it). */
export const MIN_PASSPHRASE_LENGTH = 8;

/**
 * Open the vault. Without a passphrase this succeeds unless one is set ('locked'); with one, a
 * wrong passphrase throws SecureBaseError('local-store-locked').
 */
export async function openVault(raw: LocalStateStore, passphrase?: string): Promise<VaultState> {
  await readyCrypto();
  if (passphrase === undefined && (await hasPassphrase(raw))) return { kind: 'locked' };
  const key = await openLocalKey(raw, passphrase === undefined ? {} : { passphrase });
  return { kind: 'open', store: new EncryptedStateStore(raw, key), key, hasPassphrase: passphrase !== undefined };
}

/** Lock the vault with `passphrase` from now on (the local key is re-wrapped, data unchanged). */
export async function lockWithPassphrase(raw: LocalStateStore, key: Uint8Array, passphrase: string): Promise<void> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new RangeError(`the passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  // Interactive Argon2id limits (64 MiB): 'moderate' asks for 256 MiB, too much for an
  // extension page; the lock guards this device's local copy and is unlocked often.
  await setPassphrase(raw, key, passphrase, { strength: 'interactive' });
}

/** True when the error means "that passphrase did not open the vault". */
export function isWrongPassphrase(err: unknown): boolean {
  return err instanceof SecureBaseError && err.code === 'local-store-locked';
}

/** This extension's credentials, or undefined before it is linked. */
export async function loadCredentials(store: LocalStateStore): Promise<Credentials | undefined> {
  const bytes = await store.get(CREDENTIALS_KEY);
  return bytes ? decodeCredentials(bytes) : undefined;
}

/** Keep credentials (after linking, or when new keys arrive). */
export async function saveCredentials(store: LocalStateStore, credentials: Credentials): Promise<void> {
  await store.set(CREDENTIALS_KEY, encodeCredentials(credentials));
}
