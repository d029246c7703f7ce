/**
 * Sealing and opening envelopes: every stored or forwarded payload. The public header is the
 * AAD; the ciphertext uses a per-kind subkey of the epoch key; a keyed BLAKE2b tag commits to
 * the key; the author's Ed25519 signature covers everything. docs/PROTOCOL.md has the layout.
 *
 *   const bytes = sealEnvelope({ header: { spaceId, docId, epoch, author: device.signPublicKey, clock, kind: 'update' },
 *                                plaintext, epochKey, device });
 *   const opened = openEnvelope(bytes, { spaceId, docId, keyForEpoch: (e) => keys.get(e) });
 *   if (!opened.ok) report(opened.error.code); // the caller still checks header.author is a member
 *   const checked = verifyEnvelopeSignature(bytes); // the relay: signature only, no key
 */
import {
  bytesEqual,
  COMMITMENT_BYTES,
  decodeEnvelope,
  encodeEnvelope,
  encodeEnvelopeHeader,
  ENVELOPE_KIND,
  ENVELOPE_NONCE_BYTES,
  ENVELOPE_VERSION,
  fail,
  ok,
  SecureBaseError,
  type EnvelopeHeader,
  type EnvelopeKind,
  type EnvelopeParts,
  type Result,
} from '@securebase/protocol';
import { concatBytes, utf8 } from './bytes.js';
import type { DeviceKeys } from './keys.js';
import { CONTEXT, signWithContext, verifyWithContext } from './signing.js';
import { sodiumReady } from './sodium.js';
import { randomBytes } from './random.js';

const ENCRYPTION_KDF_CONTEXT = 'sbenvenc';
const COMMIT_KDF_CONTEXT = 'sbcommit';
const COMMIT_SUBKEY_ID = 1;
const COMMIT_PREFIX = 'securebase/commit/v1';
// Encoded once: the commitment is checked for every entry opened.
const COMMIT_PREFIX_BYTES = utf8(COMMIT_PREFIX);

export interface SealEnvelopeInput {
  header: Omit<EnvelopeHeader, 'version'>;
  plaintext: Uint8Array;
  epochKey: Uint8Array;
  device: DeviceKeys;
}

export interface OpenEnvelopeContext {
  spaceId: string;
  docId: string;
  keyForEpoch: (epoch: number) => Uint8Array | undefined;
}

/**
 * Subkeys already derived, per epoch key object: every envelope of an epoch needs the same two,
 * and a catch-up opens thousands. Keyed weakly by the epoch key itself, so a key that is dropped
 * takes its subkeys with it. Epoch keys are never mutated in place, which is what makes the
 * object a sound cache key.
 */
const subkeyCache = new WeakMap<Uint8Array, Map<string, Uint8Array>>();

function subkey(epochKey: Uint8Array, subkeyId: number, context: string): Uint8Array {
  let derived = subkeyCache.get(epochKey);
  if (!derived) {
    derived = new Map();
    subkeyCache.set(epochKey, derived);
  }
  const name = `${context}/${subkeyId}`;
  let key = derived.get(name);
  if (!key) {
    key = sodiumReady().crypto_kdf_derive_from_key(32, subkeyId, context, epochKey);
    derived.set(name, key);
  }
  return key;
}

function encryptionKey(epochKey: Uint8Array, kind: EnvelopeKind): Uint8Array {
  return subkey(epochKey, ENVELOPE_KIND[kind], ENCRYPTION_KDF_CONTEXT);
}

function commitment(epochKey: Uint8Array, nonce: Uint8Array, headerBytes: Uint8Array): Uint8Array {
  const commitKey = subkey(epochKey, COMMIT_SUBKEY_ID, COMMIT_KDF_CONTEXT);
  return sodiumReady().crypto_generichash(COMMITMENT_BYTES, concatBytes(COMMIT_PREFIX_BYTES, nonce, headerBytes), commitKey);
}

function signedBytes(parts: Omit<EnvelopeParts, 'header' | 'signature'>): Uint8Array {
  return concatBytes(parts.headerBytes, parts.nonce, parts.commitment, parts.ciphertext);
}

/** True when the envelope carries its named author's signature under its kind's context. */
function authorSignatureVerifies(parts: EnvelopeParts): boolean {
  return verifyWithContext(CONTEXT.envelope(parts.header.kind), signedBytes(parts), parts.signature, parts.header.author);
}

/** Decode untrusted bytes; only the decoder's typed error becomes a failed Result. */
function decodeParts(bytes: Uint8Array): Result<EnvelopeParts> {
  try {
    return ok(decodeEnvelope(bytes));
  } catch (error) {
    // reason: decoding untrusted bytes is expected to fail; only its typed error becomes a Result.
    if (error instanceof SecureBaseError) return { ok: false, error };
    throw error;
  }
}

/** Encrypt, commit and sign `plaintext`; returns the encoded envelope. */
export function sealEnvelope(input: SealEnvelopeInput): Uint8Array {
  const sodium = sodiumReady();
  if (!bytesEqual(input.header.author, input.device.signPublicKey)) {
    throw new Error('sealEnvelope: header.author must be the sealing device signPublicKey');
  }
  const header: EnvelopeHeader = { ...input.header, version: ENVELOPE_VERSION };
  const headerBytes = encodeEnvelopeHeader(header);
  const nonce = randomBytes(ENVELOPE_NONCE_BYTES);
  const key = encryptionKey(input.epochKey, header.kind);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(input.plaintext, headerBytes, null, nonce, key);
  const parts = { headerBytes, nonce, commitment: commitment(input.epochKey, nonce, headerBytes), ciphertext };
  const signature = signWithContext(CONTEXT.envelope(header.kind), signedBytes(parts), input.device.signSecretKey);
  return encodeEnvelope({ ...parts, signature });
}

/**
 * Check that an envelope decodes and carries its named author's signature, without any key: what
 * the relay can check before it stores or forwards an envelope (it knows every member device's
 * key, not the space key). The caller still checks that `header.author` is the device it expects.
 */
export function verifyEnvelopeSignature(bytes: Uint8Array): Result<EnvelopeHeader> {
  const decoded = decodeParts(bytes);
  if (!decoded.ok) return decoded;
  if (!authorSignatureVerifies(decoded.value)) return fail('bad-signature', 'envelope signature');
  return ok(decoded.value.header);
}

/** Verify and decrypt an envelope; each failure is a typed error, checked in a fixed order. */
export function openEnvelope(
  bytes: Uint8Array,
  context: OpenEnvelopeContext,
): Result<{ header: EnvelopeHeader; plaintext: Uint8Array }> {
  return openEnvelopeChecked(bytes, context, 'signature');
}

/**
 * openEnvelope, with the signature check left out when `authenticity` is 'vouched': the caller
 * (envelope-chain.ts only; not exported from the package) has proven these exact bytes are what
 * the named author signed for, through a hash its own verified signature covers.
 */
export function openEnvelopeChecked(
  bytes: Uint8Array,
  context: OpenEnvelopeContext,
  authenticity: 'signature' | 'vouched',
): Result<{ header: EnvelopeHeader; plaintext: Uint8Array }> {
  const sodium = sodiumReady();
  const decoded = decodeParts(bytes);
  if (!decoded.ok) return decoded;
  const parts = decoded.value;
  const { header } = parts;
  if (header.spaceId !== context.spaceId) return fail('wrong-space', 'envelope names another space');
  if (header.docId !== context.docId) return fail('wrong-document', 'envelope names another document');
  if (authenticity === 'signature' && !authorSignatureVerifies(parts)) return fail('bad-signature', 'envelope signature');
  const epochKey = context.keyForEpoch(header.epoch);
  if (epochKey === undefined) return fail('unknown-epoch', `epoch ${header.epoch}`);
  if (!sodium.memcmp(commitment(epochKey, parts.nonce, parts.headerBytes), parts.commitment)) {
    return fail('bad-commitment', 'envelope key commitment');
  }
  try {
    const plaintext = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      parts.ciphertext,
      parts.headerBytes,
      parts.nonce,
      encryptionKey(epochKey, header.kind),
    );
    return ok({ header, plaintext });
  } catch (error) {
    // reason: libsodium signals an authentication failure (or a too-short ciphertext) by throwing.
    return fail('decrypt-failed', `envelope did not decrypt (${(error as Error).message})`);
  }
}
