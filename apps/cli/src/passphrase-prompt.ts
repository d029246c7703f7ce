/**
 * Typing a passphrase on a terminal without it being shown: the terminal is put in raw mode
 * for the one line, so nothing typed is echoed, and restored whatever happens. Only on a TTY;
 * scripts pass a file (--passphrase-file) or $SECUREBASE_PASSPHRASE instead.
 *
 *   const passphrase = await promptHidden(ctx, 'New passphrase: '); // undefined on Ctrl-C / Ctrl-D
 */
import type { CommandContext, TextSource } from './context.js';
import { CliError } from './errors.js';
import { t } from './words.js';

/** A TTY input stream (process.stdin on a terminal): raw mode turns echo off. */
interface RawInput extends TextSource {
  setRawMode(raw: boolean): unknown;
}

/** True when a person can be asked on this command's stdin. */
export function canPrompt(ctx: CommandContext): boolean {
  const input = ctx.io.stdin;
  return input?.isTTY === true && typeof (input as Partial<RawInput>).setRawMode === 'function';
}

/**
 * Ask on stderr and read one line from the terminal without echo. Resolves to undefined when
 * the person presses Ctrl-C or Ctrl-D on an empty line (or the command is interrupted).
 */
export async function promptHidden(ctx: CommandContext, prompt: string): Promise<string | undefined> {
  if (!canPrompt(ctx)) throw new CliError(t('cli.passphrase.noTerminal'));
  const input = ctx.io.stdin as RawInput;
  ctx.io.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  try {
    return await readHiddenLine(input, ctx.io.signal);
  } finally {
    input.setRawMode(false);
    input.pause();
    // The Enter key was not echoed either: end the prompt's line.
    ctx.io.stderr.write('\n');
  }
}

/** The line goes on (a symbol, so no typed text can be mistaken for it). */
const MORE = Symbol('more');

/** What `char` does to the line: ends it (with the answer, or undefined) or asks for more. */
function lineEnd(char: string, typed: string): string | undefined | typeof MORE {
  if (char === '\r' || char === '\n') return typed;
  if (char === '\u0003') return undefined; // Ctrl-C
  if (char === '\u0004') return typed === '' ? undefined : typed; // Ctrl-D
  return MORE;
}

function readHiddenLine(input: RawInput, signal: AbortSignal | undefined): Promise<string | undefined> {
  return new Promise<string | undefined>((done) => {
    let typed = '';
    const finish = (answer: string | undefined): void => {
      // Paused first, so input pushed back below waits for the next reader instead of flowing away.
      input.pause();
      input.off('data', onData);
      input.off('end', onEnd);
      signal?.removeEventListener('abort', onEnd);
      done(answer);
    };
    const onEnd = (): void => finish(undefined);
    const onData = (chunk: Buffer | string): void => {
      const chars = [...(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))];
      for (const [index, char] of chars.entries()) {
        const answer = lineEnd(char, typed);
        if (answer !== MORE) {
          // Typed ahead (or pasted): the rest belongs to whatever reads next.
          const rest = chars.slice(index + 1).join('');
          finish(answer);
          if (rest !== '') input.unshift(Buffer.from(rest, 'utf8'));
          return;
        }
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char === '\u0015') typed = ''; // Ctrl-U: start the line again
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
    input.once('end', onEnd);
    if (signal?.aborted) return finish(undefined);
    signal?.addEventListener('abort', onEnd, { once: true });
  });
}
