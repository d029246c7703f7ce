/**
 * Co-signing agreements and committing to check-in answers (the workbook issue).
 *
 * Agreements: each partner's device signs "securebase/agreement/v1" ‖ the agreement's canonical
 * bytes (packages/model agreementCanonicalBytes); any edit changes the bytes, so old signatures
 * stop verifying and the app shows them void.
 * Answers: a simultaneous reveal first shares commitment = BLAKE2b-256(key = 32-byte random
 * salt, "securebase/answers/v1" ‖ answers), then the answers and the salt. The salt hides the
 * answers until the reveal; the hash binds the partner to what they committed.
 *
 *   const signature = signAgreement(device, canonical);
 *   verifyAgreementSignature(device.signPublicKey, canonical, signature); // true
 *   const { commitment, salt } = commitToAnswers(answers);
 *   verifyAnswerCommitment(answers, salt, commitment); // true
 */
import { HASH_BYTES, PUBLIC_KEY_BYTES } from '@securebase/protocol';
import { concatBytes, utf8 } from './bytes.js';
import type { DeviceKeys } from './keys.js';
import { CONTEXT, signWithContext, verifyWithContext } from './signing.js';
import { sodiumReady } from './sodium.js';
import { randomBytes } from './random.js';

const ANSWERS_PREFIX = 'securebase/answers/v1';
const SALT_BYTES = 32;

/** Sign an agreement's canonical bytes with this device. */
export function signAgreement(device: DeviceKeys, canonical: Uint8Array): Uint8Array {
  return signWithContext(CONTEXT.agreement, canonical, device.signSecretKey);
}

/** True if `signature` is `deviceKey`'s signature over exactly these canonical bytes. */
export function verifyAgreementSignature(deviceKey: Uint8Array, canonical: Uint8Array, signature: Uint8Array): boolean {
  if (deviceKey.length !== PUBLIC_KEY_BYTES) return false;
  return verifyWithContext(CONTEXT.agreement, canonical, signature, deviceKey);
}

function answersHash(answers: Uint8Array, salt: Uint8Array): Uint8Array {
  return sodiumReady().crypto_generichash(HASH_BYTES, concatBytes(utf8(ANSWERS_PREFIX), answers), salt);
}

/** Commit to `answers` with a fresh random salt; share `commitment` now, `answers` and `salt` at the reveal. */
export function commitToAnswers(answers: Uint8Array): { commitment: Uint8Array; salt: Uint8Array } {
  const salt = randomBytes(SALT_BYTES);
  return { commitment: answersHash(answers, salt), salt };
}

/** True if `answers` and `salt` open `commitment` (constant-time compare). */
export function verifyAnswerCommitment(answers: Uint8Array, salt: Uint8Array, commitment: Uint8Array): boolean {
  if (salt.length !== SALT_BYTES || commitment.length !== HASH_BYTES) return false;
  return sodiumReady().memcmp(answersHash(answers, salt), commitment);
}
