/**
 * The couple's next check-in, from their check-in rhythm agreement (packages/model
 * checkin-rhythm.ts), kept current: it is read again on every workbook change and at the moment
 * the next check-in comes due, so the "due" card and the reminder appear on time while the app
 * is open.
 *
 *   const next = useCheckinDue(workbook, revision);  // { rhythm, due: { at, due } } | undefined
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { currentRhythm, lastCheckinAt, nextCheckinDue, type CheckinDue, type CheckInRhythm, type Workbook } from '@securebase/model';

export interface NextCheckin {
  rhythm: CheckInRhythm;
  due: CheckinDue;
}

/** setTimeout's longest wait (about 24.8 days); a longer wait is re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The next check-in under the current rhythm, or undefined when there is no rhythm yet. */
export function useCheckinDue(workbook: Workbook, revision: number): NextCheckin | undefined {
  const [tick, setTick] = useState(0);
  const next = useMemo(() => {
    const rhythm = currentRhythm(workbook.agreements.list());
    if (!rhythm) return undefined;
    const due = nextCheckinDue(rhythm, lastCheckinAt(workbook.checkins.list()), Date.now());
    return due ? { rhythm, due } : undefined;
    // `revision` and `tick` say when to read again: the workbook object itself stays the same.
  }, [workbook, revision, tick]);

  const at = next && !next.due.due ? next.due.at : undefined;
  useEffect(() => {
    if (at === undefined) return undefined;
    // A little after the moment, so "now" is past it when read again.
    const timer = setTimeout(() => setTick((t) => t + 1), Math.min(Math.max(at - Date.now() + 250, 0), MAX_TIMER_MS));
    return () => clearTimeout(timer);
  }, [at]);

  return next;
}
