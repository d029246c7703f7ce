/**
 * The app shell: loads this browser's credentials from IndexedDB, then shows Welcome, Join or
 * the Space according to the hash route.
 *
 *   render(<App store={await openIndexedDbStore()} />, root);
 */
import { useEffect, useState } from 'preact/hooks';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { loadCredentials } from './credentials-storage.js';
import { describeError } from './messages.js';
import { navigate, useRoute } from './router.js';
import { JoinScreen } from './screens/join-screen.js';
import { SpaceScreen } from './screens/space-screen.js';
import { WelcomeScreen } from './screens/welcome-screen.js';

type Loaded = { kind: 'loading' } | { kind: 'ready'; credentials: Credentials | undefined } | { kind: 'failed'; message: string };

/** The whole web client. */
export function App({ store }: { store: LocalStateStore }) {
  const route = useRoute();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [initialName, setInitialName] = useState<string>();

  useEffect(() => {
    loadCredentials(store).then(
      (credentials) => setLoaded({ kind: 'ready', credentials }),
      (err: unknown) => setLoaded({ kind: 'failed', message: describeError(err) }),
    );
  }, [store]);

  const credentials = loaded.kind === 'ready' ? loaded.credentials : undefined;
  useEffect(() => {
    // With a space, the welcome page has nothing to offer; without one, the space cannot open.
    if (loaded.kind !== 'ready') return;
    if (credentials && route.name === 'welcome') navigate({ name: 'space', section: 'vocabulary' }, { replace: true });
    if (!credentials && route.name === 'space') navigate({ name: 'welcome' }, { replace: true });
  }, [loaded.kind, credentials, route.name]);

  if (loaded.kind === 'loading') return <p class="page empty">Opening Secure Base…</p>;
  if (loaded.kind === 'failed') {
    return (
      <main class="page narrow">
        <h1 class="title">Secure Base could not open</h1>
        <p class="form-error" role="alert">
          {loaded.message}
        </p>
      </main>
    );
  }

  const onReady = (created: Credentials, name: string | undefined): void => {
    setInitialName(name);
    setLoaded({ kind: 'ready', credentials: created });
    // Replace, so the spent invite secret is not left in this tab's history.
    navigate({ name: 'space', section: 'vocabulary' }, { replace: true });
  };

  if (route.name === 'join') {
    return <JoinScreen secret={route.secret} store={store} hasSpace={credentials !== undefined} onReady={onReady} />;
  }
  if (credentials && route.name === 'space') {
    return <SpaceScreen credentials={credentials} store={store} section={route.section} initialName={initialName} />;
  }
  if (credentials) return <p class="page empty">Opening your space…</p>;
  return <WelcomeScreen store={store} onReady={onReady} />;
}
