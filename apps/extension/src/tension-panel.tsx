/**
 * "Where am I now?" in the quick-note panel: the same one-tap choices as the web app's home,
 * written to this partner's private log (private-tension.ts), with the same gentle nudge,
 * pointing at the panel's own Pause button. Mounted only while this window holds the session.
 *
 *   <TensionPanel credentials={creds} store={vault.store} />
 */
import { useEffect, useState } from 'preact/hooks';
import { SecureBaseError } from '@securebase/protocol';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { TensionChoices } from '../../web/src/home/tension-choices.js';
import { useI18n } from './i18n.js';
import { PrivateTensionLog } from './private-tension.js';

/** Moves focus to the panel's Pause button; pressing it stays the person's choice. */
function showPauseButton(): void {
  document.querySelector<HTMLButtonElement>('.live-panel button.pause')?.focus();
}

export function TensionPanel({ credentials, store }: { credentials: Credentials; store: LocalStateStore }) {
  const [log, setLog] = useState<PrivateTensionLog>();
  const [unavailable, setUnavailable] = useState(false);
  const { t } = useI18n();

  useEffect(() => {
    let opened: PrivateTensionLog;
    try {
      opened = new PrivateTensionLog(credentials, store);
    } catch (err) {
      // No private key on this device (credentials from before private documents).
      if (!(err instanceof SecureBaseError)) throw err;
      setUnavailable(true);
      return undefined;
    }
    setLog(opened);
    return () => {
      setLog(undefined);
      opened.close().catch((e: unknown) => console.warn('tension log: closing failed:', e instanceof Error ? e.name : typeof e));
    };
  }, [credentials, store]);

  return (
    <section class="tension-panel" aria-labelledby="tension-heading">
      <h2 id="tension-heading">
        {t('tension.question')} <span class="tension-badge">{t('tension.badge')}</span>
      </h2>
      {unavailable ? (
        <p class="quiet">{t('tension.unavailable')}</p>
      ) : (
        <TensionChoices
          idPrefix="panel"
          disabled={!log}
          record={(level, words) => {
            if (!log) throw new Error('the private log is not open');
            return log.record(level, words);
          }}
          pauseTools={
            <button type="button" onClick={showPauseButton}>
              {t('tension.showPause')}
            </button>
          }
          words={{
            wordsLabel: t('tension.wordsLabel'),
            tap: t('tension.tap'),
            scale: t('tension.scale'),
            level: (level) => t('tension.level', { level }),
            saved: (level) => t('tension.saved', { level }),
            nudge: t('tension.nudge'),
            suggestion: t('tension.suggestion'),
            tooLong: (max) => t('tension.tooLong', { max }),
            newerSchema: t('tension.newerSchema'),
            notSaved: t('tension.notSaved'),
          }}
        />
      )}
    </section>
  );
}
