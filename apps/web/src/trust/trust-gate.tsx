/**
 * Wraps every screen of an open space with what trust needs: it watches the membership chain
 * (new keys, a rotation after the partner left, this device being removed), shows the removed
 * screen instead of the space when this device is out, and above every screen the notices a
 * person must see: a changed safety number (until acknowledged), the partner having left, and
 * once after pairing, the safety number to compare. A slim strip shows whether the partner is
 * verified (and links to the comparison while they are not).
 *
 *   <TrustGate credentials={creds} store={store} onCredentials={setCredentials}>
 *     <SpaceShell … />
 *   </TrustGate>
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { saveCredentials } from '../credentials-storage.js';
import { useI18n } from '../i18n.js';
import { routeHash } from '../router.js';
import { lazyScreen } from '../shell/lazy-screen.js';
import { CarriedVerification } from './carried-verification.js';
import { trustFlagKeys } from './linked-device.js';
import { trustStoreFor } from './membership-check.js';
import { SafetyNumberCard } from './safety-number-card.js';
import { TrustContext, type TrustContextValue } from './trust-context.js';
import { useMembershipWatch } from './use-membership-watch.js';
import './trust.css';

interface Props {
  credentials: Credentials;
  store: LocalStateStore;
  /** Use these credentials from now on (already saved). */
  onCredentials: (next: Credentials) => void;
  /** On the trust pages themselves: no pairing prompt and no strip (the page shows both). */
  onTrustPage?: boolean;
  children: ComponentChildren;
}

// Shown once a device is out of the space: rare, and the device is online to learn it.
const RemovedScreen = lazyScreen(() => import('./removed-screen.js').then((m) => m.RemovedScreen), 'pages');
// Told once each, so their code and words load when there is something to tell.
const TrustNotice = lazyScreen(() => import('./trust-notices.js').then((m) => m.TrustNotice), 'pages');

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The gate around an open space. */
export function TrustGate({ credentials, store, onCredentials, onTrustPage = false, children }: Props) {
  const watch = useMembershipWatch(credentials, store, onCredentials);
  const keys = trustFlagKeys(credentials.spaceId);
  const [promptDone, setPromptDone] = useState(true);
  const [leftSeen, setLeftSeen] = useState<number>();
  const [linkedNotice, setLinkedNotice] = useState(false);
  // Until the private document was read, a mark from another of my devices may still arrive.
  const [carryChecked, setCarryChecked] = useState(false);
  const onCarryChecked = useCallback(() => setCarryChecked(true), []);
  const { t } = useI18n();

  useEffect(() => {
    let live = true;
    void Promise.all([store.get(keys.promptDone), store.get(keys.leftSeen), store.get(keys.linkedNotice)]).then(
      ([done, seen, linked]) => {
        if (!live) return;
        setPromptDone(done !== undefined);
        setLeftSeen(seen ? Number(decoder.decode(seen)) : undefined);
        setLinkedNotice(linked !== undefined);
      },
    );
    return () => {
      live = false;
    };
  }, [store, keys.promptDone, keys.leftSeen, keys.linkedNotice]);

  const { view, problem, recheck } = watch;
  const finishPrompt = useCallback(async (): Promise<void> => {
    await store.set(keys.promptDone, encoder.encode('1'));
    setPromptDone(true);
  }, [store, keys.promptDone]);

  const value = useMemo<TrustContextValue>(
    () => ({
      credentials,
      store,
      view,
      problem,
      recheck,
      async replaceCredentials(next) {
        await saveCredentials(store, next);
        onCredentials(next);
      },
      adoptCredentials: onCredentials,
      async markVerified() {
        const partner = view?.partner;
        if (!partner) return;
        // CarriedVerification then writes it into the private document, for my other devices.
        await trustStoreFor(store, credentials).markVerified(partner.identityKey);
        await finishPrompt();
        await recheck();
      },
      async acknowledgeChange() {
        await trustStoreFor(store, credentials).acknowledgeChange();
        await recheck();
      },
    }),
    [credentials, store, view, problem, recheck, onCredentials, finishPrompt],
  );

  if (view?.removed) return <RemovedScreen reason={view.removed} />;

  const partner = view?.partner;
  const leftAt = view?.partnerLeftAt;
  const showLeft = leftAt !== undefined && leftAt !== leftSeen;
  const showPrompt = !onTrustPage && partner !== undefined && partner.status === 'unverified' && !promptDone;
  const dismissLinked = async (): Promise<void> => {
    await store.delete(keys.linkedNotice);
    setLinkedNotice(false);
  };
  const dismissLeft = async (): Promise<void> => {
    if (leftAt === undefined) return;
    await store.set(keys.leftSeen, encoder.encode(String(leftAt)));
    setLeftSeen(leftAt);
  };

  return (
    <TrustContext.Provider value={value}>
      <div class="trust-notices no-print">
        {partner?.status === 'changed' && <IdentityChangedBanner onAcknowledge={value.acknowledgeChange} />}
        {showLeft && <TrustNotice kind="partner-left" onDismiss={dismissLeft} />}
        {linkedNotice && !onTrustPage && <TrustNotice kind="linked" onDismiss={dismissLinked} />}
        {problem && (
          <p class="trust-alert" role="alert">
            {problem}
          </p>
        )}
        {showPrompt && (
          <SafetyNumberCard partner={partner} onMarkVerified={value.markVerified} title={t('trust.promptTitle')}>
            <button type="button" class="button-quiet" onClick={() => void finishPrompt()}>
              {t('home.later')}
            </button>
          </SafetyNumberCard>
        )}
        {!onTrustPage && <TrustStrip status={partner?.status} offerCompare={!showPrompt && carryChecked} />}
      </div>
      <CarriedVerification onChecked={onCarryChecked} />
      {children}
    </TrustContext.Provider>
  );
}

/** Prominent until acknowledged: the partner's identity is not the one this person verified. */
function IdentityChangedBanner({ onAcknowledge }: { onAcknowledge: () => Promise<void> }) {
  const { t } = useI18n();
  return (
    <section class="trust-alert trust-changed" role="alert" aria-labelledby="trust-changed-h">
      <h2 id="trust-changed-h">{t('trust.changedHeading')}</h2>
      <p>{t('trust.changedText')}</p>
      <div class="card-actions">
        <a class="button-primary" href={routeHash({ name: 'devices' })}>
          {t('trust.compare')}
        </a>
        <button type="button" class="button-quiet" onClick={() => void onAcknowledge()}>
          {t('trust.understand')}
        </button>
      </div>
    </section>
  );
}

/**
 * The partner's verification at a glance. "Devices & trust" itself is in the navigation; while
 * not verified, this offers the comparison (a changed number has its own banner and link).
 */
function TrustStrip({
  status,
  offerCompare,
}: {
  status: 'unverified' | 'verified' | 'changed' | undefined;
  /** False while the pairing prompt (which is the comparison) is showing. */
  offerCompare: boolean;
}) {
  const { t } = useI18n();
  if (status === undefined) return null;
  return (
    <p class="trust-strip">
      <span class={`trust-state trust-state-${status}`}>
        {status === 'verified' ? t('trust.partnerVerified') : t('trust.partnerNotVerified')}
      </span>
      {status === 'unverified' && offerCompare && <a href={routeHash({ name: 'devices' })}>{t('trust.compare')}</a>}
    </p>
  );
}
