/**
 * Where a profile's passphrase comes from, and the one error line for a locked profile.
 * A command reads it from `--passphrase-file FILE` (first line of the file) or from
 * $SECUREBASE_PASSPHRASE; the passphrase itself never appears in any message.
 *
 *   const given = await givenPassphrase(ctx);        // undefined when neither is set
 *   throw new LocalStoreLockedError(given?.source);  // missing (no source) or wrong
 */
import { readFile } from 'node:fs/promises';
import { ERRORS } from '@securebase/protocol';
import type { CommandContext } from './context.js';
import { CliError, UsageError } from './errors.js';

/** The environment variable a passphrase may come from. */
export const PASSPHRASE_ENV = 'SECUREBASE_PASSPHRASE';

/** Longer than any passphrase a person types: a file this big is the wrong file. */
const MAX_PASSPHRASE_CHARS = 1024;

/** A passphrase and where it came from (for the error line: never the passphrase itself). */
export interface GivenPassphrase {
  passphrase: string;
  source: string;
}

/** The profile's data is locked and the passphrase was missing or wrong. */
export class LocalStoreLockedError extends CliError {
  constructor(source: string | undefined) {
    const how =
      source === undefined
        ? `This profile has a passphrase: set ${PASSPHRASE_ENV} or pass --passphrase-file FILE.`
        : `The passphrase from ${source} is not the right one.`;
    super(`${ERRORS['local-store-locked'].message} [local-store-locked] ${how}`);
    this.name = 'LocalStoreLockedError';
  }
}

/** The passphrase for this run: --passphrase-file first, else $SECUREBASE_PASSPHRASE, else none. */
export async function givenPassphrase(ctx: CommandContext): Promise<GivenPassphrase | undefined> {
  if (ctx.globals.passphraseFile !== undefined) {
    return { passphrase: await readPassphraseFile(ctx.globals.passphraseFile, '--passphrase-file'), source: '--passphrase-file' };
  }
  const fromEnv = ctx.io.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { passphrase: fromEnv, source: PASSPHRASE_ENV };
  return undefined;
}

/** The first line of `path` (one trailing newline dropped); `flag` names the option in errors. */
export async function readPassphraseFile(path: string, flag: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
    if (code === undefined) throw err;
    throw new CliError(`could not read the passphrase file given with ${flag} (${code}).`);
  }
  const passphrase = text.replace(/\r?\n$/, '');
  if (passphrase.length === 0) throw new UsageError(`the passphrase file given with ${flag} is empty.`);
  if (passphrase.length > MAX_PASSPHRASE_CHARS || /[\r\n]/.test(passphrase)) {
    throw new UsageError(`the passphrase file given with ${flag} must hold one line (the passphrase) and nothing else.`);
  }
  return passphrase;
}
