/**
 * "Getting help": crisis resources, and the plain statement that Secure Base supports, and does
 * not replace, therapy. Reachable from every screen, locked or not; it reads nothing from the
 * store and loads nothing from the network. The person may pick their country (never looked up
 * from where they are; the pick stays in this browser) to see its own lines; until then the
 * international guidance shows. The links are ordinary links with no referrer, opened only if the
 * person chooses to.
 *
 *   <HelpPage />   // route #/help
 */
import type { ComponentChild } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { slots, useI18n, Words, type Translate } from '../i18n.js';
import { CodeSigningLine } from './code-update-notice.js';
import { CRISIS_COUNTRIES, CRISIS_LINES, isCrisisCountry, type CrisisCountry, type Helpline } from './crisis-lines.js';

/** localStorage key of the person's country pick (this browser only, never synced). */
export const HELP_COUNTRY_KEY = 'securebase.helpCountry';

function storedCountry(): CrisisCountry | undefined {
  try {
    const stored = localStorage.getItem(HELP_COUNTRY_KEY);
    return isCrisisCountry(stored) ? stored : undefined;
  } catch {
    // Storage can be off (some private modes): the page starts with the international guidance.
    return undefined;
  }
}

function keepCountry(country: CrisisCountry | undefined): void {
  try {
    if (country) localStorage.setItem(HELP_COUNTRY_KEY, country);
    else localStorage.removeItem(HELP_COUNTRY_KEY);
  } catch {
    // Not kept for the next visit; this page still shows the pick.
  }
}

const FIND_A_HELPLINE = (
  <a href="https://findahelpline.com" target="_blank" rel="noreferrer noopener">
    findahelpline.com
  </a>
);

/** Countries by name in this language (a name unknown to the browser shows its code). */
function countryNames(language: string): { code: CrisisCountry; name: string }[] {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([language], { type: 'region' });
  } catch {
    // An older browser without DisplayNames: the codes still tell the countries apart.
    names = undefined;
  }
  const collator = new Intl.Collator(language);
  return CRISIS_COUNTRIES.map((code) => ({ code, name: names?.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
}

/** One service: its numbers (in bold, "or" between them) and what it is. */
function HelplineItem({ line, language, t }: { line: Helpline; language: string; t: Translate }) {
  const numbers = line.dial.map((d) => (d.area ? `${d.number} (${d.area})` : d.number));
  const parts = new Intl.ListFormat(language, { type: 'disjunction' }).formatToParts(numbers);
  return (
    <li>
      {parts.map((part, i) => (part.type === 'element' ? <strong key={i}>{part.value}</strong> : part.value))} {t(line.service, line.values)}
    </li>
  );
}

/** A message with one number in bold in its `{n}` slot. */
function numbered(text: string, number: string): ComponentChild {
  return <Words text={text} parts={{ n: <strong>{number}</strong> }} />;
}

/** The whole help page. */
export function HelpPage() {
  const { t, language } = useI18n();
  const [country, setCountry] = useState<CrisisCountry | undefined>(storedCountry);
  const countries = useMemo(() => countryNames(language), [language]);
  const lines = country ? CRISIS_LINES[country] : undefined;
  const n = slots('n');

  return (
    <main id="main" class="page narrow help-page">
      <h1 class="title">{t('shell.gettingHelp')}</h1>
      <p class="lead">{t('pages.helpLead')}</p>
      <div class="field">
        <label for="help-country">{t('pages.helpCountryLabel')}</label>
        <select
          id="help-country"
          value={country ?? ''}
          aria-describedby="help-country-hint"
          onChange={(e) => {
            const value = e.currentTarget.value;
            const next = isCrisisCountry(value) ? value : undefined;
            setCountry(next);
            keepCountry(next);
          }}
        >
          <option value="">{t('pages.helpCountryChoose')}</option>
          {countries.map(({ code, name }) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
        <p class="hint" id="help-country-hint">
          {t('pages.helpCountryHint')}
        </p>
      </div>
      <section class="card help-urgent" aria-labelledby="help-emergency">
        <h2 id="help-emergency">{t('pages.helpEmergency')}</h2>
        <ul class="help-numbers">
          {lines ? (
            lines.emergency.map((line, i) => <HelplineItem key={i} line={line} language={language} t={t} />)
          ) : (
            <>
              <li>{numbered(t('pages.help112', n), '112')}</li>
              <li>{numbered(t('pages.help911', n), '911')}</li>
              <li>{numbered(t('pages.help999', n), '999')}</li>
              <li>
                <Words text={t('pages.help000', slots('au', 'nz'))} parts={{ au: <strong>000</strong>, nz: <strong>111</strong> }} />
              </li>
            </>
          )}
        </ul>
      </section>

      <section class="card" aria-labelledby="help-crisis">
        <h2 id="help-crisis">{t('pages.helpCrisisTitle')}</h2>
        <p>{t('pages.helpCrisisText')}</p>
        <ul>
          {lines ? (
            lines.crisis.map((line, i) => <HelplineItem key={i} line={line} language={language} t={t} />)
          ) : (
            <>
              <li>{numbered(t('pages.help988', n), '988')}</li>
              <li>{numbered(t('pages.helpSamaritans', n), '116 123')}</li>
            </>
          )}
          <li>
            <Words text={t('pages.helpElsewhere', slots('link'))} parts={{ link: FIND_A_HELPLINE }} />
          </li>
        </ul>
      </section>

      <section class="card" aria-labelledby="help-afraid">
        <h2 id="help-afraid">{t('pages.helpAfraidTitle')}</h2>
        <p>{t('pages.helpAfraidText')}</p>
        <ul>
          {lines ? (
            lines.abuse.map((line, i) => <HelplineItem key={i} line={line} language={language} t={t} />)
          ) : (
            <>
              <li>{numbered(t('pages.helpUsAbuse', { ...n, keyword: 'START', short: '88788' }), '1-800-799-7233')}</li>
              <li>{numbered(t('pages.helpGbAbuse', n), '0808 2000 247')}</li>
            </>
          )}
          <li>{t('pages.helpAfraidElsewhere')}</li>
        </ul>
        <p>
          <Words text={t('pages.helpQuickHide', slots('hide'))} parts={{ hide: <strong>{t('shell.quickHide')}</strong> }} />
        </p>
      </section>

      <section class="card" aria-labelledby="help-therapy">
        <h2 id="help-therapy">{t('pages.helpTherapyTitle')}</h2>
        <p>{t('pages.helpTherapyText')}</p>
        <p>{t('pages.helpLeave', { place: t('shell.navExport') })}</p>
      </section>
      <section class="card" aria-labelledby="help-code">
        <h2 id="help-code">{t('pages.helpCodeTitle')}</h2>
        <p>{t('pages.helpCodeChecked')}</p>
        <p>
          <Words text={t('pages.helpCodeFirstVisit', slots('cli'))} parts={{ cli: <code>securebase</code> }} />
        </p>
        <CodeSigningLine />
      </section>
      <p class="fine-print">{t('pages.helpOffline')}</p>
    </main>
  );
}
