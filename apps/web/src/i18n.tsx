/**
 * Each person's language on their own device: the choice lives in this browser's localStorage
 * (never in the shared workbook, never synced), defaults to the browser's language when we ship
 * it, and sets `<html lang>`. Components read `t` from context; words load by area
 * (`@securebase/i18n`), and a change of language loads the new language's areas first, so no
 * screen ever shows a key.
 *
 *   <I18nProvider translator={await startingTranslator(['core'])}>…</I18nProvider>
 *   const { t } = useI18n();  t('language.label')
 *   <WithName text={t('live.pausePartner', slots('partner'))} name={partner} />
 */
import { Fragment, createContext, type ComponentChild, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import {
  LANGUAGES,
  LANGUAGE_NAMES,
  isLanguage,
  languageFrom,
  loadTranslator,
  type Area,
  type Language,
  type MessageKey,
  type Translate,
  type Translator,
} from '@securebase/i18n';
import { capitalise } from './sections/partners.js';

export type { Translate, MessageKey };

/** localStorage key of this device's choice (in the extension: shared by all its pages). */
export const LANGUAGE_KEY = 'securebase.language';

/** The stored choice, else the browser's language if we ship it, else English. */
export function initialLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(LANGUAGE_KEY);
  } catch {
    // Storage can be off (some private modes); the browser's language still applies.
  }
  return isLanguage(stored) ? stored : languageFrom(navigator.language);
}

/** This device's language with these areas loaded; English if that language's words cannot load. */
export async function startingTranslator(areas: readonly Area[]): Promise<Translator> {
  const language = initialLanguage();
  try {
    return await loadTranslator(language, areas);
  } catch {
    return loadTranslator('en', areas);
  }
}

interface I18n {
  language: Language;
  t: Translate;
  /** Switch language once its words for every area loaded so far are here. */
  setLanguage: (language: Language) => Promise<void>;
  /** Make sure an area's words are here (lazy screens call it before they render). */
  loadArea: (area: Area) => Promise<void>;
}

const I18nContext = createContext<I18n | undefined>(undefined);

/**
 * `title`: the page's title in this language (a page of its own); left out, the page keeps its
 * title (the quick-hide switch sets a neutral one of its own).
 */
export function I18nProvider({ children, translator: first, areas, title }: { children: ComponentChildren; translator: Translator; areas: readonly Area[]; title?: MessageKey }) {
  const [translator, setTranslator] = useState(first);
  const [loadedAreas] = useState(() => new Set<Area>(areas));
  const value = useMemo<I18n>(
    () => ({
      language: translator.language,
      t: translator.t,
      setLanguage: async (next) => {
        const nextTranslator = await loadTranslator(next, [...loadedAreas]);
        try {
          localStorage.setItem(LANGUAGE_KEY, next);
        } catch {
          // Not kept across visits, but this page still changes.
        }
        setTranslator(nextTranslator);
      },
      loadArea: async (area) => {
        loadedAreas.add(area);
        await translator.load([area]);
      },
    }),
    [translator, loadedAreas],
  );
  useEffect(() => {
    document.documentElement.lang = translator.language;
    if (title) document.title = translator.t(title);
  }, [translator, title]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n: render inside <I18nProvider>');
  return i18n;
}

/**
 * A message kept in state and put into words at render time, so switching the language also
 * changes a notice already on screen.
 */
export type Said = (t: Translate) => string;

// Private-use characters mark where an element goes; no catalog or name contains them.
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** Interpolation values that mark slots for `<Words>`: slots('partner') → { partner: marker }. */
export function slots(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, `${OPEN}${name}${CLOSE}`]));
}

/** A translated sentence with elements in its slots (a name in <bdi>, a command in <code>). */
export function Words({ text, parts }: { text: string; parts: Record<string, ComponentChild> }) {
  const pieces = text.split(new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`));
  return <>{pieces.map((piece, i) => <Fragment key={i}>{i % 2 === 1 ? parts[piece] : piece}</Fragment>)}</>;
}

/**
 * A sentence with the partner's name (or "your partner" in this language) in its `{partner}`
 * slot, in <bdi>; capitalised only where it opens the sentence, since word order differs.
 */
export function WithName({ text, name }: { text: string; name: string }) {
  const opens = text.startsWith(slots('partner').partner ?? '');
  return <Words text={text} parts={{ partner: <bdi>{opens ? capitalise(name) : name}</bdi> }} />;
}

/** A translated sentence as plain text (labels, notices): its first letter capitalised. */
export const sentence = capitalise;

/** The language picker: each language named in its own words. */
export function LanguagePicker({ id = 'language-choice' }: { id?: string }) {
  const { language, t, setLanguage } = useI18n();
  return (
    <p class="language">
      <label for={id}>{t('language.label')}</label>
      <select
        id={id}
        value={language}
        onChange={(e) => {
          const next = (e.target as HTMLSelectElement).value;
          if (isLanguage(next)) void setLanguage(next);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </p>
  );
}
