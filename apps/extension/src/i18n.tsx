/**
 * The panel's language: each partner's own choice on this device, kept in the extension's
 * localStorage (never in the shared workbook), defaulting to the browser's language when we ship
 * it. Components read `t` from context; `<html lang>` and the page title follow the choice.
 *
 *   <I18nProvider><QuickNoteApp … /></I18nProvider>
 *   const { t } = useI18n();  t('panel.lock')
 *   <WithName text={t('live.pausePartner', slots('partner'))} name={partner} />
 */
import { Fragment, createContext, type ComponentChild, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { LANGUAGES, LANGUAGE_NAMES, createTranslator, isLanguage, languageFrom, type Language, type Translate } from '@securebase/i18n';
import { capitalise } from '../../web/src/sections/partners.js';

/** localStorage key of this device's choice (shared by popup, side panel and workbook tab). */
export const LANGUAGE_KEY = 'securebase.language';

/** The stored choice, else the browser's language if we ship it, else English. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  return isLanguage(stored) ? stored : languageFrom(navigator.language);
}

interface I18n {
  language: Language;
  t: Translate;
  setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18n | undefined>(undefined);

/**
 * `ownsPage`: the panel's pages take the language's `lang` and title; the pinned workbook tab
 * (the web app, not translated yet) only borrows the link screen, so it leaves both alone.
 */
export function I18nProvider({ children, ownsPage = true }: { children: ComponentChildren; ownsPage?: boolean }) {
  const [language, setChosen] = useState<Language>(initialLanguage);
  const value = useMemo<I18n>(
    () => ({
      language,
      t: createTranslator(language),
      setLanguage: (next) => {
        localStorage.setItem(LANGUAGE_KEY, next);
        setChosen(next);
      },
    }),
    [language],
  );
  useEffect(() => {
    if (!ownsPage) return;
    document.documentElement.lang = language;
    document.title = value.t('panel.title');
  }, [language, value, ownsPage]);
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
 * A sentence with the partner's name (or "your partner" in this language) in its `{{partner}}`
 * slot, in <bdi>; capitalised only where it opens the sentence, since word order differs.
 */
export function WithName({ text, name }: { text: string; name: string }) {
  const opens = text.startsWith(slots('partner').partner ?? '');
  return <Words text={text} parts={{ partner: <bdi>{opens ? capitalise(name) : name}</bdi> }} />;
}

/** A translated sentence as plain text (labels, notices): its first letter capitalised. */
export const sentence = capitalise;

/** The language picker: each language named in its own words. */
export function LanguagePicker() {
  const { language, t, setLanguage } = useI18n();
  return (
    <p class="language">
      <label for="panel-language">{t('language.label')}</label>
      <select
        id="panel-language"
        value={language}
        onChange={(e) => {
          const next = (e.target as HTMLSelectElement).value;
          if (isLanguage(next)) setLanguage(next);
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
