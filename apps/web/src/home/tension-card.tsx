/**
 * The home's private tension card: "Where am I now?" as one-tap choices, recorded into this
 * partner's private workbook (only their devices hold its key), with the nudge towards the
 * pause bar's tools when the entry is at or above the level they chose. The trend, the nudge
 * level and the shareable summary load only when "My trend" is opened (tension-trend.tsx).
 *
 *   <TensionCard workbook={wb} me={me} credentials={creds} store={store} />
 */
import { useState } from 'preact/hooks';
import type { PartnerId, Workbook } from '@securebase/model';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { useI18n } from '../i18n.js';
import { partnerName } from '../sections/partners.js';
import { usePrivateWorkbook } from '../sections/use-private-workbook.js';
import { lazyScreen } from '../shell/lazy-screen.js';
import { TensionChoices, recordTension } from './tension-choices.js';
import { TENSION_WORDS } from './tension-words.js';
import './tension.css';

// Not needed to record an entry: its code loads when the person opens their trend.
const TensionTrendView = lazyScreen(() => import('./tension-trend.js').then((m) => m.TensionTrendView), 'pages');

interface Props {
  workbook: Workbook;
  me: PartnerId;
  credentials: Credentials;
  store: LocalStateStore;
}

/** Moves focus to the pause bar's Pause button (pressing it stays the person's choice). */
function showPauseButton(): void {
  const button = document.querySelector<HTMLButtonElement>('.live-bar .pause-button');
  button?.scrollIntoView({ block: 'center' });
  button?.focus();
}

/** Opens the "Breathe together" chooser of the pause bar. */
function showBreathe(): void {
  const starter = document.querySelector<HTMLDetailsElement>('.live-bar .breathe-starter');
  if (!starter) return;
  starter.open = true;
  starter.scrollIntoView({ block: 'center' });
  starter.querySelector('summary')?.focus();
}

/** The card. */
export function TensionCard({ workbook, me, credentials, store }: Props) {
  const priv = usePrivateWorkbook(credentials, store);
  const [showTrend, setShowTrend] = useState(false);
  const ready = priv.kind === 'ready' ? priv : undefined;
  const { t } = useI18n();
  return (
    <section class="card home-card tension-card" aria-labelledby="home-tension-heading">
      <h3 id="home-tension-heading">
        {t(TENSION_WORDS.question)} <span class="tension-badge">{t(TENSION_WORDS.badge)}</span>
      </h3>
      <p class="hint">{t(TENSION_WORDS.privacy)}</p>
      {priv.kind === 'unavailable' ? (
        <p class="hint">{priv.message}</p>
      ) : (
        <TensionChoices
          idPrefix="home"
          disabled={!ready}
          record={(level, words) => {
            if (!ready) throw new Error('the private workbook is not open');
            return recordTension(ready.workbook, level, words);
          }}
          pauseTools={
            <>
              <button type="button" class="button-quiet" onClick={showPauseButton}>
                {t('home.showPause')}
              </button>
              <button type="button" class="button-quiet" onClick={showBreathe}>
                {t('home.breatheTogether')}
              </button>
            </>
          }
        />
      )}
      {ready && (
        <button type="button" class="button-quiet tension-trend-toggle" aria-expanded={showTrend} onClick={() => setShowTrend(!showTrend)}>
          {showTrend ? t('home.hideTrend') : t('home.myTrend')}
        </button>
      )}
      {ready && showTrend && (
        <TensionTrendView log={ready.workbook} workbook={workbook} me={me} partner={partnerName(workbook, me, t)} revision={ready.revision} />
      )}
    </section>
  );
}
