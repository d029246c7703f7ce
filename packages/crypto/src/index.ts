// Public surface of @securebase/crypto: libsodium as pure functions. Await readyCrypto() once.
export { readyCrypto } from './sodium.js';
export {
  type DeviceKeys,
  generateDeviceKeys,
  generateSpaceKey,
  randomBytes,
  randomId,
  encodeDeviceKeys,
  decodeDeviceKeys,
} from './keys.js';
export { CONTEXT, allSignatureContexts } from './signing.js';
export { type SealEnvelopeInput, type OpenEnvelopeContext, sealEnvelope, openEnvelope } from './envelope.js';
export { signAuthChallenge, verifyAuthChallenge } from './auth.js';
export {
  type VerifierKeyPair,
  hashMembershipOp,
  createGenesisOp,
  createInviteCertificate,
  createAddPartnerOp,
} from './membership-ops.js';
export { type MemberDevice, type MembershipState, MAX_PARTNERS, findDevice, isMemberDevice } from './membership-state.js';
export { verifyInviteCertificate, appendMembershipOp, verifyMembershipChain } from './membership-verify.js';
export { type InviteKeys, type CreatedInvite, createInvite, deriveInviteKeys, openInvitePayload } from './invite.js';
export { wrapKeyForDevice, unwrapKeyForDevice } from './key-wrap.js';
export { type SafetyIdentity, safetyNumber } from './safety-number.js';
