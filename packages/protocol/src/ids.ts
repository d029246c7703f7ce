/**
 * Validity checks for the ids that travel in text (JSON, URLs) and on the wire. Random ids
 * (space, partner, invite) are 16 bytes written as canonical unpadded base64url (22 chars).
 *
 *   if (!isValidSpaceId(param)) throw new SecureBaseError('invalid-request', 'spaceId');
 */

/** Length in bytes of every random id (space, partner, invite). */
export const RANDOM_ID_BYTES = 16;

const ID16 = /^[A-Za-z0-9_-]{21}[AQgw]$/;
const DOC_ID = /^[A-Za-z0-9_-]{1,64}$/;

// 16 bytes = 128 bits = 21 full sextets + 2 bits, so the last char's low 4 bits must be zero
// (A, Q, g, w): this keeps exactly one text per id.
function isRandomId(value: unknown): value is string {
  return typeof value === 'string' && ID16.test(value);
}

/** True if `value` is a space id: canonical base64url of exactly 16 bytes. */
export function isValidSpaceId(value: unknown): value is string {
  return isRandomId(value);
}

/** True if `value` is a partner id: canonical base64url of exactly 16 bytes. */
export function isValidPartnerId(value: unknown): value is string {
  return isRandomId(value);
}

/** True if `value` is an invite id: canonical base64url of exactly 16 bytes. */
export function isValidInviteId(value: unknown): value is string {
  return isRandomId(value);
}

/** True if `value` is a document id: 1–64 chars of [A-Za-z0-9_-]. */
export function isValidDocId(value: unknown): value is string {
  return typeof value === 'string' && DOC_ID.test(value);
}
