/**
 * The sync state in calm words, announced politely to screen readers when it changes.
 *
 *   <SyncBadge sync={{ kind: 'synced' }} />
 */
import type { SyncState } from '../use-space.js';

const WORDS: Record<Exclude<SyncState['kind'], 'problem'>, string> = {
  synced: 'Synced',
  syncing: 'Syncing…',
  offline: 'Offline: your changes are kept on this device and will sync when you are back',
};

/** A small pill showing whether both devices are up to date. */
export function SyncBadge({ sync }: { sync: SyncState }) {
  const text = sync.kind === 'problem' ? `Problem: ${sync.message}` : WORDS[sync.kind];
  return (
    <p class={`sync-badge sync-${sync.kind}`} role="status" aria-live="polite" data-sync={sync.kind}>
      <span class="sync-dot" aria-hidden="true" />
      {text}
    </p>
  );
}
