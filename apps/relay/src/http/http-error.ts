/**
 * The one exception type for HTTP failures and the one handler that turns any thrown error into
 * `{ error: { code, message } }` with the status from HTTP_STATUS (hono's HTTPException pattern).
 *
 *   throw new HttpError('invite-not-found');
 *   throw new HttpError('invalid-request', 'field "genesis" must be a string');
 *   app.onError(createErrorHandler(log));
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERRORS, HTTP_STATUS, SecureBaseError, type ErrorCode, type ErrorResponse } from '@securebase/protocol';
import type { RelayLog } from '../log.js';

/** An HTTP failure with a stable error code; `status` defaults to HTTP_STATUS[code]. */
export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  /** Extra words for the developer reading the response; never content, keys or ids. */
  readonly detail: string | undefined;

  constructor(code: ErrorCode, detail?: string, status?: ContentfulStatusCode) {
    super(detail ? `${ERRORS[code].message} (${detail})` : ERRORS[code].message);
    this.name = 'HttpError';
    this.code = code;
    this.detail = detail;
    this.status = status ?? statusFor(code);
  }
}

/** The HTTP status for an error code (400 for codes without their own). */
export function statusFor(code: ErrorCode): ContentfulStatusCode {
  return (HTTP_STATUS[code] ?? 400) as ContentfulStatusCode;
}

/** Convert a SecureBaseError (a peer's bad input) into the HttpError the handler answers with. */
export function httpErrorFrom(error: SecureBaseError): HttpError {
  return new HttpError(error.code, error.detail);
}

/** The app's onError handler: every failure leaves through here. */
export function createErrorHandler(log: RelayLog) {
  return (error: Error, c: Context): Response => {
    let failure: HttpError;
    if (error instanceof HttpError) failure = error;
    else if (error instanceof SecureBaseError) failure = httpErrorFrom(error);
    else {
      log.internalError(`${c.req.method} request`, error);
      failure = new HttpError('server-error');
    }
    const body: ErrorResponse = { error: { code: failure.code, message: failure.message } };
    return c.json(body, failure.status);
  };
}
