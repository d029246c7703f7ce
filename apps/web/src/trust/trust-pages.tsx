/**
 * The trust pages of an open space, by route: "Devices & trust", "My private notes" and "Leave
 * the space". Private notes and leaving open the shared workbook too (sharing a note copies it
 * there; leaving offers its export first). They share the space's navigation and footer, and
 * each has a plain way back to the workbook.
 *
 *   <TrustGate …><TrustPages page="devices" /></TrustGate>
 */
import { useEffect } from 'preact/hooks';
import { useI18n, type MessageKey } from '../i18n.js';
import { routeHash, type TrustPage } from '../router.js';
import { SpaceFooter, SpaceNav } from '../shell/space-nav.js';
import { useWorkbook } from '../shell/use-workbook.js';
import { DevicesPage } from './devices-page.js';
import { LeavePage } from './leave-page.js';
import { PrivateNotesPage } from './private-notes-page.js';
import { useTrust } from './trust-context.js';

const TITLES: Record<TrustPage, MessageKey> = {
  devices: 'trustPages.devicesTitle',
  'private-notes': 'trustPages.privateTitle',
  leave: 'trustPages.leaveTitle',
};

/** One trust page, inside the space's layout. */
export function TrustPages({ page }: { page: TrustPage }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = t('trustPages.pageTitle', { page: t(TITLES[page]) });
  }, [page, t]);

  return (
    <div class="page space-layout trust-page">
      <nav class="trust-back no-print" aria-label={t('trustPages.back')}>
        <a href={routeHash({ name: 'space', section: 'vocabulary' })}>
          <span aria-hidden="true">← </span>
          {t('trustPages.backToWorkbook')}
        </a>
      </nav>
      <SpaceNav current={page} />
      <main id="main" class="space-main section" aria-labelledby="trust-heading">
        {page === 'devices' ? <DevicesPage /> : <WithWorkbook page={page} />}
      </main>
      <SpaceFooter current={page} />
    </div>
  );
}

/** The pages that need the shared workbook open. */
function WithWorkbook({ page }: { page: Exclude<TrustPage, 'devices'> }) {
  const trust = useTrust();
  const { workbook } = useWorkbook(trust.credentials, trust.store);
  return page === 'leave' ? <LeavePage workbook={workbook} /> : <PrivateNotesPage workbook={workbook} />;
}
