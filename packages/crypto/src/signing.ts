/**
 * Ed25519 signatures with a purpose string in front of the canonical bytes, so a signature made
 * for one purpose (an envelope, an auth answer, a membership op, an invite) can never be
 * replayed as another. No context is a prefix of another (a test checks), which keeps the
 * signed messages of different purposes disjoint.
 *
 *   const sig = signWithContext(CONTEXT.auth, message, device.signSecretKey);
 *   verifyWithContext(CONTEXT.auth, message, sig, device.signPublicKey); // true
 */
import { ENVELOPE_KIND, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type EnvelopeKind } from '@securebase/protocol';
import { concatBytes, utf8 } from './bytes.js';
import { sodiumReady } from './sodium.js';

/** Every signature context string in the protocol. */
export const CONTEXT = {
  auth: 'securebase/auth/v1',
  invite: 'securebase/invite/v1',
  membership: 'securebase/membership/v1',
  deviceLink: 'securebase/device-link/v1',
  linkRequest: 'securebase/link-request/v1',
  keyBundle: 'securebase/key-bundle/v1',
  agreement: 'securebase/agreement/v1',
  inviteRevoke: 'securebase/invite-revoke/v1',
  releaseManifest: 'securebase/release-manifest/v1',
  envelope: (kind: EnvelopeKind) => `securebase/envelope/${kind}/v1`,
} as const;

/** All context strings, for documentation and the prefix-freedom test. */
export function allSignatureContexts(): string[] {
  const kinds = Object.keys(ENVELOPE_KIND) as EnvelopeKind[];
  return [
    CONTEXT.auth,
    CONTEXT.invite,
    CONTEXT.membership,
    CONTEXT.deviceLink,
    CONTEXT.linkRequest,
    CONTEXT.keyBundle,
    CONTEXT.agreement,
    CONTEXT.inviteRevoke,
    CONTEXT.releaseManifest,
    ...kinds.map((kind) => CONTEXT.envelope(kind)),
  ];
}

/** Each context's bytes, encoded once (a signature is made or checked for every envelope). */
const contextBytes = new Map<string, Uint8Array>();
function encodedContext(context: string): Uint8Array {
  let bytes = contextBytes.get(context);
  if (!bytes) {
    bytes = utf8(context);
    contextBytes.set(context, bytes);
  }
  return bytes;
}

/** Sign `context ‖ message` with an Ed25519 secret key (64 bytes). */
export function signWithContext(context: string, message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return sodiumReady().crypto_sign_detached(concatBytes(encodedContext(context), message), secretKey);
}

/** Verify a signature over `context ‖ message`; false for a wrong signature or malformed key/signature. */
export function verifyWithContext(context: string, message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  const sodium = sodiumReady();
  // libsodium throws on wrong lengths; for untrusted input that is just "not valid".
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== PUBLIC_KEY_BYTES) return false;
  return sodium.crypto_sign_verify_detached(signature, concatBytes(encodedContext(context), message), publicKey);
}
