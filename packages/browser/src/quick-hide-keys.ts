/**
 * The quick-hide key gesture: Escape pressed twice quickly (nothing in between), or
 * Shift+Escape, anywhere in the page. The web app hides behind a neutral page on it; the
 * extension empties and closes its panel.
 *
 *   const stop = watchQuickHideKeys(window, hide);
 *   stop();   // on unmount
 */

/** Two Escapes within this many ms count as one "hide now" gesture. */
export const DOUBLE_ESCAPE_MS = 600;

/** Where the clock comes from; tests pass their own. */
export interface QuickHideKeyOptions {
  /** Milliseconds on a monotonic clock; `performance.now()` unless given. */
  now?: () => number;
}

/** Call `onHide` on double Escape or Shift+Escape dispatched to `target`; returns the unsubscribe. */
export function watchQuickHideKeys(
  target: EventTarget,
  onHide: () => void,
  options: QuickHideKeyOptions = {},
): () => void {
  const now = options.now ?? (() => performance.now());
  // -Infinity, not 0: performance.now() counts from page load, so with 0 a single Escape in the
  // page's first moments would count as the second of a pair.
  let lastEscape = Number.NEGATIVE_INFINITY;
  // Anything else in between (a key, a click) means the two Escapes were not one gesture.
  const reset = (): void => {
    lastEscape = Number.NEGATIVE_INFINITY;
  };
  const onKey = (event: Event): void => {
    const { key, shiftKey } = event as KeyboardEvent;
    if (key !== 'Escape') {
      reset();
      return;
    }
    const at = now();
    if (shiftKey || at - lastEscape < DOUBLE_ESCAPE_MS) {
      reset();
      event.preventDefault();
      onHide();
    } else {
      lastEscape = at;
    }
  };
  // Capture phase, so an editor, field or dialog that handles Escape itself cannot swallow it.
  target.addEventListener('keydown', onKey, { capture: true });
  target.addEventListener('pointerdown', reset, { capture: true });
  return () => {
    target.removeEventListener('keydown', onKey, { capture: true });
    target.removeEventListener('pointerdown', reset, { capture: true });
  };
}
