/**
 * Secure Base's words in each partner's own language: catalogs in English, German and Spanish
 * written as ICU MessageFormat (plurals and selects inside one message, `{name}` arguments),
 * formatted by Lingui's small runtime (`@lingui/core`, with Intl.PluralRules). The language is a
 * choice on the person's own device; nothing here reads or writes the shared workbook, and what
 * partners wrote is never passed through it.
 *
 *   const words = await loadTranslator('de', ['core']);
 *   words.t('pass.tooShort', { count: 8 });   // "Verwende mindestens 8 Zeichen."
 *
 * Browser builds precompile the catalogs (build/precompile-catalogs.ts), so the message compiler
 * never ships; Node (the CLI, the tests) compiles on first use.
 */
import { setupI18n, type I18n, type Messages } from '@lingui/core';
import { AREA_LOADERS, type Area } from './areas.js';
import type { Language } from './languages.js';
import type { MessageKey } from './keys.js';

export { LANGUAGES, LANGUAGE_NAMES, formatDate, isLanguage, languageFrom, type Language } from './languages.js';
export { AREA_LOADERS, type Area } from './areas.js';
export { AREA_PARTS, type MessageKey } from './keys.js';
export type { PartOf } from './part.js';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** One language's words, growing as areas load; `t` stays the same function throughout. */
export interface Translator {
  language: Language;
  t: Translate;
  /** Areas whose words are here. */
  has: (area: Area) => boolean;
  /** Load areas not loaded yet (a no-op for those that are). */
  load: (areas: readonly Area[]) => Promise<void>;
}

const translators = new Map<Language, Translator>();

type Compiler = Parameters<I18n['setMessagesCompiler']>[0];
let runtimeCompiler: Compiler | undefined;

/**
 * Node only (the CLI): compile messages on first use even when NODE_ENV is "production", where
 * Lingui leaves its compiler out. `import { compileMessage } from '@lingui/message-utils/compileMessage'`.
 */
export function compileAtRuntime(compiler: Compiler): void {
  runtimeCompiler = compiler;
  for (const language of [...translators.keys()]) translators.delete(language);
}

/** This language's translator (one per language, shared by every screen of the page). */
export function translatorFor(language: Language): Translator {
  const known = translators.get(language);
  if (known) return known;
  const i18n: I18n = setupI18n({
    locale: language,
    messages: { [language]: {} },
    // A screen asked for words its area has not loaded (a bug the catalog tests cannot see):
    // say so where developers and the browser tests look, and show the id rather than nothing.
    missing: (locale, id) => {
      console.error(`message ${id} is not loaded for ${locale}`);
      return id;
    },
  });
  if (runtimeCompiler) i18n.setMessagesCompiler(runtimeCompiler);
  const loaded = new Set<Area>();
  const loading = new Map<Area, Promise<void>>();
  const translator: Translator = {
    language,
    t: (key, values) => i18n._(key, values),
    has: (area) => loaded.has(area),
    load: async (areas) => {
      await Promise.all(
        areas.map((area) => {
          if (loaded.has(area)) return undefined;
          let inFlight = loading.get(area);
          if (!inFlight) {
            inFlight = AREA_LOADERS[area][language]().then(
              (messages) => {
                i18n.load(language, messages as Messages);
                loaded.add(area);
                loading.delete(area);
              },
              (err: unknown) => {
                // A later call tries again (a chunk may fail offline before it was cached).
                loading.delete(area);
                throw err;
              },
            );
            loading.set(area, inFlight);
          }
          return inFlight;
        }),
      );
    },
  };
  translators.set(language, translator);
  return translator;
}

/** A translator with these areas loaded. */
export async function loadTranslator(language: Language, areas: readonly Area[]): Promise<Translator> {
  const translator = translatorFor(language);
  await translator.load(areas);
  return translator;
}
