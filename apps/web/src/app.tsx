/**
 * The app: opens the encrypted local store (asking for the passphrase when one is set), loads
 * this browser's credentials, and shows Welcome, Join, the Space, Help or the lock screen by
 * route. It owns the two safety switches: lock (drops the store key and unmounts the space,
 * which tears the provider down) and quick-hide (renders only a neutral page, and locks too
 * when a passphrase is set). "Back" from the neutral page returns to the very page that was open,
 * and every unsent draft is still there (kept in the encrypted store, components/draft-book.ts).
 *
 *   render(<App rawStore={await openIndexedDbStore()} />, root);
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { CodeSourceContext, type ExtensionCodeSource } from './code-source.js';
import { DraftsContext, openDraftBook, type DraftBook } from './components/draft-book.js';
import { loadCredentials } from './credentials-storage.js';
import { useI18n, type Said } from './i18n.js';
import { describeError } from './messages.js';
import { isSpaceRoute, isTrustRoute, navigate, useRoute } from './router.js';
import { JoinScreen } from './screens/join-screen.js';
import { WelcomeScreen } from './screens/welcome-screen.js';
import { lazyScreen } from './shell/lazy-screen.js';
import { changePassphrase, openLocalStore } from './shell/local-lock.js';
import { DEFAULT_PREFERENCES, loadPreferences, savePreferences, type Preferences } from './shell/preferences.js';
import { NeutralPage, useQuickHideKeys } from './shell/quick-hide.js';
import { returnTo, takeReturnPoint, type ReturnPoint } from './shell/return-point.js';
import type { LockControls } from './shell/settings-page.js';
import { SpaceShell } from './shell/space-shell.js';
import { TopBar } from './shell/top-bar.js';
import { UnlockScreen } from './shell/unlock-screen.js';
import { idleLockMs, useIdleLock } from './shell/use-idle-lock.js';
import { TrustGate } from './trust/trust-gate.js';

// Pages away from the everyday path load their code when opened.
const HelpPage = lazyScreen(() => import('./shell/help-page.js').then((m) => m.HelpPage), 'pages');
const LinkJoinScreen = lazyScreen(() => import('./trust/link-join-screen.js').then((m) => m.LinkJoinScreen), 'pages');
const TrustPages = lazyScreen(() => import('./trust/trust-pages.js').then((m) => m.TrustPages), 'pages');

/** Everything that exists only while the local store is open. */
interface OpenState {
  kind: 'open';
  store: LocalStateStore;
  key: Uint8Array;
  hasPassphrase: boolean;
  credentials: Credentials | undefined;
  preferences: Preferences;
  /** Unsent writing of every form, sealed in the store. */
  drafts: DraftBook;
}

type Session = { kind: 'opening' } | { kind: 'locked' } | OpenState | { kind: 'failed'; say: Said };

/**
 * What a host other than the relay's web page changes (the extension's pinned app, embed.tsx):
 * there is no `location.origin` relay there, so a browser without a space shows the host's own
 * way in (linking as a device) instead of Welcome, Join and Link; and the devices screen says
 * where the code came from.
 */
export interface AppHost {
  /** Shown instead of Welcome / Join / Link while this browser holds no space. */
  unlinked: (props: { store: LocalStateStore; onReady: (credentials: Credentials) => void }) => ComponentChildren;
  codeSource: ExtensionCodeSource;
}

/** The whole web client, over the raw (unencrypted) IndexedDB store. */
export function App({ rawStore, host }: { rawStore: LocalStateStore; host?: AppHost }) {
  const route = useRoute();
  const { t } = useI18n();
  const [session, setSession] = useState<Session>({ kind: 'opening' });
  const [hidden, setHidden] = useState(false);
  const [initialName, setInitialName] = useState<string>();

  /** Open the store (with a passphrase when unlocking) and everything read from it. */
  const open = useCallback(
    async (passphrase?: string): Promise<void> => {
      const opened = await openLocalStore(rawStore, passphrase);
      if (opened.kind === 'locked') {
        setSession({ kind: 'locked' });
        return;
      }
      const [credentials, preferences, drafts] = await Promise.all([
        loadCredentials(opened.store),
        loadPreferences(opened.store),
        openDraftBook(opened.store),
      ]);
      setSession({ ...opened, credentials, preferences, drafts });
    },
    [rawStore],
  );

  useEffect(() => {
    open().catch((err: unknown) => setSession({ kind: 'failed', say: (words) => describeError(err, words) }));
  }, [open]);

  const isOpen = session.kind === 'open';
  const hasPassphrase = session.kind === 'open' && session.hasPassphrase;
  const lock = useCallback(() => {
    // Dropping the open state unmounts the space: the provider writes its last state and stops.
    setSession((s) => (s.kind === 'open' && s.hasPassphrase ? { kind: 'locked' } : s));
  }, []);
  // Where the person was when hiding: in memory only, so "Back" returns exactly there.
  const returnPoint = useRef<ReturnPoint>();
  const hide = useCallback(() => {
    if (!hidden) returnPoint.current = takeReturnPoint();
    setHidden(true);
    lock();
    // Leave nothing telling in the address bar either.
    history.replaceState(null, '', '#/');
  }, [lock, hidden]);
  const unhide = (): void => {
    setHidden(false);
    document.title = 'Secure Base';
    returnTo(returnPoint.current ?? { hash: '#/', scrollY: 0, focusId: undefined });
    returnPoint.current = undefined;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  };

  useQuickHideKeys(hide);
  const idleMinutes = session.kind === 'open' ? session.preferences.idleLockMinutes : DEFAULT_PREFERENCES.idleLockMinutes;
  useIdleLock(hasPassphrase && !hidden ? idleLockMs(idleMinutes) : undefined, lock);

  const credentials = session.kind === 'open' ? session.credentials : undefined;
  useEffect(() => {
    // With a space, the welcome page has nothing to offer; without one, the space cannot open.
    if (!isOpen || hidden) return;
    if (credentials && route.name === 'welcome') navigate({ name: 'home' }, { replace: true });
    if (!credentials && isSpaceRoute(route)) navigate({ name: 'welcome' }, { replace: true });
  }, [isOpen, hidden, credentials, route]);

  if (hidden) return <NeutralPage onReturn={unhide} />;

  const chrome = (page: ComponentChildren) => (
    <CodeSourceContext.Provider value={host?.codeSource}>
      <DraftsContext.Provider value={session.kind === 'open' ? session.drafts : undefined}>
        <TopBar onHide={hide} onLock={hasPassphrase ? lock : undefined} />
        {page}
      </DraftsContext.Provider>
    </CodeSourceContext.Provider>
  );

  // Help never needs the store: it opens even when locked or broken.
  if (route.name === 'help') return chrome(<HelpPage />);
  if (session.kind === 'opening') return chrome(<p class="page empty">{t('shell.openingApp')}</p>);
  if (session.kind === 'locked') return chrome(<UnlockScreen onUnlock={(passphrase) => open(passphrase)} />);
  if (session.kind === 'failed') {
    return chrome(
      <main id="main" class="page narrow">
        <h1 class="title">{t('shell.couldNotOpen')}</h1>
        <p class="form-error" role="alert">
          {session.say(t)}
        </p>
      </main>,
    );
  }

  const store = session.store;
  const onReady = (created: Credentials, name: string | undefined): void => {
    setInitialName(name);
    setSession((s) => (s.kind === 'open' ? { ...s, credentials: created } : s));
    // Replace, so the spent invite secret is not left in this tab's history.
    navigate({ name: 'space', section: 'vocabulary' }, { replace: true });
  };

  if (host && !credentials) return chrome(host.unlinked({ store, onReady: (created) => onReady(created, undefined) }));
  if (route.name === 'join') {
    return chrome(<JoinScreen secret={route.secret} store={store} hasSpace={credentials !== undefined} onReady={onReady} />);
  }
  if (route.name === 'link') {
    return chrome(<LinkJoinScreen secret={route.secret} store={store} hasSpace={credentials !== undefined} onReady={onReady} />);
  }
  // New keys (a rotation) or a removal reach the workbook through the trust gate.
  const replaceCredentials = (next: Credentials): void =>
    setSession((s) => (s.kind === 'open' ? { ...s, credentials: next } : s));
  if (credentials && isTrustRoute(route)) {
    return chrome(
      <TrustGate credentials={credentials} store={store} onCredentials={replaceCredentials} onTrustPage>
        <TrustPages page={route.name} />
      </TrustGate>,
    );
  }
  if (credentials && isSpaceRoute(route)) {
    const controls = lockControls(rawStore, session, setSession, lock);
    return chrome(
      <TrustGate credentials={credentials} store={store} onCredentials={replaceCredentials}>
        <SpaceShell credentials={credentials} store={store} route={route} lock={controls} initialName={initialName} />
      </TrustGate>,
    );
  }
  if (credentials) return chrome(<p class="page empty">{t('shell.openingSpace')}</p>);
  return chrome(<WelcomeScreen store={store} onReady={onReady} />);
}

/** The lock actions the settings page may take, bound to the open session. */
function lockControls(
  rawStore: LocalStateStore,
  session: OpenState,
  setSession: (update: (s: Session) => Session) => void,
  lock: () => void,
): LockControls {
  /** Throws 'local-store-locked' unless `passphrase` opens the store. */
  const check = async (passphrase: string): Promise<void> => {
    await openLocalStore(rawStore, passphrase);
  };
  const setHas = (hasPassphrase: boolean): void => setSession((s) => (s.kind === 'open' ? { ...s, hasPassphrase } : s));
  return {
    hasPassphrase: session.hasPassphrase,
    async setPassphrase(next, current) {
      if (session.hasPassphrase) await check(current ?? '');
      await changePassphrase(rawStore, session.key, next);
      setHas(true);
    },
    async removePassphrase(current) {
      await check(current);
      await changePassphrase(rawStore, session.key, undefined);
      setHas(false);
    },
    idleLockMinutes: session.preferences.idleLockMinutes,
    setIdleLockMinutes(minutes) {
      const preferences = { ...session.preferences, idleLockMinutes: minutes };
      setSession((s) => (s.kind === 'open' ? { ...s, preferences } : s));
      void savePreferences(session.store, preferences).catch((err: unknown) => {
        console.warn('preferences not saved:', err instanceof Error ? err.name : typeof err);
      });
    },
    lock,
  };
}
