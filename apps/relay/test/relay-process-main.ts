/**
 * A relay in its own Node process for tests that measure the relay itself (RSS, CPU time): the
 * test's own sockets and crypto must not count. Started by relay-process.ts with the `source`
 * condition, so it runs the TypeScript sources like every other test.
 *
 *   node --conditions=source --import tsx relay-process-main.ts '{"dataDir":"/tmp/x","limits":{}}'
 *   // prints one line: {"url":"http://127.0.0.1:PORT"}
 */
import { startRelay } from '../src/node.js';
import type { RelayLimits } from '../src/limits.js';

const options = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; limits?: Partial<RelayLimits> };
const relay = await startRelay({ port: 0, dataDir: options.dataDir, webRoot: `${options.dataDir}/no-web-app`, limits: options.limits });
process.stdout.write(`${JSON.stringify({ url: relay.url })}\n`);
process.once('SIGTERM', () => {
  void relay.close().then(() => process.exit(0));
});
