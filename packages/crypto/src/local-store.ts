/**
 * Encryption at rest for a device's local store, and the optional passphrase lock.
 *
 * Each value is sealed under a device-local 32-byte key with XChaCha20-Poly1305; the AAD is
 * "securebase/local/v1" ‖ the record key, so a value moved to another record does not open.
 * A passphrase derives a wrapping key with Argon2id (crypto_pwhash); the local key is stored
 * wrapped under it ("securebase/local-key/v1" as AAD).
 *
 *   sealed = byte(version = 1) · nonce 24 · ciphertext
 *
 *   const localKey = generateLocalKey();
 *   const sealed = sealLocalValue(localKey, 'pending/shared', bytes);
 *   const value = openLocalValue(localKey, 'pending/shared', sealed); // Result<Uint8Array>
 *   const { key, salt } = deriveKeyFromPassphrase('correct horse', { strength: 'moderate' });
 *   const wrapped = wrapLocalKey(localKey, key);
 *   unwrapLocalKey(wrapped, wrongKey); // { ok: false, error: 'local-store-locked' }
 */
import { ENVELOPE_NONCE_BYTES, fail, ok, type Result } from '@securebase/protocol';
import { concatBytes, utf8 } from './bytes.js';
import { sodiumReady } from './sodium.js';
import { randomBytes } from './random.js';

const SEALED_VERSION = 1;
const LOCAL_VALUE_AAD = 'securebase/local/v1';
const LOCAL_KEY_AAD = 'securebase/local-key/v1';
const KEY_BYTES = 32;
const TAG_BYTES = 16;

/** A fresh device-local key (32 random bytes). */
export function generateLocalKey(): Uint8Array {
  return sodiumReady().crypto_aead_xchacha20poly1305_ietf_keygen();
}

function seal(key: Uint8Array, aad: Uint8Array, value: Uint8Array): Uint8Array {
  const sodium = sodiumReady();
  if (key.length !== KEY_BYTES) throw new RangeError('local key: expected 32 bytes');
  const nonce = randomBytes(ENVELOPE_NONCE_BYTES);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(value, aad, null, nonce, key);
  return concatBytes(Uint8Array.of(SEALED_VERSION), nonce, ciphertext);
}

function open(key: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | string {
  if (key.length !== KEY_BYTES) return 'wrong key length';
  if (sealed.length < 1 + ENVELOPE_NONCE_BYTES + TAG_BYTES || sealed[0] !== SEALED_VERSION) return 'wrong length or version';
  try {
    return sodiumReady().crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      sealed.subarray(1 + ENVELOPE_NONCE_BYTES),
      aad,
      sealed.subarray(1, 1 + ENVELOPE_NONCE_BYTES),
      key,
    );
  } catch (error) {
    // reason: libsodium signals a wrong key or tampered ciphertext by throwing.
    return `did not decrypt (${(error as Error).message})`;
  }
}

/** Seal one local-store value under the local key, bound to its record key. */
export function sealLocalValue(localKey: Uint8Array, recordKey: string, value: Uint8Array): Uint8Array {
  return seal(localKey, concatBytes(utf8(LOCAL_VALUE_AAD), utf8(recordKey)), value);
}

/** Open a local-store value; 'decrypt-failed' if tampered, under another key, or stored under another record key. */
export function openLocalValue(localKey: Uint8Array, recordKey: string, sealed: Uint8Array): Result<Uint8Array> {
  const opened = open(localKey, concatBytes(utf8(LOCAL_VALUE_AAD), utf8(recordKey)), sealed);
  return typeof opened === 'string' ? fail('decrypt-failed', `local value ${opened}`) : ok(opened);
}

/** How hard Argon2id works: 'moderate' for stored passphrases (default), 'interactive' for tests and weak devices. */
export type PassphraseStrength = 'interactive' | 'moderate';

/** Derive a 32-byte wrapping key from a passphrase with Argon2id; pass the returned salt back to unlock. */
export function deriveKeyFromPassphrase(
  passphrase: string,
  options: { salt?: Uint8Array; strength?: PassphraseStrength } = {},
): { key: Uint8Array; salt: Uint8Array; opslimit: number; memlimit: number } {
  const sodium = sodiumReady();
  const salt = options.salt ?? randomBytes(sodium.crypto_pwhash_SALTBYTES);
  if (salt.length !== sodium.crypto_pwhash_SALTBYTES) throw new RangeError('passphrase salt: wrong length');
  const moderate = (options.strength ?? 'moderate') === 'moderate';
  const opslimit = moderate ? sodium.crypto_pwhash_OPSLIMIT_MODERATE : sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const memlimit = moderate ? sodium.crypto_pwhash_MEMLIMIT_MODERATE : sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE;
  const key = sodium.crypto_pwhash(KEY_BYTES, utf8(passphrase.normalize('NFKC')), salt, opslimit, memlimit, sodium.crypto_pwhash_ALG_ARGON2ID13);
  return { key, salt, opslimit, memlimit };
}

/** Wrap the local key under a passphrase-derived key. */
export function wrapLocalKey(localKey: Uint8Array, wrappingKey: Uint8Array): Uint8Array {
  if (localKey.length !== KEY_BYTES) throw new RangeError('local key: expected 32 bytes');
  return seal(wrappingKey, utf8(LOCAL_KEY_AAD), localKey);
}

/** Unwrap the local key; 'local-store-locked' for a wrong passphrase (or a damaged wrap). */
export function unwrapLocalKey(wrapped: Uint8Array, wrappingKey: Uint8Array): Result<Uint8Array> {
  const opened = open(wrappingKey, utf8(LOCAL_KEY_AAD), wrapped);
  if (typeof opened === 'string') return fail('local-store-locked', `local key ${opened}`);
  if (opened.length !== KEY_BYTES) return fail('local-store-locked', 'local key has the wrong length');
  return ok(opened);
}
