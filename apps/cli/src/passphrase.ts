/**
 * Where a profile's passphrase comes from, and the one error line for a locked profile.
 * A command reads it from `--passphrase-file FILE` (first line of the file) or from
 * $SECUREBASE_PASSPHRASE; the passphrase itself never appears in any message.
 *
 *   const given = await givenPassphrase(ctx);        // undefined when neither is set
 *   throw new LocalStoreLockedError(given?.source);  // missing (no source) or wrong
 */
import { readFile } from 'node:fs/promises';
import type { CommandContext } from './context.js';
import { describeCode } from './error-codes.js';
import { CliError, UsageError } from './errors.js';
import { t } from './words.js';

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
        ? t('cli.passphrase.needed', { env: PASSPHRASE_ENV })
        : t('cli.passphrase.wrong', { source });
    super(`${describeCode('local-store-locked')} [local-store-locked] ${how}`);
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
    throw new CliError(t('cli.passphrase.unreadable', { flag, code }));
  }
  const passphrase = text.replace(/\r?\n$/, '');
  if (passphrase.length === 0) throw new UsageError(t('cli.passphrase.emptyFile', { flag }));
  if (passphrase.length > MAX_PASSPHRASE_CHARS || /[\r\n]/.test(passphrase)) {
    throw new UsageError(t('cli.passphrase.oneLine', { flag }));
  }
  return passphrase;
}
