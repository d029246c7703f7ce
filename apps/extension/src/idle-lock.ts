/**
 * Idle auto-lock: with a passphrase set, lock after a few minutes without a key, a pointer or a
 * scroll in the panel.
 *
 *   useIdleLock(hasPassphrase ? idleLockMs() : undefined, lock);
 */
import { useEffect, useRef } from 'preact/hooks';

export const IDLE_LOCK_MINUTES = 5;

/**
 * Browser tests set this localStorage key (in the extension's origin) to a few hundred ms so
 * they need not wait minutes; nothing in the extension writes it.
 */
export const TEST_IDLE_LOCK_KEY = 'securebase:test-idle-lock-ms';

/** The idle timeout in ms (or the test override, if set). */
export function idleLockMs(): number {
  const override = Number(localStorage.getItem(TEST_IDLE_LOCK_KEY));
  return Number.isFinite(override) && override > 0 ? override : IDLE_LOCK_MINUTES * 60_000;
}

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'] as const;

/** Call `onIdle` after `timeoutMs` without activity; `undefined` turns the timer off. */
export function useIdleLock(timeoutMs: number | undefined, onIdle: () => void): void {
  // A ref, so a new callback identity does not restart the timer on every render.
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
