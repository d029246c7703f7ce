/**
 * URL parameters of the HTTP API, checked once at the boundary: a malformed id can never name
 * anything, so it gets a 400 (or the same answer as an unknown id where that hides less).
 *
 *   const spaceId = spaceIdParam(c.req.param('spaceId'));
 *   const deviceKey = deviceKeyParam(c.req.param('deviceKey'));
 */
import { fromBase64Url, PUBLIC_KEY_BYTES, SecureBaseError, isValidSpaceId } from '@securebase/protocol';
import { HttpError } from './http-error.js';

/** The spaceId URL parameter, checked. */
export function spaceIdParam(value: string): string {
  if (!isValidSpaceId(value)) throw new HttpError('invalid-request', 'spaceId is not a valid space id');
  return value;
}

/** A device key URL parameter: unpadded base64url of 32 bytes. */
export function deviceKeyParam(value: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(value);
  } catch (error) {
    if (error instanceof SecureBaseError) throw new HttpError('invalid-request', 'deviceKey is not unpadded base64url');
    throw error;
  }
  if (bytes.byteLength !== PUBLIC_KEY_BYTES) throw new HttpError('invalid-request', `deviceKey must be ${PUBLIC_KEY_BYTES} bytes`);
  return bytes;
}

/** A non-negative integer query parameter; `fallback` when absent. */
export function countParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^(0|[1-9][0-9]{0,15})$/.test(value)) throw new HttpError('invalid-request', `${name} must be a non-negative integer`);
  return Number(value);
}
