/**
 * The pages' side of the check-in reminder: a page with the space open and unlocked (the quick
 * note panel or popup, the pinned workbook) hands the next check-in time to the background
 * worker, which keeps it as an alarm (checkin-alarm.ts). Only the number crosses over.
 *
 *   handOffCheckin(next ? next.due.at : null);   // null: no rhythm agreed, the alarm goes
 */
import { extensionApi } from './browser-api.js';
import { checkinHandoffMessage } from './checkin-alarm.js';

/** Tell the background when the next check-in is (null: none). Outside an extension, nothing. */
export function handOffCheckin(at: number | null): void {
  const api = extensionApi();
  if (!api) return;
  api.runtime.sendMessage(checkinHandoffMessage(at)).catch((err: unknown) => {
    console.warn('check-in time not handed to the background:', err instanceof Error ? err.name : typeof err);
  });
}
