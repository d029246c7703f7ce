/**
 * The idle timer behind auto-lock: call back after a stretch with no key, pointer, wheel, touch
 * or scroll. It keeps running while the tab is hidden.
 *
 *   const stop = watchIdle(window, idleLockMs(5), lock);
 *   stop();   // on unmount, or when the passphrase is removed
 */

/** What counts as someone using the page. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'] as const;

/**
 * Browser tests set this localStorage key to a few hundred milliseconds so they need not wait
 * minutes; nothing in the apps writes it.
 */
export const TEST_IDLE_LOCK_KEY = 'securebase:test-idle-lock-ms';

/** The idle timeout in ms for a number of minutes (or the test override, if set). */
export function idleLockMs(minutes: number): number {
  const override = Number(localStorage.getItem(TEST_IDLE_LOCK_KEY));
  return Number.isFinite(override) && override > 0 ? override : minutes * 60_000;
}

/** Call `onIdle` once after `timeoutMs` without activity on `target`; returns the stop function. */
export function watchIdle(target: EventTarget, timeoutMs: number, onIdle: () => void): () => void {
  let timer = setTimeout(onIdle, timeoutMs);
  const restart = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onIdle, timeoutMs);
  };
  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, restart, { passive: true, capture: true });
  return () => {
    clearTimeout(timer);
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, restart, { capture: true });
  };
}
