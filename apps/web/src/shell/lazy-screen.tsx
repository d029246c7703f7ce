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

type Loaded<P> = { kind: 'ready'; component: ComponentType<P> } | { kind: 'loading' } | { kind: 'failed' };

/** A component that renders `load()`'s component once it arrived. */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
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
    const [state, setState] = useState<Loaded<P>>(loaded ? { kind: 'ready', component: loaded } : { kind: 'loading' });
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (state.kind === 'ready') return;
      let live = true;
      start().then(
        (component) => live && setState({ kind: 'ready', component }),
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
          <p>This part of Secure Base could not be loaded. Check the connection, then try again.</p>
          <button
            type="button"
            class="button-primary"
            onClick={() => {
              setState({ kind: 'loading' });
              setAttempt((n) => n + 1);
            }}
          >
            Try again
          </button>
        </div>
      );
    }
    return (
      <p class="empty" aria-live="polite">
        Loading…
      </p>
    );
  }
  return LazyScreen;
}
