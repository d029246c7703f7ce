/**
 * Reading untrusted JSON request bodies into typed values, once, at the boundary. Every failure
 * is an HttpError with a message that names the field, so a client developer sees what is wrong.
 *
 *   const body = await readJsonObject(c);
 *   const genesis = requireBytes(body, 'genesis');
 */
import type { Context } from 'hono';
import { fromBase64Url, SecureBaseError } from '@securebase/protocol';
import { HttpError } from './http-error.js';

/** Parse the request body as a JSON object; 400 for anything else. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The parser's message may quote the body, so only its kind is passed on.
    if (error instanceof SyntaxError) throw new HttpError('invalid-request', 'request body is not valid JSON');
    throw error;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError('invalid-request', 'request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** The string field `name`; 400 if missing or not a string. */
export function requireString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string') throw new HttpError('invalid-request', `field "${name}" must be a string`);
  return value;
}

/** The base64url field `name` decoded to bytes; 400 if missing, not a string or not base64url. */
export function requireBytes(body: Record<string, unknown>, name: string): Uint8Array {
  const text = requireString(body, name);
  try {
    return fromBase64Url(text);
  } catch (error) {
    if (error instanceof SecureBaseError) throw new HttpError('invalid-request', `field "${name}" is not unpadded base64url`);
    throw error;
  }
}
