/**
 * Words the panel shows: note kinds (the inbox's kinds, phrased as the web app phrases them)
 * and the sync state in calm, plain language.
 *
 *   <option value="need">{KIND_LABELS.need}</option>
 */
import type { InboxKind } from '@securebase/model';
import type { SyncState } from './note-session.js';

/** Note kinds in the order the form offers them. */
export const KIND_ORDER: readonly InboxKind[] = ['appreciation', 'trigger', 'need', 'checkin', 'other'];

export const KIND_LABELS: Record<InboxKind, string> = {
  appreciation: 'Appreciation',
  trigger: 'Trigger noticed',
  need: 'A need',
  checkin: 'Topic for our next check-in',
  other: 'Other',
};

/** One line about the connection, for the status bar. */
export function describeSync(sync: SyncState): string {
  switch (sync.kind) {
    case 'synced':
      return 'Connected: notes arrive right away';
    case 'connecting':
      return 'Connecting…';
    case 'offline':
      return 'Offline: notes wait here, encrypted, and are sent later';
    case 'problem':
      return sync.message;
  }
}
