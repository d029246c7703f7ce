/**
 * Idle auto-lock: with a passphrase set, lock after a few minutes without a key, a pointer or a
 * scroll in the panel.
 *
 *   useIdleLock(hasPassphrase ? idleLockMs() : undefined, lock);
 */
import { idleLockMs as idleLockMsFor, watchIdle } from '@securebase/browser';
import { useEffect, useRef } from 'preact/hooks';

export { TEST_IDLE_LOCK_KEY } from '@securebase/browser';

export const IDLE_LOCK_MINUTES = 5;

/** The idle timeout in ms (or the test override, if set). */
export function idleLockMs(): number {
  return idleLockMsFor(IDLE_LOCK_MINUTES);
}

/** Call `onIdle` after `timeoutMs` without activity; `undefined` turns the timer off. */
export function useIdleLock(timeoutMs: number | undefined, onIdle: () => void): void {
  // A ref, so a new callback identity does not restart the timer on every render.
  const callback = useRef(onIdle);
  callback.current = onIdle;
  useEffect(() => {
    if (timeoutMs === undefined) return;
    return watchIdle(window, timeoutMs, () => callback.current());
  }, [timeoutMs]);
}
