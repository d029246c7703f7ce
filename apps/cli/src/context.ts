/**
 * What every command receives: where to write, the environment, the global options and its own
 * arguments. Commands never touch `process` directly, so tests can run them in-process.
 *
 *   export async function runSync(ctx: CommandContext): Promise<void> { ctx.io.stdout.write('...\n'); }
 */
import type { GlobalOptions } from './args.js';

/** A writable text sink (process.stdout, or a buffer in tests). */
export interface TextSink {
  write(chunk: string): unknown;
}

/** A readable text source (process.stdin); `isTTY` says whether a person can answer on it. */
export interface TextSource extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

/** The outside world as the CLI sees it. */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** Where a confirmation is read from; without it (or without a TTY) nothing is asked. */
  stdin?: TextSource;
  env: Record<string, string | undefined>;
  /** Aborting stops long-running commands (the relay) cleanly; main.ts wires it to SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

export interface CommandContext {
  io: CliIo;
  /** Global options (before the command, and after it once parseCommandArgs has run). */
  globals: GlobalOptions;
  /** The arguments after the command (and sub-command) name. */
  args: string[];
}

/** Write one line to stdout. */
export function printLine(ctx: CommandContext, line: string): void {
  ctx.io.stdout.write(`${line}\n`);
}
