/**
 * One writer at a time. The popup, the side panel and the background worker share one vault;
 * two providers on it would seal changes with the same per-device clock. A Web Lock (shared by
 * every context of the extension's origin) makes the holder the only one with a NoteSession, and
 * a BroadcastChannel lets a window that opens ask the current holder to step aside: the newest
 * window wins, the older one shows "open in another window".
 *
 *   announceOpening();                                   // ask others to let go
 *   const release = await acquireSessionLock();          // waits until they have
 *   const stop = onYieldRequest(() => closeAndRelease());
 */

const LOCK_NAME = 'securebase-note-session';
const CHANNEL_NAME = 'securebase-note-session';
const YIELD = 'yield';

// One channel per context: a channel never receives its own messages.
let channel: BroadcastChannel | undefined;
function sharedChannel(): BroadcastChannel {
  channel ??= new BroadcastChannel(CHANNEL_NAME);
  return channel;
}

/** Ask whichever context holds the session to close it and release the lock. */
export function announceOpening(): void {
  sharedChannel().postMessage(YIELD);
}

/** Call `onYield` whenever another context asks for the session; returns the unsubscribe. */
export function onYieldRequest(onYield: () => void): () => void {
  const listener = (event: MessageEvent): void => {
    if (event.data === YIELD) onYield();
  };
  sharedChannel().addEventListener('message', listener);
  return () => sharedChannel().removeEventListener('message', listener);
}

/**
 * Take the session lock. Resolves with its release function; with `ifAvailable`, resolves
 * undefined at once when another context holds it. Rejects with the signal's reason if aborted
 * while waiting.
 */
export function acquireSessionLock(opts: { ifAvailable?: boolean; signal?: AbortSignal } = {}): Promise<(() => void) | undefined> {
  return new Promise((resolve, reject) => {
    const options: LockOptions = opts.ifAvailable ? { ifAvailable: true } : opts.signal ? { signal: opts.signal } : {};
    navigator.locks
      .request(LOCK_NAME, options, (lock) => {
        if (!lock) {
          resolve(undefined);
          return undefined;
        }
        // The lock is held until the returned promise settles, i.e. until `release` is called.
        return new Promise<void>((release) => resolve(release));
      })
      .catch(reject);
  });
}
