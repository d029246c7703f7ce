/**
 * Idle auto-lock: when a passphrase is set and nobody has touched the page for a while, lock.
 * "Touched" means a key, a pointer or a scroll; the timer also runs while the tab is hidden.
 *
 *   useIdleLock(hasPassphrase ? idleMs() : undefined, () => lock());
 */
import { useEffect, useRef } from 'preact/hooks';

/** The choices offered in settings, in minutes. */
export const IDLE_LOCK_CHOICES = [1, 5, 15, 30] as const;
export const DEFAULT_IDLE_LOCK_MINUTES = 5;

/**
 * Browser tests set this localStorage key to a few hundred milliseconds so they need not wait
 * minutes; nothing in the app writes it.
 */
export const TEST_IDLE_LOCK_KEY = 'securebase:test-idle-lock-ms';

/** The idle timeout in ms for a chosen number of minutes (or the test override, if set). */
export function idleLockMs(minutes: number): number {
  const override = Number(localStorage.getItem(TEST_IDLE_LOCK_KEY));
  return Number.isFinite(override) && override > 0 ? override : minutes * 60_000;
}

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'] as const;

/** Call `onIdle` after `timeoutMs` without activity; `undefined` turns the timer off. */
export function useIdleLock(timeoutMs: number | undefined, onIdle: () => void): void {
  // Held in a ref so a new callback identity does not restart the timer on every render.
  const callback = useRef(onIdle);
  callback.current = onIdle;

  useEffect(() => {
    if (timeoutMs === undefined) return;
    let timer = window.setTimeout(() => callback.current(), timeoutMs);
    const restart = (): void => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => callback.current(), timeoutMs);
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, restart, { passive: true, capture: true });
    return () => {
      window.clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, restart, { capture: true });
    };
  }, [timeoutMs]);
}
