/**
 * `securebase relay`: run a relay (which also serves the built web app, apps/web/dist) until SIGINT/SIGTERM.
 *
 * Prints exactly one line on stdout when ready, with the real URL (so `--port 0` is usable by
 * scripts); the relay's request log goes to stderr.
 *
 *   $ securebase relay --port 0 --data ./data
 *   Secure Base relay listening on http://127.0.0.1:39123
 */
import { resolve } from 'node:path';
import { startRelay } from '@securebase/relay';
import { parseCommandArgs } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError, UsageError } from '../errors.js';

const USAGE = 'securebase relay [--host 127.0.0.1] [--port 8787] [--data DIR]';

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535 (got "${text}"). Usage: ${USAGE}`);
  }
  return port;
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
  const { values } = parseCommandArgs(ctx,
    { host: { type: 'string' }, port: { type: 'string' }, data: { type: 'string' } },
    { min: 0, max: 0, names: '' },
    USAGE,
  );
  const host = values.host ?? '127.0.0.1';
  const port = parsePort(values.port ?? '8787');
  const dataDir = resolve(values.data ?? './data');

  let relay: Awaited<ReturnType<typeof startRelay>>;
  try {
    relay = await startRelay({
      host,
      port,
      dataDir,
      // The relay's log holds route patterns, statuses and close codes only: fine for stderr.
      log: (line) => ctx.io.stderr.write(`${line}\n`),
    });
  } catch (err) {
    const code = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
    if (code === 'EADDRINUSE') {
      throw new CliError(`port ${port} on ${host} is already in use. Stop the other program or pick another --port.`);
    }
    if (code === 'EACCES') {
      throw new CliError(`not allowed to listen on port ${port} on ${host}. Pick a port above 1024 with --port.`);
    }
    throw err;
  }
  printLine(ctx, `Secure Base relay listening on ${relay.url}`);
  await untilStopped(ctx.io.signal);
  await relay.close();
}
