/**
 * The CLI's words in the person's language: `--lang en|de|es`, else SECUREBASE_LANG, else the
 * locale (LC_ALL, LC_MESSAGES, LANG: "de_DE.UTF-8" → German), else English. One command runs
 * per process, so the language is chosen once, before the command starts, and every message
 * (help, prompts, confirmations, errors) reads it here instead of carrying a translator through
 * every function. Machine output (JSON, ids, codes) never goes through it.
 *
 *   await speak(chooseLanguage(argv, env).language);
 *   printLine(ctx, t('cli.sync.upToDate'));
 */
import { compileMessage } from '@lingui/message-utils/compileMessage';
import { LANGUAGES, compileAtRuntime, isLanguage, languageFrom, loadTranslator, type Language, type Translate, type Translator } from '@securebase/i18n';

export type { Language, Translate };

let words: Translator | undefined;
let compiling = false;

/** Load the `cli` words of `language`; every `t` after this speaks it. */
export async function speak(language: Language): Promise<void> {
  if (!compiling) {
    // Node has no precompiled catalogs: Lingui compiles each message on first use.
    compileAtRuntime(compileMessage);
    compiling = true;
  }
  words = await loadTranslator(language, ['cli']);
}

/** The language `speak` loaded (English before it ran): for Intl, which needs it by name. */
export function spokenLanguage(): Language {
  return words?.language ?? 'en';
}

/** One message in the chosen language (`speak` must have run: a missing call is a bug, not a key on screen). */
export const t: Translate = (key, values) => {
  if (!words) throw new Error('the CLI words were used before speak() loaded them');
  return words.t(key, values);
};

/** What the command line and environment ask for; `refused` is a `--lang` value we do not speak. */
export interface LanguageChoice {
  language: Language;
  refused?: string;
}

/**
 * `--lang X` / `--lang=X` among the options (the last one wins; nothing after "--" counts),
 * else the environment. A refused value leaves the environment's language to say so in.
 */
export function chooseLanguage(argv: readonly string[], env: Record<string, string | undefined>): LanguageChoice {
  const fromEnv = environmentLanguage(env);
  let given: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') break;
    if (token === '--lang') given = argv[++i] ?? '';
    else if (token.startsWith('--lang=')) given = token.slice('--lang='.length);
  }
  if (given === undefined) return { language: fromEnv };
  return isLanguage(given) ? { language: given } : { language: fromEnv, refused: given };
}

/** SECUREBASE_LANG if we speak it, else the first locale variable set (POSIX order), else English. */
function environmentLanguage(env: Record<string, string | undefined>): Language {
  const own = env.SECUREBASE_LANG?.trim().toLowerCase();
  if (isLanguage(own)) return own;
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  return languageFrom(locale);
}

/** The languages `--lang` accepts, for its usage error. */
export const LANGUAGE_CHOICES: readonly string[] = LANGUAGES;
