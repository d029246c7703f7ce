/**
 * A relay node in its own process, started with options main.ts has no flags for (limits a test
 * raises, such as the frame rate of a race). Started by relay-node-process.ts with the `source`
 * condition, so it runs the TypeScript sources; it prints the same ready line as main.ts.
 *
 *   node --conditions=source --import tsx relay-node-main.ts '{"databaseUrl":"postgres://…","limits":{}}'
 *   // Secure Base relay listening on http://127.0.0.1:PORT
 */
import { startRelay, type StartRelayOptions } from '../src/node.js';

const options = JSON.parse(process.argv[2] ?? '{}') as Omit<StartRelayOptions, 'log' | 'now'>;
const relay = await startRelay({ ...options, port: 0, log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`Secure Base relay listening on ${relay.url}\n`);
process.once('SIGTERM', () => {
  void relay.close().then(() => process.exit(0));
});
