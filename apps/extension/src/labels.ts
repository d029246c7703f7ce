/**
 * Words the panel shows: note kinds (the inbox's kinds, phrased as the web app phrases them)
 * and the sync state in calm, plain language, in the person's chosen language.
 *
 *   <option value="need">{kindLabels(t).need}</option>
 */
import type { Translate } from '@securebase/i18n';
import type { InboxKind } from '@securebase/model';
import type { SyncState } from './note-session.js';

/** Note kinds in the order the form offers them. */
export const KIND_ORDER: readonly InboxKind[] = ['appreciation', 'trigger', 'need', 'checkin', 'other'];

export function kindLabels(t: Translate): Record<InboxKind, string> {
  return {
    appreciation: t('kind.appreciation'),
    trigger: t('kind.trigger'),
    need: t('kind.need'),
    checkin: t('kind.checkin'),
    other: t('kind.other'),
  };
}

/** One line about the connection, for the status bar. */
export function describeSync(sync: SyncState, t: Translate): string {
  switch (sync.kind) {
    case 'synced':
      return t('sync.synced');
    case 'connecting':
      return t('sync.connecting');
    case 'offline':
      return t('sync.offline');
    case 'problem':
      return sync.say(t);
  }
}
