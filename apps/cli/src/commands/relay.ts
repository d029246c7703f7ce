/**
 * `securebase relay`: run a relay (which also serves the built web app, apps/web/dist) until SIGINT/SIGTERM.
 *
 * Prints exactly one line on stdout when ready, with the real URL (so `--port 0` is usable by
 * scripts); the relay's JSON log goes to stderr. Every relay flag (the relay's cli-flags.ts:
 * --database, --bus, --node-id, --trust-proxy, --allow-origin, --creation-codes-file, --metrics-token-file, --max-spaces,
 * --max-total-bytes, --max-connections, --http-requests-per-minute) is passed on as is, checked by the relay's own parser.
 *
 *   $ securebase relay --port 0 --data ./data
 *   Secure Base relay listening on http://127.0.0.1:39123
 */
import { resolve } from 'node:path';
import { RELAY_FLAG_OPTIONS, relayFlagsFromValues, relayStartOptions, startRelay, type StartRelayOptions } from '@securebase/relay';
import { parseCommandArgs, withUsage } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import { t } from '../words.js';

const USAGE =
  'securebase relay [--host 127.0.0.1] [--port 8787] [--data DIR | --database postgres://…] [--bus redis://…] [--node-id NAME] ' +
  '[--trust-proxy ADDR[,ADDR…]] [--allow-origin ORIGIN]… ' +
  '[--creation-codes-file FILE] [--metrics-token-file FILE] [--max-spaces N] [--max-total-bytes SIZE] [--max-connections N] [--http-requests-per-minute N]';

/** The relay's options from the command's flags and environment; UsageError for a bad value. */
function relayOptions(ctx: CommandContext): StartRelayOptions {
  const { values } = parseCommandArgs(ctx, RELAY_FLAG_OPTIONS, { min: 0, max: 0, names: '' }, USAGE);
  try {
    const options = relayStartOptions(relayFlagsFromValues(values), ctx.io.env);
    return { ...options, dataDir: resolve(options.dataDir ?? './data') };
  } catch (err) {
    // reason: the relay's own option errors are written for operators, in English.
    if (err instanceof Error) throw new UsageError(withUsage(`${err.message}.`, USAGE));
    throw err;
  }
}

/** Resolves when `signal` aborts (or, with no signal, on SIGINT/SIGTERM). */
function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((done) => {
    if (signal) {
      if (signal.aborted) done();
      else signal.addEventListener('abort', () => done(), { once: true });
      return;
    }
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
}

/** Run the relay until stopped. */
export async function runRelay(ctx: CommandContext): Promise<void> {
  const options = relayOptions(ctx);
  const { host = '127.0.0.1', port = 8787 } = options;

  let relay: Awaited<ReturnType<typeof startRelay>>;
  try {
    relay = await startRelay({
      ...options,
      // The relay's log holds route patterns, statuses, close codes and refusal kinds only: fine for stderr.
      log: (line) => ctx.io.stderr.write(`${line}\n`),
    });
  } catch (err) {
    const code = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
    if (code === 'EADDRINUSE') {
      throw new CliError(t('cli.relayCmd.portInUse', { port, host }));
    }
    if (code === 'EACCES') {
      throw new CliError(t('cli.relayCmd.portDenied', { port, host }));
    }
    throw err;
  }
  // Not translated: scripts and process managers wait for exactly this line.
  printLine(ctx, `Secure Base relay listening on ${relay.url}`);
  await untilStopped(ctx.io.signal);
  await relay.close();
}
