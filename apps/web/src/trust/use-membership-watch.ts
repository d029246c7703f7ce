/**
 * Keeps this device in step with the membership chain while the space is open: checks it at
 * once, every few seconds while the page is visible, when the window regains focus and when the
 * network returns. New keys (after a rotation) and a rotation after the partner left are handed
 * to `onCredentials`, so the workbook reconnects with them.
 *
 *   const watch = useMembershipWatch(credentials, store, setCredentials);
 *   if (watch.view?.removed) return <RemovedScreen />;
 *   await watch.recheck();   // after this device changed the chain itself
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { SecureBaseError } from '@securebase/protocol';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { useI18n } from '../i18n.js';
import { describeError } from '../messages.js';
import { checkMembership, type MembershipView } from './membership-check.js';

/** How often to look at the chain while the page is visible. */
const POLL_MS = 6_000;

export interface MembershipWatch {
  /** The latest view; undefined until the first check finished. */
  view: MembershipView | undefined;
  /** A plain sentence (in this person's language) when the chain could not be trusted (network trouble is not reported here). */
  problem: string | undefined;
  /** Check now (resolves after the check, including any key change it handed on). */
  recheck(): Promise<void>;
}

/** Watch the chain for this device while the calling component is mounted. */
export function useMembershipWatch(
  credentials: Credentials,
  store: LocalStateStore,
  onCredentials: (next: Credentials) => void,
): MembershipWatch {
  const [view, setView] = useState<MembershipView>();
  // The error itself is kept, and put into words at render time (a language switch rewords it).
  const [problem, setProblem] = useState<{ error: unknown }>();
  const { t } = useI18n();
  // The latest values, read by a check that started before they changed.
  const latest = useRef({ credentials, onCredentials });
  latest.current = { credentials, onCredentials };
  const running = useRef<Promise<void> | undefined>(undefined);
  const queued = useRef<Promise<void> | undefined>(undefined);
  const mounted = useRef(true);

  const runCheck = useCallback(async (): Promise<void> => {
    const creds = latest.current.credentials;
    try {
      const result = await checkMembership(creds, store);
      if (!mounted.current) return;
      setView((previous) => (previous && sameView(previous, result.view) ? previous : result.view));
      setProblem(undefined);
      if (result.credentials !== creds) latest.current.onCredentials(result.credentials);
    } catch (err) {
      if (!mounted.current) return;
      // Offline or a relay hiccup: the sync badge already says so; look again on the next tick.
      if (err instanceof TypeError) return;
      if (err instanceof SecureBaseError && err.code === 'device-removed') {
        setView({ removed: 'removed' });
        return;
      }
      console.warn('membership check failed:', err instanceof SecureBaseError ? err.code : err instanceof Error ? err.name : typeof err);
      setProblem({ error: err });
    }
  }, [store]);

  const recheck = useCallback((): Promise<void> => {
    // One check at a time, and at most one waiting behind it: asks made meanwhile share it.
    if (queued.current) return queued.current;
    const next = (running.current ?? Promise.resolve()).then(async () => {
      queued.current = undefined;
      running.current = next;
      await runCheck();
      if (running.current === next) running.current = undefined;
    });
    queued.current = next;
    return next;
  }, [runCheck]);

  useEffect(() => {
    mounted.current = true;
    void recheck();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void recheck();
    }, POLL_MS);
    const onWake = (): void => {
      if (document.visibilityState === 'visible') void recheck();
    };
    window.addEventListener('focus', onWake);
    window.addEventListener('online', onWake);
    document.addEventListener('visibilitychange', onWake);
    return () => {
      mounted.current = false;
      clearInterval(timer);
      window.removeEventListener('focus', onWake);
      window.removeEventListener('online', onWake);
      document.removeEventListener('visibilitychange', onWake);
    };
  }, [recheck, credentials.spaceId]);

  return { view, problem: problem && describeError(problem.error, t), recheck };
}

/** Same view as before? Keeps the screens from re-rendering on every quiet check. */
function sameView(a: MembershipView, b: MembershipView): boolean {
  return (
    a.removed === b.removed &&
    a.partnerLeftAt === b.partnerLeftAt &&
    a.partner?.digits === b.partner?.digits &&
    a.partner?.status === b.partner?.status
  );
}
