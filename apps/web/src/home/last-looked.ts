/**
 * "When this device last looked at the home", for "what is new from your partner". The marker
 * is a Yjs state vector (packages/model whats-new.ts), kept in this device's encrypted local
 * store under its own key, never synced, never sent: the partner cannot see it, so it is no read
 * receipt and no last-seen. Another device of the same person keeps its own.
 *
 *   const looked = useLastLooked(store, workbook);
 *   looked.seen;   // the marker read when the home opened (undefined while loading)
 *   // leaving the home (or the page) stores "now" as the new marker
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { decodeLastLooked, lastLookedMarker, type LastLooked, type Workbook } from '@securebase/model';
import type { LocalStateStore } from '@securebase/sync';

const LAST_LOOKED_KEY = 'web/home/last-looked';

/** The marker stored on this device (an empty one, "everything is new", when never looked). */
export async function loadLastLooked(store: LocalStateStore): Promise<LastLooked> {
  return decodeLastLooked(await store.get(LAST_LOOKED_KEY));
}

/** Stores "everything this device holds now" as looked at. */
export async function saveLastLooked(store: LocalStateStore, workbook: Workbook): Promise<void> {
  await store.set(LAST_LOOKED_KEY, lastLookedMarker(workbook.doc));
}

/**
 * The marker as it was when the home opened. What arrives while the home is open shows too;
 * leaving the home (unmounting, or the page going away) records all of it as looked at.
 */
export function useLastLooked(store: LocalStateStore, workbook: Workbook): { seen: LastLooked | undefined } {
  const [seen, setSeen] = useState<LastLooked>();
  const shown = useRef(false);

  useEffect(() => {
    let live = true;
    loadLastLooked(store).then(
      (marker) => {
        if (!live) return;
        shown.current = true;
        setSeen(marker);
      },
      (err: unknown) => console.warn('home marker not read:', err instanceof Error ? err.name : typeof err),
    );
    const save = (): void => {
      // Only what was on the screen counts as looked at.
      if (!shown.current) return;
      saveLastLooked(store, workbook).catch((err: unknown) => console.warn('home marker not saved:', err instanceof Error ? err.name : typeof err));
    };
    const onHide = (): void => {
      if (document.visibilityState === 'hidden') save();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', save);
    return () => {
      live = false;
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', save);
      save();
    };
  }, [store, workbook]);

  return { seen };
}
