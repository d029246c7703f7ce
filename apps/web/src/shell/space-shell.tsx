/**
 * The space: one open workbook shared by every page inside it (the nine sections, settings,
 * export, print). Shows the sync state, the first-run onboarding, the invite panel until the
 * partner has joined, the navigation (sections, private notes, devices & trust), and the page.
 *
 *   <SpaceShell credentials={creds} store={store} route={route} lock={lockControls} initialName="Sam" />
 */
import { useEffect } from 'preact/hooks';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { InvitePanel } from '../components/invite-panel.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { CheckinReminderRunner } from '../home/checkin-reminder.js';
import { HomePage } from '../home/home-page.js';
import { LiveLayer } from '../live/live-layer.js';
import type { Route } from '../router.js';
import { sectionEntry } from '../sections/registry.js';
import { lazyScreen } from './lazy-screen.js';
import { Onboarding, useOnboarding } from './onboarding.js';
import { usePartnerJoined } from './partner-joined.js';
import type { LockControls } from './settings-page.js';
import { SpaceFooter, SpaceNav } from './space-nav.js';
import { SyncStatus } from './sync-state.js';
import { useWorkbook } from './use-workbook.js';

// Rare pages: their code loads when they are opened.
const ExportPage = lazyScreen(() => import('./export-page.js').then((m) => m.ExportPage), 'pages');
const PrintView = lazyScreen(() => import('./print-view.js').then((m) => m.PrintView), 'pages');
const SettingsPage = lazyScreen(() => import('./settings-page.js').then((m) => m.SettingsPage), 'pages');

/** The title of each page of the space that is not a section. */
const PAGE_TITLES: Record<'home' | 'settings' | 'export' | 'print', MessageKey> = {
  home: 'shell.navHome',
  settings: 'shell.navSettings',
  export: 'shell.navExport',
  print: 'shell.print',
};

interface Props {
  credentials: Credentials;
  store: LocalStateStore;
  route: Extract<Route, { name: 'space' | 'home' | 'settings' | 'export' | 'print' }>;
  lock: LockControls;
  /** A name typed on the welcome or join screen, written into the workbook once it opens. */
  initialName: string | undefined;
}

/** The main screen once this browser belongs to a space. */
export function SpaceShell({ credentials, store, route, lock, initialName }: Props) {
  const { t } = useI18n();
  const { workbook, sync, revision, provider } = useWorkbook(credentials, store);
  const me = credentials.partnerId;
  const partnerJoined = usePartnerJoined(credentials, workbook, sync.kind === 'synced', revision);
  const onboarding = useOnboarding(store);
  const current = route.name === 'space' ? sectionEntry(route.section) : undefined;

  useEffect(() => {
    // The name field was checked when it was typed, so this write cannot be refused.
    if (workbook && initialName) workbook.members.setName(me, initialName);
  }, [workbook, initialName, me]);

  useEffect(() => {
    const page = t(current?.label ?? PAGE_TITLES[route.name === 'space' ? 'home' : route.name]);
    document.title = t('shell.pageTitle', { page });
  }, [current, route.name, t]);

  const printing = route.name === 'print';
  return (
    <div class="page space-layout">
      <div class="space-status no-print">
        <SyncStatus sync={sync} />
      </div>
      {workbook && !printing && <LiveLayer workbook={workbook} me={me} provider={provider} revision={revision} store={store} />}
      {onboarding.show && !printing && <Onboarding onDone={onboarding.done} />}
      {workbook && !partnerJoined && !printing && <InvitePanel credentials={credentials} />}
      {/* On the home, a phone shows the content first and the sections after it. */}
      {route.name !== 'home' && <SpaceNav current={current?.id ?? route.name} />}
      {workbook && !printing && <CheckinReminderRunner workbook={workbook} revision={revision} store={store} />}
      <main id="main" class="space-main">
        {!workbook ? (
          <p class="empty">{t('shell.openingWorkbook')}</p>
        ) : route.name === 'home' ? (
          <HomePage workbook={workbook} me={me} revision={revision} store={store} credentials={credentials} />
        ) : current ? (
          <current.component workbook={workbook} me={me} revision={revision} credentials={credentials} store={store} provider={provider} />
        ) : route.name === 'settings' ? (
          <SettingsPage lock={lock} workbook={workbook} me={me} />
        ) : route.name === 'export' ? (
          <ExportPage workbook={workbook} credentials={credentials} store={store} />
        ) : (
          <PrintView workbook={workbook} credentials={credentials} store={store} revision={revision} />
        )}
      </main>
      {route.name === 'home' && <SpaceNav current="home" />}
      <SpaceFooter current={route.name === 'print' ? 'export' : route.name} />
    </div>
  );
}
