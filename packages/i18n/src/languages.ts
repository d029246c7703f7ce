/** The languages Secure Base speaks, and how a device's language tag picks one. */
export const LANGUAGES = ['en', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language in its own words, for the picker. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch', es: 'Español' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The supported language of a BCP 47 tag ("de-AT" → "de", "es_MX.UTF-8" → "es"), else English. */
export function languageFrom(tag: string | undefined): Language {
  const base = tag?.toLowerCase().split(/[-_.@]/)[0];
  return isLanguage(base) ? base : 'en';
}

/** A date as people of this language write it, e.g. "3. Dezember 2026". */
export function formatDate(date: Date, language: Language, options: Intl.DateTimeFormatOptions = { dateStyle: 'long' }): string {
  return new Intl.DateTimeFormat(language, options).format(date);
}
