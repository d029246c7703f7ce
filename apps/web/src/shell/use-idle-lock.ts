/**
 * Idle auto-lock: when a passphrase is set and nobody has touched the page for a while, lock.
 * "Touched" means a key, a pointer or a scroll; the timer also runs while the tab is hidden.
 *
 *   useIdleLock(hasPassphrase ? idleMs() : undefined, () => lock());
 */
import { watchIdle } from '@securebase/browser';
import { useEffect, useRef } from 'preact/hooks';

export { TEST_IDLE_LOCK_KEY, idleLockMs } from '@securebase/browser';

/** The choices offered in settings, in minutes. */
export const IDLE_LOCK_CHOICES = [1, 5, 15, 30] as const;
export const DEFAULT_IDLE_LOCK_MINUTES = 5;

/** Call `onIdle` after `timeoutMs` without activity; `undefined` turns the timer off. */
export function useIdleLock(timeoutMs: number | undefined, onIdle: () => void): void {
  // Held in a ref so a new callback identity does not restart the timer on every render.
  const callback = useRef(onIdle);
  callback.current = onIdle;

  useEffect(() => {
    if (timeoutMs === undefined) return;
    return watchIdle(window, timeoutMs, () => callback.current());
  }, [timeoutMs]);
}
