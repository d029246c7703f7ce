/**
 * JSON shapes of the relay's HTTP API (under /v1). Binary values travel as unpadded base64url.
 * Error responses are always `{ error: { code, message } }` with `code` an ErrorCode.
 *
 *   POST /v1/spaces                        CreateSpaceRequest   → 201 CreateSpaceResponse
 *   GET  /v1/spaces/:spaceId/membership                         → 200 MembershipResponse
 *   POST /v1/spaces/:spaceId/invites       CreateInviteRequest  → 201 CreateInviteResponse
 *   POST /v1/spaces/:spaceId/invites/revoke RevokeInvitesRequest → 200 RevokeInvitesResponse
 *   GET  /v1/invites/:inviteId                                  → 200 InviteResponse
 *   POST /v1/invites/:inviteId/accept      AcceptInviteRequest  → 201 MembershipResponse
 *   POST /v1/spaces/:spaceId/device-links  CreateDeviceLinkRequest → 201 CreateDeviceLinkResponse
 *   GET  /v1/device-links/:linkId                               → 200 DeviceLinkResponse
 *   POST /v1/device-links/:linkId/request  SubmitLinkRequestRequest → 201 {}
 *   POST /v1/spaces/:spaceId/membership    AppendMembershipRequest → 201 AppendMembershipResponse
 *   GET  /v1/spaces/:spaceId/key-wraps/:deviceKey?after=N       → 200 KeyWrapsResponse
 *   GET  /healthz                                               → 200 { ok, database, bus } (503 while the database is down)
 */
import type { ErrorCode } from './codes.js';

export interface CreateSpaceRequest {
  /** Encoded genesis (`create`) membership op. */
  genesis: string;
  /**
   * The code from whoever runs the relay, when its operator has turned the creation gate on;
   * without a valid one the relay answers 403 `creation-closed`. Ignored by an open relay.
   */
  creationCode?: string;
}
export interface CreateSpaceResponse {
  spaceId: string;
  membershipHead: number;
}
export interface MembershipResponse {
  /** Every encoded membership op, genesis first. */
  ops: string[];
}
export interface CreateInviteRequest {
  /** Encoded invite certificate, signed by a member device. */
  certificate: string;
  /** Invite payload, encrypted under the key derived from the invite secret. */
  payload: string;
}
export interface CreateInviteResponse {
  inviteId: string;
  expiresAt: number;
}
/**
 * Cancel every open invite of the space. Signed by a current member device over
 * "securebase/invite-revoke/v1" ‖ spaceId ‖ signedAt (crypto's signInviteRevocation); the relay
 * accepts `signedAt` within 5 minutes of its own clock. A cancelled invite answers 410
 * `invite-revoked`.
 */
export interface RevokeInvitesRequest {
  /** The signing member device's key (base64url). */
  deviceKey: string;
  /** When the device signed, in ms since the epoch. */
  signedAt: number;
  /** Ed25519 signature (base64url). */
  signature: string;
}
export interface RevokeInvitesResponse {
  /** How many open invites were cancelled (0 if there were none). */
  revoked: number;
}
export interface InviteResponse {
  spaceId: string;
  certificate: string;
  payload: string;
}
export interface AcceptInviteRequest {
  /** Encoded `add-partner` membership op. */
  op: string;
}
export interface CreateDeviceLinkRequest {
  /** Encoded link certificate, signed by a member device of the partner being extended. */
  certificate: string;
}
export interface CreateDeviceLinkResponse {
  linkId: string;
  expiresAt: number;
}
/** open: waiting for the new device; requested: a request is posted; linked: the link-device op is in the chain. */
export type DeviceLinkStatus = 'open' | 'requested' | 'linked';
export interface DeviceLinkResponse {
  spaceId: string;
  certificate: string;
  status: DeviceLinkStatus;
  /** Encoded link request, once the new device posted one. */
  request?: string;
}
export interface SubmitLinkRequestRequest {
  /** Encoded link request, signed by the link verifier key and by the new device. */
  request: string;
}
/** One sealed key wrap addressed to a device. */
export interface KeyWrapForDevice {
  /** The recipient device's key (base64url). */
  deviceKey: string;
  /** Encoded key wrap (base64url). */
  wrap: string;
}
export interface AppendMembershipRequest {
  /**
   * Encoded ops appended atomically in order. Allowed groups: [link-device],
   * [remove-device, rotate-key, rotate-key], [leave], [rotate-key].
   */
  ops: string[];
  /** Wraps to store with the ops (for link-device: the new device; for rotations: every holder). */
  wraps: KeyWrapForDevice[];
}
export interface AppendMembershipResponse {
  membershipHead: number;
}
export interface KeyWrapsResponse {
  /** Wraps for the device with id > `after`, oldest first. */
  wraps: { id: number; wrap: string }[];
}
export interface ErrorResponse {
  error: { code: ErrorCode; message: string };
}

/** HTTP status for each error code the relay can answer with over HTTP. */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  'invalid-request': 400,
  'malformed-frame': 400,
  'invalid-membership': 400,
  'auth-failed': 401,
  'not-a-member': 403,
  'unknown-space': 404,
  'invite-not-found': 404,
  'space-full': 409,
  'invite-used': 410,
  'invite-expired': 410,
  'link-not-found': 404,
  'link-used': 410,
  'link-expired': 410,
  'device-removed': 403,
  'forbidden-document': 403,
  'snapshot-conflict': 409,
  'stale-epoch': 409,
  'frame-too-large': 413,
  'quota-exceeded': 413,
  'rate-limited': 429,
  'slow-consumer': 429,
  'creation-closed': 403,
  'relay-full': 503,
  'invite-revoked': 410,
  'membership-limit': 429,
  'membership-changed': 409,
  'already-exists': 409,
  'link-not-requested': 409,
  'already-member': 409,
  'server-error': 500,
};
