#!/usr/bin/env node
/**
 * Entry point of the `securebase` command: wires the real process into `runCli`.
 *
 *   node apps/cli/dist/main.js vocab list
 */
import { runCli } from './cli.js';

const stop = new AbortController();
// The relay command runs until stopped; other commands finish on their own.
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());

const status = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  signal: stop.signal,
});
process.exitCode = status;
// Everything is closed by now, so the process ends by itself. If a socket or timer leaked
// anyway, do not leave the person's terminal hanging: the unref'd timer only fires then.
setTimeout(() => process.exit(status), 3000).unref();
