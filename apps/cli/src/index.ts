/**
 * @securebase/cli — the `securebase` command-line client as a library, so tests and other tools
 * can run it in-process and reuse its file-backed state store.
 *
 *   import { runCli } from '@securebase/cli';
 *   const status = await runCli(['export'], { stdout: process.stdout, stderr: process.stderr, env: process.env });
 */
export { runCli } from './cli.js';
export type { CliIo, TextSink } from './context.js';
export { FileStateStore, keyToFileName } from './file-store.js';
export { resolveProfileDir } from './profile.js';
export { UsageError, CliError, RelayUnreachableError, EXIT_USAGE, EXIT_FAILURE } from './errors.js';
