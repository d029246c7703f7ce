// Public surface of @securebase/protocol: the wire contract (types, codes, HTTP shapes) and the
// codecs that turn it into bytes. No crypto, no I/O.
export * from './codes.js';
export * from './types.js';
export * from './http.js';
export {
  SPACE_KEY_BYTES,
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  ENVELOPE_NONCE_BYTES,
  COMMITMENT_BYTES,
  CHALLENGE_NONCE_BYTES,
  HASH_BYTES,
  MAX_ENVELOPE_HEADER_BYTES,
  MAX_ERROR_DETAIL_BYTES,
} from './sizes.js';
export { toBase64Url, fromBase64Url, tryFromBase64Url } from './base64url.js';
export { bytesEqual } from './bytes.js';
export { RANDOM_ID_BYTES, isValidSpaceId, isValidPartnerId, isValidInviteId, isValidDocId } from './ids.js';
export { encodeEnvelopeHeader, decodeEnvelopeHeader, encodeEnvelope, decodeEnvelope } from './envelope.js';
export { encodeFrame, decodeFrame } from './frames.js';
export { TokenBucket, FRAME_BUDGET } from './token-bucket.js';
export { encodeMembershipOpUnsigned, encodeMembershipOp, decodeMembershipOp } from './membership.js';
export {
  MAX_INVITE_CERTIFICATE_BYTES,
  encodeInviteCertificateUnsigned,
  encodeInviteCertificate,
  decodeInviteCertificate,
} from './invite-certificate.js';
export { INVITE_PAYLOAD_VERSION, type InvitePayload, encodeInvitePayload, decodeInvitePayload } from './invite-payload.js';
export {
  type KeyScope,
  SPACE_SCOPE,
  privateScope,
  privateDocId,
  partnerOfPrivateDoc,
  partnerOfScope,
  isValidKeyScope,
  isMalformedPrivateDocId,
  scopeForDoc,
} from './key-scope.js';
export { KEY_BUNDLE_VERSION, MAX_KEY_ENTRIES, type KeyEntry, encodeKeyBundle, decodeKeyBundle } from './key-bundle.js';
export { KEY_WRAP_VERSION, type KeyWrap, encodeKeyWrap, decodeKeyWrap } from './key-wrap.js';
export {
  MAX_LINK_CERTIFICATE_BYTES,
  encodeLinkCertificateUnsigned,
  encodeLinkCertificate,
  decodeLinkCertificate,
  encodeLinkRequestUnsigned,
  encodeLinkRequest,
  decodeLinkRequest,
} from './device-link.js';
export {
  DOC_PAYLOAD_VERSION,
  SNAPSHOT_PARTS_VERSION,
  UPDATE_CHAINED_VERSION,
  MAX_SNAPSHOT_PARTS,
  type LogHead,
  type UpdatePayload,
  type SnapshotPayload,
  type SnapshotPart,
  type SnapshotPartPayload,
  encodeUpdatePayload,
  decodeUpdatePayload,
  encodeSnapshotPayload,
  decodeSnapshotPayload,
  encodeSnapshotPartPayload,
  decodeSnapshotPartPayload,
} from './doc-payloads.js';
export { type AuthChallengeMessage, encodeAuthChallengeMessage } from './auth.js';
export {
  RELEASE_MANIFEST_PATH,
  RELEASE_MANIFEST_FORMAT,
  RELEASE_KEY_FILE_FORMAT,
  RELEASE_KEY_SEED_BYTES,
  RELEASE_ERRORS,
  SHA256_BYTES,
  MAX_RELEASE_FILES,
  type ReleaseErrorCode,
  ReleaseError,
  type ReleaseFile,
  type ReleaseBody,
  type ReleaseSignature,
  type ReleaseManifest,
  type ReleaseKeyFile,
  isValidReleasePath,
  sortReleaseFiles,
  encodeReleaseManifestBody,
  decodeReleaseManifestBody,
  encodeReleaseManifestJson,
  decodeReleaseManifestJson,
  encodeReleaseKeyFile,
  decodeReleaseKeyFile,
  toHex,
} from './release-manifest.js';
