/**
 * Small pieces of the provider's connection to the relay that need no provider state: the ws URL,
 * which close codes end reconnecting, and how a thrown value becomes the one error type.
 *
 *   const url = websocketUrl('https://relay.example', spaceId, {}); // wss://relay.example/v1/spaces/…/ws
 */
import { CLOSE, SecureBaseError, type ErrorCode } from '@securebase/protocol';

/** Close codes after which reconnecting cannot help: the person must act. */
export const FATAL_CLOSE: Partial<Record<number, ErrorCode>> = {
  [CLOSE.PROTOCOL_ERROR]: 'malformed-frame',
  [CLOSE.UNSUPPORTED_VERSION]: 'unsupported-version',
  [CLOSE.AUTH_FAILED]: 'auth-failed',
  [CLOSE.UNKNOWN_SPACE]: 'unknown-space',
  [CLOSE.NOT_A_MEMBER]: 'not-a-member',
  [CLOSE.QUOTA_EXCEEDED]: 'quota-exceeded',
};

/** ws(s)://host/…/v1/spaces/:spaceId/ws?params from the relay's http(s) base URL. */
export function websocketUrl(serverUrl: string, spaceId: string, params: Record<string, string>): string {
  const base = serverUrl.replace(/\/+$/, '').replace(/^http/, 'ws');
  const query = new URLSearchParams(params).toString();
  return `${base}/v1/spaces/${encodeURIComponent(spaceId)}/ws${query ? `?${query}` : ''}`;
}

/** A SecureBaseError as is; anything else (a failing local store, a bug) wrapped as 'server-error'. */
export function asSecureBaseError(err: unknown): SecureBaseError {
  if (err instanceof SecureBaseError) return err;
  const wrapped = new SecureBaseError('server-error', `local failure: ${err instanceof Error ? err.message : String(err)}`);
  (wrapped as Error).cause = err;
  return wrapped;
}
