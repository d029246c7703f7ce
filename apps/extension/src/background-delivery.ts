/**
 * Sending queued notes while no panel is open: the background worker opens the vault (only when
 * no passphrase is set: a locked vault stays shut until the person unlocks it in the panel),
 * and if some note still waits, connects, waits for the relay's acknowledgement, and closes.
 * It holds the session lock only if it is free and lets go at once when a window opens.
 *
 *   const outcome = await deliverQueuedNotes();   // 'delivered', 'nothing', 'locked', 'busy', ...
 */
import { openIndexedDbStore } from './idb-store.js';
import { loadCredentials, openVault } from './local-vault.js';
import { NoteSession } from './note-session.js';
import { hasQueued, loadSentNotes } from './sent-notes.js';
import { acquireSessionLock, onYieldRequest } from './session-lock.js';

export type DeliveryOutcome = 'delivered' | 'nothing' | 'locked' | 'busy' | 'yielded' | 'timed-out';

/** Give up a background attempt after this long; the next alarm tries again. */
const DELIVERY_TIMEOUT_MS = 20_000;

/** One background attempt to send every queued note. */
export async function deliverQueuedNotes(opts: { timeoutMs?: number } = {}): Promise<DeliveryOutcome> {
  const release = await acquireSessionLock({ ifAvailable: true });
  if (!release) return 'busy';
  try {
    const vault = await openVault(await openIndexedDbStore());
    if (vault.kind === 'locked') return 'locked';
    const creds = await loadCredentials(vault.store);
    if (!creds || !hasQueued(await loadSentNotes(vault.store))) return 'nothing';

    const session = new NoteSession(creds, vault.store, () => undefined);
    let stopWaiting: (outcome: DeliveryOutcome) => void = () => undefined;
    const interrupted = new Promise<DeliveryOutcome>((resolve) => (stopWaiting = resolve));
    const stopListening = onYieldRequest(() => stopWaiting('yielded'));
    const timer = setTimeout(() => stopWaiting('timed-out'), opts.timeoutMs ?? DELIVERY_TIMEOUT_MS);
    try {
      return await Promise.race([session.deliverQueued().then((): DeliveryOutcome => 'delivered'), interrupted]);
    } finally {
      clearTimeout(timer);
      stopListening();
      await session.close();
    }
  } finally {
    release();
  }
}
