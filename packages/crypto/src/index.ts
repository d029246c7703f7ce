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
export { type SealEnvelopeInput, type OpenEnvelopeContext, sealEnvelope, openEnvelope, verifyEnvelopeSignature } from './envelope.js';
export { type ChainOpenedEnvelope, type ReadChained, openEnvelopeChain } from './envelope-chain.js';
export { signAuthChallenge, verifyAuthChallenge } from './auth.js';
export {
  type VerifierKeyPair,
  type ChainHead,
  hashMembershipOp,
  createGenesisOp,
  createAddPartnerOp,
  createRemoveDeviceOp,
  createLeaveOp,
  createRotateKeyOp,
} from './membership-ops.js';
export {
  type MemberDevice,
  type MembershipState,
  MAX_PARTNERS,
  findDevice,
  isMemberDevice,
  isRemovedDevice,
  partnerOfDevice,
  devicesForScope,
  identityOf,
} from './membership-state.js';
export { verifyInviteCertificate, verifyLinkCertificate, appendMembershipOp, verifyMembershipChain, extendMembershipChain } from './membership-verify.js';
export {
  type CreatedDeviceLink,
  DEVICE_LINK_TTL_MS,
  createDeviceLink,
  deriveDeviceLinkKeys,
  createLinkRequest,
  verifyLinkRequest,
  createLinkDeviceOp,
} from './device-link.js';
export { type InviteKeys, type CreatedInvite, createInvite, deriveInviteKeys, openInvitePayload } from './invite.js';
export { type InviteRevocation, signInviteRevocation, verifyInviteRevocation } from './invite-revoke.js';
export { sealKeyBundle, openKeyBundle } from './key-bundle.js';
export { type SafetyNumber, safetyNumber } from './safety-number.js';
export { signAgreement, verifyAgreementSignature, commitToAnswers, verifyAnswerCommitment } from './agreement.js';
export {
  type PassphraseStrength,
  generateLocalKey,
  sealLocalValue,
  openLocalValue,
  deriveKeyFromPassphrase,
  wrapLocalKey,
  unwrapLocalKey,
} from './local-store.js';
export { LOG_HASH_GENESIS, hashBytes, foldLogHash, foldLogHashOfDigest } from './log-hash.js';
export {
  type ReleaseKeyPair,
  type VerifiedRelease,
  type ReleaseFileDifferences,
  type ReleaseResult,
  generateReleaseKey,
  releaseKeyFromSeed,
  releaseKeyFromFile,
  hashReleaseFile,
  signReleaseManifest,
  verifyReleaseManifest,
  compareReleaseFiles,
  releaseFilesMatch,
  verifyRelease,
} from './release-manifest.js';
export { PSI_ROUND_ID_BYTES, PSI_MAX_ITEM_CHARS, newPsiRoundId, canonicalPsiItem, psiItemPoint } from './psi-items.js';
export {
  type PsiSide,
  type PsiMessageType,
  type PsiMessage,
  type PsiCommitMessage,
  type PsiPointsMessage,
  PSI_VERSION,
  PSI_MAX_ITEMS,
  PSI_MESSAGE_TYPES,
  encodePsiMessage,
  decodePsiMessage,
  otherPsiSide,
} from './psi-messages.js';
export { type PsiPhase, type PsiResult, type PsiStartOptions, PsiSession } from './psi-session.js';
