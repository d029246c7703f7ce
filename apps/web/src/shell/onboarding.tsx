/**
 * First-run onboarding: in plain words, what stays private to you, what you share with your
 * partner, and what the relay can and cannot see, plus where the safety tools are. Shown at the
 * top of the space until "Got it", then never again in this browser (the flag lives in the
 * encrypted local store).
 *
 *   const onboarding = useOnboarding(store);
 *   {onboarding.show && <Onboarding onDone={onboarding.done} />}
 */
import { useEffect, useState } from 'preact/hooks';
import type { LocalStateStore } from '@securebase/sync';
import { slots, useI18n, Words } from '../i18n.js';

const SEEN_KEY = 'web/onboarding-seen';

/** Whether to show onboarding, and the action that dismisses it for good. */
export function useOnboarding(store: LocalStateStore): { show: boolean; done: () => void } {
  const [show, setShow] = useState(false);
  useEffect(() => {
    let live = true;
    store.get(SEEN_KEY).then(
      (seen) => {
        if (live) setShow(seen === undefined);
      },
      (err: unknown) => {
        // Unreadable flag: showing onboarding again is the harmless choice; keep the fault visible.
        console.warn('onboarding flag unreadable:', err instanceof Error ? err.name : typeof err);
        if (live) setShow(true);
      },
    );
    return () => {
      live = false;
    };
  }, [store]);
  const done = (): void => {
    setShow(false);
    void store.set(SEEN_KEY, new Uint8Array([1])).catch((err: unknown) => {
      console.warn('onboarding flag not saved:', err instanceof Error ? err.name : typeof err);
    });
  };
  return { show, done };
}

/** The onboarding card. */
export function Onboarding({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  return (
    <section class="card onboarding" aria-labelledby="onboarding-heading">
      <h2 id="onboarding-heading">{t('shell.onboardingTitle')}</h2>
      <div class="onboarding-grid">
        <div>
          <h3>{t('shell.onboardingPrivate')}</h3>
          <p>{t('shell.onboardingPrivateText')}</p>
        </div>
        <div>
          <h3>{t('shell.onboardingShared')}</h3>
          <p>{t('shell.onboardingSharedText')}</p>
        </div>
        <div>
          <h3>{t('shell.onboardingRelay')}</h3>
          <p>{t('shell.onboardingRelayText')}</p>
        </div>
      </div>
      <p>
        <Words
          text={t('shell.onboardingSafety', slots('lead', 'hide', 'settings', 'help'))}
          parts={{
            lead: <strong>{t('shell.onboardingSafetyLead')}</strong>,
            hide: <em>{t('shell.quickHide')}</em>,
            settings: <em>{t('shell.navSettings')}</em>,
            help: <em>{t('shell.gettingHelp')}</em>,
          }}
        />
      </p>
      <button type="button" class="button-primary" onClick={onDone}>
        {t('shell.onboardingDone')}
      </button>
    </section>
  );
}
