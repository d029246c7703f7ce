/**
 * Quick-hide: a button on every screen, and the Escape key pressed twice quickly (or
 * Shift+Escape), swap the whole app for a plain "Notes" page at once. The app renders nothing
 * else while hidden, so no workbook text stays in the page; the caller also locks when a
 * passphrase is set.
 *
 *   useQuickHideKeys(hide);
 *   <QuickHideButton onHide={hide} />
 *   if (hidden) return <NeutralPage onReturn={unhide} />;
 */
import { watchQuickHideKeys } from '@securebase/browser';
import { useEffect, useRef } from 'preact/hooks';

/** The tab title while hidden: as plain as the page. */
export const NEUTRAL_TITLE = 'Notes';

/** Listen for Escape twice quickly (nothing in between), or Shift+Escape, anywhere in the page. */
export function useQuickHideKeys(onHide: () => void): void {
  const callback = useRef(onHide);
  callback.current = onHide;
  useEffect(() => watchQuickHideKeys(window, () => callback.current()), []);
}

/** The always-visible "Quick hide" button. */
export function QuickHideButton({ onHide }: { onHide: () => void }) {
  return (
    <button type="button" class="quick-hide" onClick={onHide} title="Quick hide (or press Esc twice)">
      Quick hide
    </button>
  );
}

/**
 * A page that could belong to any notes app: nothing about relationships, no links, no network.
 * "Back" returns (through the lock screen when a passphrase is set).
 */
export function NeutralPage({ onReturn }: { onReturn: () => void }) {
  useEffect(() => {
    document.title = NEUTRAL_TITLE;
  }, []);
  return (
    <main class="neutral-page">
      <h1>Notes</h1>
      <section aria-label="Shopping">
        <h2>Shopping</h2>
        <ul>
          <li>Oat milk</li>
          <li>Bread</li>
          <li>Tomatoes</li>
          <li>Batteries (AA)</li>
        </ul>
      </section>
      <section aria-label="This week">
        <h2>This week</h2>
        <ul>
          <li>Return library books</li>
          <li>Water the plants</li>
          <li>Call about the boiler</li>
        </ul>
      </section>
      <button type="button" class="neutral-back" onClick={onReturn}>
        Back
      </button>
    </main>
  );
}
