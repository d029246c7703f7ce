/**
 * One JSON request to the relay's `/v1` HTTP API, with the same error discipline as SpaceClient:
 * a non-2xx answer becomes a SecureBaseError carrying the relay's code, a network failure
 * 'relay-unreachable', and error details name only the route shape (never ids or secrets).
 * Plus the validators that turn the relay's untrusted JSON fields into typed values.
 *
 *   const res = await relayRequest<{ linkId: string }>(fetch, relayUrl, 'POST', '/v1/spaces/x/device-links', body);
 *   const linkId = textField(res.linkId, 'linkId');
 */
import { ERRORS, SecureBaseError, fromBase64Url, type ErrorCode } from '@securebase/protocol';

/** Send one request and return the parsed JSON object of a 2xx answer. */
export async function relayRequest<T>(
  fetchImpl: typeof fetch,
  relayUrl: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  let res: Response;
  try {
    res = await fetchImpl(relayUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (err) {
    throw new SecureBaseError('relay-unreachable', `relay unreachable at ${relayUrl}: ${(err as Error).message}`);
  }
  const parsed = await readJson(res);
  if (!res.ok) throw new SecureBaseError(errorCodeOf(parsed), `HTTP ${res.status} ${method} ${routeOf(path)}`);
  if (typeof parsed !== 'object' || parsed === null) {
    throw new SecureBaseError('server-error', `relay sent no JSON object for ${method} ${routeOf(path)}`);
  }
  return parsed as T;
}

/** A string field of a relay answer. */
export function textField(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new SecureBaseError('server-error', `relay sent a bad ${field}`);
  return value;
}

/** A non-negative safe integer field of a relay answer. */
export function countField(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SecureBaseError('server-error', `relay sent a bad ${field}`);
  }
  return value;
}

/** A base64url field of a relay answer, as bytes. */
export function bytesField(value: unknown, field: string): Uint8Array {
  const s = textField(value, field);
  try {
    return fromBase64Url(s);
  } catch (err) {
    if (err instanceof SecureBaseError) throw new SecureBaseError('server-error', `relay sent a bad ${field}`);
    throw err;
  }
}

/** The body as JSON, or undefined when it is not JSON (a proxy's HTML error page, say). */
async function readJson(res: Response): Promise<unknown> {
  const body = await res.text();
  if (!body) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

function errorCodeOf(body: unknown): ErrorCode {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' && Object.hasOwn(ERRORS, code) ? (code as ErrorCode) : 'server-error';
}

// Paths carry space ids, link ids and device keys; errors name only the route shape.
function routeOf(path: string): string {
  return path
    .replace(/\?.*$/, '')
    .replace(/\/(spaces|invites|device-links|key-wraps)\/[^/]+/g, '/$1/:id');
}
