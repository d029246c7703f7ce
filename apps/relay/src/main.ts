/**
 * Command-line entry of the relay: parses flags, starts the relay, prints one ready line and
 * shuts down cleanly on SIGINT/SIGTERM; SIGHUP re-reads the creation codes file. Logs (JSON
 * lines) go to stderr.
 *
 *   node apps/relay/dist/main.js --host 127.0.0.1 --port 8787 --data /var/lib/securebase \
 *     --trust-proxy 127.0.0.1 --creation-codes-file /etc/securebase/creation-codes \
 *     --metrics-token-file /etc/securebase/metrics-token
 */
import { parseRelayFlags, relayStartOptions, RELAY_USAGE } from './cli-flags.js';
import { startRelay, type StartRelayOptions } from './node.js';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

let options: StartRelayOptions;
try {
  options = relayStartOptions(parseRelayFlags(process.argv.slice(2)), process.env);
} catch (error) {
  process.stderr.write(`${message(error)}\n${RELAY_USAGE}\n`);
  process.exit(2);
}

let relay: Awaited<ReturnType<typeof startRelay>>;
try {
  relay = await startRelay({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
} catch (error) {
  process.stderr.write(`relay did not start: ${message(error)}\n`);
  process.exit(1);
}
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
process.on('SIGHUP', () => {
  try {
    relay.reload();
  } catch (error) {
    // The codes in force stay in force; the operator sees why the new ones did not load.
    process.stderr.write(`creation codes not reloaded: ${message(error)}\n`);
  }
});
