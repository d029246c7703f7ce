/**
 * Quick-hide: a button on every screen, and the Escape key pressed twice quickly (or
 * Shift+Escape), swap the whole app for a plain "Notes" page at once. The app renders nothing
 * else while hidden, so no workbook text stays in the page; the caller also locks when a
 * passphrase is set. The neutral page is in the person's own language, as any notes page would be.
 *
 *   useQuickHideKeys(hide);
 *   <QuickHideButton onHide={hide} />
 *   if (hidden) return <NeutralPage onReturn={unhide} />;
 */
import { watchQuickHideKeys } from '@securebase/browser';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n.js';

// How many neutral pages are on screen (the app's, or a host's own): the title alone cannot
// say so, since it is in the person's language.
let neutralPages = 0;

/** True while a neutral page is shown in this tab (a host keeps it shown when the app unmounts). */
export function isNeutralPageShown(): boolean {
  return neutralPages > 0;
}

/** Listen for Escape twice quickly (nothing in between), or Shift+Escape, anywhere in the page. */
export function useQuickHideKeys(onHide: () => void): void {
  const callback = useRef(onHide);
  callback.current = onHide;
  useEffect(() => watchQuickHideKeys(window, () => callback.current()), []);
}

/** The always-visible "Quick hide" button. */
export function QuickHideButton({ onHide }: { onHide: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" class="quick-hide" onClick={onHide} title={t('shell.quickHideTitle')}>
      {t('shell.quickHide')}
    </button>
  );
}

/**
 * A page that could belong to any notes app: nothing about relationships, no links, no network.
 * "Back" returns (through the lock screen when a passphrase is set).
 */
export function NeutralPage({ onReturn }: { onReturn: () => void }) {
  const { t } = useI18n();
  const title = t('shell.neutralTitle');
  useEffect(() => {
    neutralPages += 1;
    return () => {
      neutralPages -= 1;
    };
  }, []);
  useEffect(() => {
    document.title = title;
  }, [title]);
  const shopping = t('shell.neutralShopping');
  const week = t('shell.neutralWeek');
  return (
    <main class="neutral-page">
      <h1>{title}</h1>
      <section aria-label={shopping}>
        <h2>{shopping}</h2>
        <ul>
          <li>{t('shell.neutralOatMilk')}</li>
          <li>{t('shell.neutralBread')}</li>
          <li>{t('shell.neutralTomatoes')}</li>
          <li>{t('shell.neutralBatteries')}</li>
        </ul>
      </section>
      <section aria-label={week}>
        <h2>{week}</h2>
        <ul>
          <li>{t('shell.neutralLibrary')}</li>
          <li>{t('shell.neutralPlants')}</li>
          <li>{t('shell.neutralBoiler')}</li>
        </ul>
      </section>
      <button type="button" class="neutral-back" onClick={onReturn}>
        {t('shell.neutralBack')}
      </button>
    </main>
  );
}
