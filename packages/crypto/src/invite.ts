/**
 * Invites. The inviting device draws a 32-byte secret that travels only in the link's URL
 * fragment. crypto_kdf (context "sbinvite") derives from it: id 1 → the 16-byte invite id the
 * relay indexes by, id 2 → the seed of the Ed25519 verifier key that co-signs the joiner's
 * add-partner op, id 3 → the key that encrypts the invite payload (space id and space-scope keys).
 *
 *   payload  = nonce 24 | XChaCha20-Poly1305(encodeInvitePayload(...), AAD = invite id bytes)
 *
 *   const invite = createInvite({ spaceId, keys: [{ scope: 'space', epoch, key }], issuer: device, ttlMs: 86_400_000, now: Date.now() });
 *   // POST certificate + payload; share `${origin}/#/join/${invite.secret}`
 *   const opened = openInvitePayload(secret, payloadFromRelay);
 */
import {
  decodeInvitePayload,
  encodeInviteCertificate,
  encodeInvitePayload,
  ENVELOPE_NONCE_BYTES,
  fail,
  fromBase64Url,
  ok,
  SecureBaseError,
  toBase64Url,
  type InviteCertificate,
  type InvitePayload,
  type KeyEntry,
  type Result,
} from '@securebase/protocol';
import { createInviteCertificate, type VerifierKeyPair } from './membership-ops.js';
import { concatBytes } from './bytes.js';
import type { DeviceKeys } from './keys.js';
import { sodiumReady } from './sodium.js';
import { randomBytes } from './random.js';

const INVITE_KDF_CONTEXT = 'sbinvite';
const INVITE_SECRET_BYTES = 32;
const AEAD_TAG_BYTES = 16;

export interface InviteKeys {
  inviteId: string;
  verifier: VerifierKeyPair;
  wrapKey: Uint8Array;
}

export interface CreatedInvite {
  /** base64url of 32 random bytes: goes only into the link's fragment. */
  secret: string;
  inviteId: string;
  certificate: InviteCertificate;
  encodedCertificate: Uint8Array;
  /** Encrypted invite payload, for the relay to hold. */
  payload: Uint8Array;
  verifier: VerifierKeyPair;
}

/** Derive the invite id, verifier key pair and payload key from an invite secret. */
export function deriveInviteKeys(secret: string): InviteKeys {
  const sodium = sodiumReady();
  const secretBytes = secretToBytes(secret);
  const idBytes = sodium.crypto_kdf_derive_from_key(16, 1, INVITE_KDF_CONTEXT, secretBytes);
  const seed = sodium.crypto_kdf_derive_from_key(32, 2, INVITE_KDF_CONTEXT, secretBytes);
  const wrapKey = sodium.crypto_kdf_derive_from_key(32, 3, INVITE_KDF_CONTEXT, secretBytes);
  const pair = sodium.crypto_sign_seed_keypair(seed);
  return { inviteId: toBase64Url(idBytes), verifier: { publicKey: pair.publicKey, privateKey: pair.privateKey }, wrapKey };
}

function secretToBytes(secret: string): Uint8Array {
  // The secret comes from a pasted link: a wrong one is the person's "invalid link", not a bug.
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(secret);
  } catch (error) {
    // reason: re-label the base64 error with the invite code the person can act on.
    if (error instanceof SecureBaseError) throw new SecureBaseError('invite-not-found', 'invite secret is not base64url');
    throw error;
  }
  if (bytes.length !== INVITE_SECRET_BYTES) throw new SecureBaseError('invite-not-found', 'invite secret has the wrong length');
  return bytes;
}

/** Create an invite: secret, certificate signed by `issuer`, and the encrypted payload. */
export function createInvite(input: {
  spaceId: string;
  /** Space-scope keys the joiner may read (private keys never go into an invite). */
  keys: KeyEntry[];
  issuer: DeviceKeys;
  ttlMs: number;
  now: number;
}): CreatedInvite {
  const sodium = sodiumReady();
  const secret = toBase64Url(randomBytes(INVITE_SECRET_BYTES));
  const keys = deriveInviteKeys(secret);
  const certificate = createInviteCertificate({
    spaceId: input.spaceId,
    inviteId: keys.inviteId,
    verifierKey: keys.verifier.publicKey,
    expiresAt: input.now + input.ttlMs,
    issuer: input.issuer,
  });
  const plaintext = encodeInvitePayload({ spaceId: input.spaceId, keys: input.keys });
  const nonce = randomBytes(ENVELOPE_NONCE_BYTES);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, fromBase64Url(keys.inviteId), null, nonce, keys.wrapKey);
  return {
    secret,
    inviteId: keys.inviteId,
    certificate,
    encodedCertificate: encodeInviteCertificate(certificate),
    payload: concatBytes(nonce, ciphertext),
    verifier: keys.verifier,
  };
}

/** Decrypt an invite payload with the secret from the link. */
export function openInvitePayload(secret: string, payload: Uint8Array): Result<InvitePayload> {
  const sodium = sodiumReady();
  let keys: InviteKeys;
  try {
    keys = deriveInviteKeys(secret);
  } catch (error) {
    // reason: a malformed secret is an expected, typed outcome for this Result-returning function.
    if (error instanceof SecureBaseError) return { ok: false, error };
    throw error;
  }
  if (payload.length < ENVELOPE_NONCE_BYTES + AEAD_TAG_BYTES) return fail('invite-not-found', 'payload did not decrypt');
  let plaintext: Uint8Array;
  try {
    plaintext = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      payload.subarray(ENVELOPE_NONCE_BYTES),
      fromBase64Url(keys.inviteId),
      payload.subarray(0, ENVELOPE_NONCE_BYTES),
      keys.wrapKey,
    );
  } catch (error) {
    // reason: libsodium signals a wrong key or tampered payload by throwing.
    return fail('invite-not-found', `payload did not decrypt (${(error as Error).message})`);
  }
  try {
    return ok(decodeInvitePayload(plaintext));
  } catch (error) {
    // reason: a payload that decrypts but does not parse (e.g. a newer version) is a typed failure.
    if (error instanceof SecureBaseError) return { ok: false, error };
    throw error;
  }
}
