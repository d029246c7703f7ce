/**
 * JSON shapes of the relay's HTTP API (under /v1). Binary values travel as unpadded base64url.
 * Error responses are always `{ error: { code, message } }` with `code` an ErrorCode.
 *
 *   POST /v1/spaces                        CreateSpaceRequest   → 201 CreateSpaceResponse
 *   GET  /v1/spaces/:spaceId/membership                         → 200 MembershipResponse
 *   POST /v1/spaces/:spaceId/invites       CreateInviteRequest  → 201 CreateInviteResponse
 *   GET  /v1/invites/:inviteId                                  → 200 InviteResponse
 *   POST /v1/invites/:inviteId/accept      AcceptInviteRequest  → 201 MembershipResponse
 *   GET  /healthz                                               → 200 { ok: true }
 */
import type { ErrorCode } from './codes.js';

export interface CreateSpaceRequest {
  /** Encoded genesis (`create`) membership op. */
  genesis: string;
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
export interface InviteResponse {
  spaceId: string;
  certificate: string;
  payload: string;
}
export interface AcceptInviteRequest {
  /** Encoded `add-partner` membership op. */
  op: string;
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
  'frame-too-large': 413,
  'quota-exceeded': 413,
  'rate-limited': 429,
  'server-error': 500,
};
