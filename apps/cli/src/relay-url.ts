/**
 * Which relay a command talks to, and checking that an address given by a person is usable.
 *
 *   const url = chooseRelayUrl(ctx, creds.relayUrl); // --relay, else $SECUREBASE_RELAY, else stored
 */
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';
import { t } from './words.js';

/** A relay address as typed by a person, checked and without a trailing slash. */
export function checkRelayUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    throw new UsageError(t('cli.relayUrl.notAddress', { text }));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(t('cli.relayUrl.scheme', { text }));
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UsageError(t('cli.relayUrl.extras', { origin: url.origin }));
  }
  return url.href.replace(/\/+$/, '');
}

/** The relay given for this run (--relay or $SECUREBASE_RELAY), if any. */
export function relayOverride(ctx: CommandContext): string | undefined {
  const given = ctx.globals.relay ?? (ctx.io.env.SECUREBASE_RELAY || undefined);
  return given === undefined ? undefined : checkRelayUrl(given);
}

/** The relay for this run: the override if any, else the one stored in the profile. */
export function chooseRelayUrl(ctx: CommandContext, stored: string): string {
  return relayOverride(ctx) ?? stored;
}
