/**
 * The help text, kept in one place so `--help`, `help` and usage errors agree; in the CLI's
 * language (words.ts). Command names, options and their placeholders stay as typed.
 *
 *   io.stdout.write(usage());
 */
import { t } from './words.js';

/** The whole help text. */
export function usage(): string {
  return t('cli.help');
}

/** The one line that points to the help. */
export function usageHint(): string {
  return t('cli.run.hint');
}
