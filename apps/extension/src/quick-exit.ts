/**
 * Quick exit: Escape twice quickly (nothing in between), Shift+Escape, or the button empties the
 * panel and closes it (`window.close()` closes the popup, the side panel and the sidebar alike).
 * The content is removed first, so nothing stays on screen even if the browser keeps the frame.
 *
 *   useQuickExitKeys(quickExit);
 *   <button onClick={quickExit}>Quick exit</button>
 */
import { useEffect, useRef } from 'preact/hooks';

/** Two Escapes within this many ms are one "exit now" gesture. */
const DOUBLE_ESCAPE_MS = 600;

/** Listen for Escape twice quickly, or Shift+Escape, anywhere in the panel. */
export function useQuickExitKeys(onExit: () => void): void {
  const callback = useRef(onExit);
  callback.current = onExit;
  useEffect(() => {
    // -Infinity, not 0: performance.now() starts at page load, so 0 would make the very
    // first Escape in a freshly opened popup look like the second of a pair.
    let lastEscape = Number.NEGATIVE_INFINITY;
    const reset = (): void => {
      lastEscape = Number.NEGATIVE_INFINITY;
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') {
        reset();
        return;
      }
      const now = performance.now();
      if (event.shiftKey || now - lastEscape < DOUBLE_ESCAPE_MS) {
        reset();
        event.preventDefault();
        callback.current();
      } else {
        lastEscape = now;
      }
    };
    // Capture phase, so a field that handles Escape itself cannot swallow it.
    window.addEventListener('keydown', onKey, { capture: true });
    window.addEventListener('pointerdown', reset, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      window.removeEventListener('pointerdown', reset, { capture: true });
    };
  }, []);
}

/** Blank the document at once, then close the window (notes are already in the vault). */
export function closePanelNow(): void {
  document.title = '';
  document.body.replaceChildren();
  // A tick later, so unmounting code (closing the session) has started before the window goes.
  setTimeout(() => window.close(), 0);
}
