/**
 * The sync state in calm words: synced, syncing, offline (changes kept here), or a problem with
 * a plain message from the SecureBaseError. Nothing about the partner's activity: no last seen,
 * no "typing", no read receipts.
 *
 *   <SyncStatus sync={{ kind: 'offline' }} />
 */

export type SyncState =
  | { kind: 'syncing' }
  | { kind: 'synced' }
  | { kind: 'offline' }
  | { kind: 'problem'; message: string };

const WORDS: Record<Exclude<SyncState['kind'], 'problem'>, string> = {
  synced: 'Synced',
  syncing: 'Syncing…',
  offline: 'Offline: your changes are kept on this device and will sync when you are back',
};

/** The words for a sync state (also used by tests and the print view's header). */
export function describeSync(sync: SyncState): string {
  return sync.kind === 'problem' ? `Problem: ${sync.message}` : WORDS[sync.kind];
}

/** A small pill showing whether this device is up to date, announced politely when it changes. */
export function SyncStatus({ sync }: { sync: SyncState }) {
  return (
    <p class={`sync-badge sync-${sync.kind}`} role="status" aria-live="polite" data-sync={sync.kind}>
      <span class="sync-dot" aria-hidden="true" />
      {describeSync(sync)}
    </p>
  );
}
