/**
 * Command-line entry of the relay: parses flags, starts the relay, prints one ready line and
 * shuts down cleanly on SIGINT/SIGTERM. Request logs go to stderr.
 *
 *   node apps/relay/dist/main.js --host 0.0.0.0 --port 8787 --data /var/lib/securebase
 */
import { parseRelayFlags, RELAY_USAGE, type RelayFlags } from './cli-flags.js';
import { startRelay } from './node.js';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

let flags: RelayFlags;
try {
  flags = parseRelayFlags(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${message(error)}\n${RELAY_USAGE}\n`);
  process.exit(2);
}

const relay = await startRelay({ ...flags, log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`Secure Base relay listening on ${relay.url}\n`);

const shutdown = (): void => {
  relay.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`relay did not close cleanly: ${message(error)}\n`);
      process.exit(1);
    },
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
