/**
 * Local state at rest, encrypted: `EncryptedStateStore` seals every value under a device-local
 * 32-byte key (XChaCha20-Poly1305 with the record key as AAD, so values cannot be swapped between
 * records), on top of any LocalStateStore (files in the CLI, IndexedDB in the browser).
 *
 * The local key lives in the inner store under LOCAL_KEY_RECORD. Without a passphrase it is kept
 * in the clear beside the data: that stops casual reading of the store, not a thief. With one, it
 * is wrapped under an Argon2id key (crypto_pwhash) and the store cannot be opened without it.
 *
 *   const localKey = await openLocalKey(files, { passphrase });   // 'local-store-locked' if wrong
 *   const store = new EncryptedStateStore(files, localKey);
 *   await setPassphrase(files, localKey, 'correct horse');          // later: removePassphrase(files, localKey)
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { SecureBaseError } from '@securebase/protocol';
import {
  deriveKeyFromPassphrase,
  generateLocalKey,
  openLocalValue,
  sealLocalValue,
  unwrapLocalKey,
  wrapLocalKey,
  type PassphraseStrength,
} from '@securebase/crypto';
import type { LocalStateStore } from './state-store.js';

/** Record in the inner store that holds the (possibly passphrase-wrapped) local key. */
export const LOCAL_KEY_RECORD = 'securebase-local-key';

const RECORD_VERSION = 1;
const MODE_PLAIN = 0;
const MODE_PASSPHRASE = 1;

// Stored as an index: the record keeps the cost it was made with even if the default changes.
const STRENGTHS: readonly PassphraseStrength[] = ['interactive', 'moderate'];

type LocalKeyRecord =
  | { mode: 'plain'; key: Uint8Array }
  | { mode: 'passphrase'; strength: PassphraseStrength; salt: Uint8Array; wrapped: Uint8Array };

/** A LocalStateStore whose values are sealed under `localKey` before they reach `inner`. */
export class EncryptedStateStore implements LocalStateStore {
  private readonly inner: LocalStateStore;
  private readonly localKey: Uint8Array;

  constructor(inner: LocalStateStore, localKey: Uint8Array) {
    this.inner = inner;
    this.localKey = localKey;
  }

  /** The decrypted value, or undefined; throws SecureBaseError when a stored value fails to open. */
  async get(key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    const sealed = await this.inner.get(key);
    if (sealed === undefined) return undefined;
    const opened = openLocalValue(this.localKey, key, sealed);
    if (!opened.ok) throw opened.error;
    return opened.value;
  }

  /** Seal `value` (bound to `key`) and store it. */
  async set(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    await this.inner.set(key, sealLocalValue(this.localKey, key, value));
  }

  /** Remove the key (no error if absent). */
  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.inner.delete(key);
  }
}

/**
 * The local key of `store`: created (random) and kept on first use; unwrapped with `passphrase`
 * when one is set. Throws SecureBaseError('local-store-locked') when a passphrase is set and none,
 * or a wrong one, is given.
 */
export async function openLocalKey(store: LocalStateStore, opts: { passphrase?: string } = {}): Promise<Uint8Array> {
  const bytes = await store.get(LOCAL_KEY_RECORD);
  if (bytes === undefined) {
    const key = generateLocalKey();
    await store.set(LOCAL_KEY_RECORD, encodeRecord({ mode: 'plain', key }));
    if (opts.passphrase !== undefined) await setPassphrase(store, key, opts.passphrase);
    return key;
  }
  const record = decodeRecord(bytes);
  // A passphrase given for a store that has none simply is not needed.
  if (record.mode === 'plain') return record.key;
  if (opts.passphrase === undefined) throw new SecureBaseError('local-store-locked', 'a passphrase is set');
  const { key: wrappingKey } = deriveKeyFromPassphrase(opts.passphrase, { salt: record.salt, strength: record.strength });
  const unwrapped = unwrapLocalKey(record.wrapped, wrappingKey);
  if (!unwrapped.ok) throw unwrapped.error;
  return unwrapped.value;
}

/** Lock the local key of `store` with `passphrase` (replacing any earlier passphrase). */
export async function setPassphrase(
  store: LocalStateStore,
  localKey: Uint8Array,
  passphrase: string,
  opts: { strength?: PassphraseStrength } = {},
): Promise<void> {
  if (passphrase.length === 0) throw new RangeError('setPassphrase: the passphrase must not be empty');
  const strength = opts.strength ?? 'moderate';
  const derived = deriveKeyFromPassphrase(passphrase, { strength });
  const wrapped = wrapLocalKey(localKey, derived.key);
  await store.set(LOCAL_KEY_RECORD, encodeRecord({ mode: 'passphrase', strength, salt: derived.salt, wrapped }));
}

/** Keep the local key of `store` without a passphrase again. */
export async function removePassphrase(store: LocalStateStore, localKey: Uint8Array): Promise<void> {
  await store.set(LOCAL_KEY_RECORD, encodeRecord({ mode: 'plain', key: localKey }));
}

/** True when `store`'s local key is locked with a passphrase (so the app must ask for it). */
export async function hasPassphrase(store: LocalStateStore): Promise<boolean> {
  const bytes = await store.get(LOCAL_KEY_RECORD);
  return bytes !== undefined && decodeRecord(bytes).mode === 'passphrase';
}

function checkKey(key: string): void {
  // The key record sits unsealed in the same inner store: a sealed value must never overwrite it.
  if (key === LOCAL_KEY_RECORD) throw new RangeError(`EncryptedStateStore: '${LOCAL_KEY_RECORD}' is reserved`);
}

function encodeRecord(record: LocalKeyRecord): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, RECORD_VERSION);
    if (record.mode === 'plain') {
      encoding.writeVarUint(e, MODE_PLAIN);
      encoding.writeVarUint8Array(e, record.key);
      return;
    }
    encoding.writeVarUint(e, MODE_PASSPHRASE);
    encoding.writeVarUint(e, STRENGTHS.indexOf(record.strength));
    encoding.writeVarUint8Array(e, record.salt);
    encoding.writeVarUint8Array(e, record.wrapped);
  });
}

function decodeRecord(bytes: Uint8Array): LocalKeyRecord {
  const d = decoding.createDecoder(bytes);
  let record: LocalKeyRecord;
  try {
    const version = decoding.readVarUint(d);
    if (version !== RECORD_VERSION) throw new Error(`version ${version} is not supported`);
    const mode = decoding.readVarUint(d);
    if (mode === MODE_PLAIN) {
      record = { mode: 'plain', key: decoding.readVarUint8Array(d).slice() };
    } else if (mode === MODE_PASSPHRASE) {
      const strength = STRENGTHS[decoding.readVarUint(d)];
      if (!strength) throw new Error('unknown passphrase strength');
      record = { mode: 'passphrase', strength, salt: decoding.readVarUint8Array(d).slice(), wrapped: decoding.readVarUint8Array(d).slice() };
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
  } catch (err) {
    // lib0 throws plain Errors on truncated input; a corrupt record is bad input like any other.
    throw new SecureBaseError('invalid-request', `local key record is corrupt: ${(err as Error).message}`);
  }
  if (decoding.hasContent(d)) throw new SecureBaseError('invalid-request', 'local key record has trailing bytes');
  return record;
}
