/**
 * A screen whose code loads only when it is first shown (a separate chunk), with a calm
 * "Loading…" while it comes and a plain error with "Try again" if it cannot (offline before the
 * service worker had cached it, or a chunk that failed its integrity check). Once loaded, the
 * component is kept, so coming back to the screen renders at once.
 *
 *   const StorySection = lazyScreen(() => import('./narrative-section.js').then((m) => m.NarrativeSection));
 *   <StorySection {...props} />
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Area } from '@securebase/i18n';
import { useI18n } from '../i18n.js';

type Loaded<P> = { kind: 'ready'; component: ComponentType<P> } | { kind: 'loading' } | { kind: 'failed' };

/** A component that renders `load()`'s component once it arrived. */
/** `area`: the words this screen needs beyond the first screen's, loaded alongside its code. */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>, area?: Area): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let inFlight: Promise<ComponentType<P>> | undefined;
  const start = (): Promise<ComponentType<P>> => {
    inFlight ??= load().then(
      (component) => (loaded = component),
      (err: unknown) => {
        // A later "Try again" starts over.
        inFlight = undefined;
        throw err;
      },
    );
    return inFlight;
  };

  function LazyScreen(props: P) {
    const { t, loadArea } = useI18n();
    const [state, setState] = useState<Loaded<P>>(loaded ? { kind: 'ready', component: loaded } : { kind: 'loading' });
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (state.kind === 'ready') return;
      let live = true;
      Promise.all([start(), area ? loadArea(area) : undefined]).then(
        ([component]) => live && setState({ kind: 'ready', component }),
        (err: unknown) => {
          // The name only: the message may hold a URL, nothing personal, but keep the console plain.
          console.warn('screen did not load:', err instanceof Error ? err.name : typeof err);
          if (live) setState({ kind: 'failed' });
        },
      );
      return () => {
        live = false;
      };
      // Only `attempt` restarts the load ("Try again"); the state it sets must not.
    }, [attempt]);

    if (state.kind === 'ready') {
      const Component = state.component;
      return <Component {...props} />;
    }
    if (state.kind === 'failed') {
      return (
        <div class="lazy-failed" role="alert">
          <p>{t('shell.lazyFailed')}</p>
          <button
            type="button"
            class="button-primary"
            onClick={() => {
              setState({ kind: 'loading' });
              setAttempt((n) => n + 1);
            }}
          >
            {t('shell.tryAgain')}
          </button>
        </div>
      );
    }
    return (
      <p class="empty" aria-live="polite">
        {t('shell.loading')}
      </p>
    );
  }
  return LazyScreen;
}
