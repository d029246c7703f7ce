/**
 * How long the CLI waits for the relay: $SECUREBASE_TIMEOUT_MS (default 10 s), for socket
 * sessions and for plain HTTP calls alike, which also end early on Ctrl-C.
 *
 *   const ms = relayTimeoutMs(ctx.io.env);
 *   await refreshKeys(creds, store, { fetch: boundedFetch(ctx) });
 */
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';
import { t } from './words.js';

const DEFAULT_TIMEOUT_MS = 10_000;

/** How long to wait for the relay, from $SECUREBASE_TIMEOUT_MS. */
export function relayTimeoutMs(env: Record<string, string | undefined>): number {
  const text = env.SECUREBASE_TIMEOUT_MS;
  if (text === undefined || text === '') return DEFAULT_TIMEOUT_MS;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new UsageError(t('cli.env.badTimeout', { text }));
  }
  return ms;
}

/** fetch that gives up after SECUREBASE_TIMEOUT_MS, or on Ctrl-C. */
export function boundedFetch(ctx: CommandContext): typeof fetch {
  const limit = relayTimeoutMs(ctx.io.env);
  return (input, init) => {
    const signals = [AbortSignal.timeout(limit), ...(ctx.io.signal ? [ctx.io.signal] : [])];
    return fetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
}
