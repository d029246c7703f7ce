/**
 * Quick exit: Escape twice quickly (nothing in between), Shift+Escape, or the button empties the
 * panel and closes it (`window.close()` closes the popup, the side panel and the sidebar alike).
 * The content is removed first, so nothing stays on screen even if the browser keeps the frame.
 *
 *   useQuickExitKeys(quickExit);
 *   <button onClick={quickExit}>Quick exit</button>
 */
import { watchQuickHideKeys } from '@securebase/browser';
import { useEffect, useRef } from 'preact/hooks';

/** Listen for Escape twice quickly, or Shift+Escape, anywhere in the panel. */
export function useQuickExitKeys(onExit: () => void): void {
  const callback = useRef(onExit);
  callback.current = onExit;
  useEffect(() => watchQuickHideKeys(window, () => callback.current()), []);
}

/** Blank the document at once, then close the window (notes are already in the vault). */
export function closePanelNow(): void {
  document.title = '';
  document.body.replaceChildren();
  // A tick later, so unmounting code (closing the session) has started before the window goes.
  setTimeout(() => window.close(), 0);
}
