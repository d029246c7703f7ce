/**
 * Asking the person to confirm something that cannot be undone. Only asks on a terminal: a
 * script or a pipe must say so explicitly (for example `--yes`), so nothing is ever confirmed
 * by accident from whatever happens to be on stdin.
 *
 *   if (!(await confirmOnTerminal(ctx, 'Type "leave" to leave the space: ', 'leave', 'securebase leave --yes'))) return;
 */
import { createInterface } from 'node:readline';
import type { CommandContext } from './context.js';
import { CliError } from './errors.js';
import { t } from './words.js';

/**
 * Ask on stderr and read one line from stdin; true only when the answer is `expected`.
 * Without a terminal, fails with a one-line error that names `nonInteractive`.
 */
export async function confirmOnTerminal(
  ctx: CommandContext,
  prompt: string,
  expected: string,
  nonInteractive: string,
): Promise<boolean> {
  const input = ctx.io.stdin;
  if (!input?.isTTY) {
    throw new CliError(t('cli.confirm.noTerminal', { command: nonInteractive }));
  }
  ctx.io.stderr.write(prompt);
  const answer = await readOneLine(input, ctx.io.signal);
  return answer !== undefined && answer.trim().toLowerCase() === expected;
}

/** The next line typed, or undefined at end of input or on Ctrl-C. */
function readOneLine(input: NodeJS.ReadableStream, signal: AbortSignal | undefined): Promise<string | undefined> {
  const lines = createInterface({ input, terminal: false });
  return new Promise<string | undefined>((done) => {
    let finished = false;
    const finish = (answer: string | undefined): void => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      lines.close();
      done(answer);
    };
    const onAbort = (): void => finish(undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    lines.once('line', (line) => finish(line));
    lines.once('close', () => finish(undefined));
  });
}
