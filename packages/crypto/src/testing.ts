/**
 * @securebase/crypto/testing — internals that tests reach for and apps never need: the signing
 * context table (for the prefix-freedom test), the raw invite-certificate builder (for forged
 * fixtures) and the safety-number word list. Import it only from tests.
 *
 *   import { allSignatureContexts } from '@securebase/crypto/testing';
 */
export { CONTEXT, allSignatureContexts } from './signing.js';
export { createInviteCertificate } from './membership-ops.js';
export { SAFETY_WORDS } from './safety-words.js';
