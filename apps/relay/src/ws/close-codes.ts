/**
 * Which error codes end a WebSocket session, and with which close code. Fatal codes always close;
 * `too-many-connections`, `slow-consumer`, `rate-limited` and `relay-full` are recoverable for the
 * client (retry later) but still end this socket.
 *
 *   const close = closeCodeFor('auth-failed'); // CLOSE.AUTH_FAILED
 */
import { CLOSE, ERRORS, type ErrorCode } from '@securebase/protocol';

/** Standard WebSocket close code for "the server hit an unexpected condition" (RFC 6455). */
export const INTERNAL_ERROR_CLOSE = 1011;

const CLOSE_FOR: Partial<Record<ErrorCode, number>> = {
  'unsupported-version': CLOSE.UNSUPPORTED_VERSION,
  'not-authenticated': CLOSE.AUTH_FAILED,
  'auth-failed': CLOSE.AUTH_FAILED,
  'unknown-space': CLOSE.UNKNOWN_SPACE,
  'not-a-member': CLOSE.NOT_A_MEMBER,
  // The error frame before the close says which ('device-removed'); the close code stays the
  // one every client already treats as "stop, this device is not a member".
  'device-removed': CLOSE.NOT_A_MEMBER,
  'too-many-connections': CLOSE.TOO_MANY_CONNECTIONS,
  'quota-exceeded': CLOSE.QUOTA_EXCEEDED,
  // Recoverable for the client (it reconnects and catches up, or slows down), but this socket ends.
  'slow-consumer': CLOSE.SLOW_CONSUMER,
  'rate-limited': CLOSE.RATE_LIMITED,
  'relay-full': CLOSE.RELAY_FULL,
  'server-error': INTERNAL_ERROR_CLOSE,
};

/** The close code that follows an `error` frame with `code`, or undefined if the session goes on. */
export function closeCodeFor(code: ErrorCode): number | undefined {
  const mapped = CLOSE_FOR[code];
  if (mapped !== undefined) return mapped;
  return ERRORS[code].fatal ? CLOSE.PROTOCOL_ERROR : undefined;
}
