/**
 * The sync state in calm words: synced, syncing, offline (changes kept here), or a problem with
 * a plain message from the SecureBaseError. Nothing about the partner's activity: no last seen,
 * no "typing", no read receipts.
 *
 *   <SyncStatus sync={{ kind: 'offline' }} />
 */
import { useI18n, type MessageKey, type Said, type Translate } from '../i18n.js';

export type SyncState =
  | { kind: 'syncing' }
  | { kind: 'synced' }
  | { kind: 'offline' }
  /** `say`: the problem in words, at render time (so a change of language changes it too). */
  | { kind: 'problem'; say: Said };

const WORDS: Record<Exclude<SyncState['kind'], 'problem'>, MessageKey> = {
  synced: 'shell.synced',
  syncing: 'shell.syncing',
  offline: 'shell.offline',
};

/** The words for a sync state (also used by tests and the print view's header). */
export function describeSync(sync: SyncState, t: Translate): string {
  return sync.kind === 'problem' ? t('shell.syncProblem', { problem: sync.say(t) }) : t(WORDS[sync.kind]);
}

/** A small pill showing whether this device is up to date, announced politely when it changes. */
export function SyncStatus({ sync }: { sync: SyncState }) {
  const { t } = useI18n();
  return (
    <p class={`sync-badge sync-${sync.kind}`} role="status" aria-live="polite" data-sync={sync.kind}>
      <span class="sync-dot" aria-hidden="true" />
      {describeSync(sync, t)}
    </p>
  );
}
