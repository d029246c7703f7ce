/**
 * "Devices & trust" (`#/devices`): the safety number to compare with your partner, the devices
 * in the space (remove one of yours), linking another device, and the ways to your private
 * notes and to leaving the space.
 *
 *   <DevicesPage />   // inside <TrustGate>
 */
import { useContext, useState } from 'preact/hooks';
import { CodeSourceContext } from '../code-source.js';
import { useI18n } from '../i18n.js';
import { ServedAppCheck } from './served-app-check.js';
import { routeHash } from '../router.js';
import { DeviceList } from './device-list.js';
import { LinkDevicePanel } from './link-device-panel.js';
import { SafetyNumberCard } from './safety-number-card.js';
import { useTrust } from './trust-context.js';

/** The devices and trust page. */
export function DevicesPage() {
  const trust = useTrust();
  const [listVersion, setListVersion] = useState(0);
  const partner = trust.view?.partner;
  const codeSource = useContext(CodeSourceContext);
  const { t } = useI18n();

  return (
    <>
      <h1 id="trust-heading" class="section-title">
        {t('trustPages.devicesTitle')}
      </h1>
      {partner ? (
        <SafetyNumberCard partner={partner} onMarkVerified={trust.markVerified} />
      ) : (
        <section class="card" aria-labelledby="trust-no-partner">
          <h2 id="trust-no-partner">{t('trust.safetyNumber')}</h2>
          <p>{trust.view ? t('trustPages.noPartner') : t('trustPages.reading')}</p>
        </section>
      )}
      <DeviceList
        credentials={trust.credentials}
        refresh={listVersion}
        onRemoved={async (next) => {
          await trust.replaceCredentials(next);
          setListVersion((v) => v + 1);
        }}
      />
      <LinkDevicePanel credentials={trust.credentials} onLinked={() => setListVersion((v) => v + 1)} />
      {codeSource && (
        <section class="card" aria-labelledby="trust-code-h">
          <h2 id="trust-code-h">{t('trustPages.codeHeading')}</h2>
          <p data-testid="code-source">{t('trustPages.codeText', { version: codeSource.version })}</p>
          <ServedAppCheck relayUrl={trust.credentials.relayUrl} />
        </section>
      )}
      <section class="card" aria-labelledby="trust-private-h">
        <h2 id="trust-private-h">{t('trustPages.privateHeading')}</h2>
        <p>{t('trustPages.privateText')}</p>
        <a class="button-quiet" href={routeHash({ name: 'private-notes' })}>
          {t('trustPages.openPrivate')}
        </a>
      </section>
      <section class="card" aria-labelledby="trust-leave-h">
        <h2 id="trust-leave-h">{t('trustPages.leaveTitle')}</h2>
        <p>{t('trustPages.leaveText')}</p>
        <a class="button-quiet" href={routeHash({ name: 'leave' })}>
          {t('trustPages.leaveLink')}
        </a>
      </section>
    </>
  );
}
