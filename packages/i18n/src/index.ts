/**
 * Secure Base's words in each partner's own language: the catalogs (English, German, Spanish),
 * a translator per language (i18next, plurals through Intl.PluralRules) and dates through
 * Intl.DateTimeFormat. The language is a choice on the person's own device; nothing here reads
 * or writes the shared workbook, and what partners wrote is never passed through it.
 *
 *   const t = createTranslator(languageFrom(navigator.language));
 *   t('pass.tooShort', { count: 8 });   // "Use at least 8 characters."
 */
import i18next from 'i18next';
import { de } from './catalogs/de.js';
import { en, type Catalog, type CatalogKey } from './catalogs/en.js';
import { es } from './catalogs/es.js';

export type { Catalog, CatalogKey };

export const LANGUAGES = ['en', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language in its own words, for the picker. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch', es: 'Español' };

export const CATALOGS: Record<Language, Catalog> = { en, de, es };

/** A key as code names it: plural forms (`x_one`, `x_other`) are asked for as `x` with a count. */
export type MessageKey = CatalogKey extends infer K ? (K extends `${infer Base}_${'one' | 'other'}` ? Base : K) : never;

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The supported language of a BCP 47 tag ("de-AT" → "de"), else English. */
export function languageFrom(tag: string | undefined): Language {
  const base = tag?.toLowerCase().split('-')[0];
  return isLanguage(base) ? base : 'en';
}

/** A translator for one language; a key it lacks falls back to English. */
export function createTranslator(language: Language): Translate {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: CATALOGS[l] }])),
    // Keys are flat ("panel.lock"); ":" and "." are part of them, not namespaces or paths.
    keySeparator: false,
    nsSeparator: false,
    // Preact escapes what it renders; escaping here would show "&amp;" to the person.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  const t = instance.t.bind(instance) as unknown as (key: string, values?: Record<string, string | number>) => string;
  return (key, values) => t(key, values);
}

/** A date as people of this language write it, e.g. "3. Dezember 2026". */
export function formatDate(date: Date, language: Language, options: Intl.DateTimeFormatOptions = { dateStyle: 'long' }): string {
  return new Intl.DateTimeFormat(language, options).format(date);
}
