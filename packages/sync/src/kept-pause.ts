/**
 * The one pause this device asked for and is still repeating, kept in the device's local store
 * (the app passes its encrypted one) so that reloading the tab does not drop it: LiveMoments
 * reads it back on open and decides whether it resumes. One record per space, written when the
 * pause starts and deleted when it ends or its time is up; never synced, never sent.
 *
 * The record is the pause-start signal itself, in the live-signal codec (live-signals.ts), so
 * reading it back validates it exactly as a received copy would be. Writes run one after the
 * other, in the order they were asked for: a start followed at once by an end leaves nothing.
 *
 *   const kept = new KeptPause({ store, spaceId, onError });
 *   const pause = await kept.load();     // undefined when none (or unreadable, which is deleted)
 *   kept.keep(signal);  kept.forget(signal.id);
 */
import { decodeLiveSignal, encodeLiveSignal, type LiveSignal } from './live-signals.js';
import type { LocalStateStore } from './state-store.js';

export type PauseStartSignal = Extract<LiveSignal, { kind: 'pause-start' }>;

export interface KeptPauseOptions {
  /** This device's local store: the app's encrypted one (EncryptedStateStore). */
  store: LocalStateStore;
  /** The space the pause belongs to: a device that changes space does not resume an old one. */
  spaceId: string;
  /** A store read or write failed (the pause itself goes on; only a reload would lose it). */
  onError: (err: unknown) => void;
}

/** Store key of a space's kept pause. */
export function ownPauseKey(spaceId: string): string {
  return `live/${spaceId}/own-pause`;
}

/** This device's own active pause, in its local store. */
export class KeptPause {
  private readonly store: LocalStateStore;
  private readonly key: string;
  private readonly onError: (err: unknown) => void;
  /** Id of the pause in the store as far as this device knows; a forget for another id is stale. */
  private held: string | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(opts: KeptPauseOptions) {
    this.store = opts.store;
    this.key = ownPauseKey(opts.spaceId);
    this.onError = opts.onError;
  }

  /** The kept pause, read after any write asked for earlier; undefined if none or on failure. */
  load(): Promise<PauseStartSignal | undefined> {
    const read = this.queue.then(async () => {
      const bytes = await this.store.get(this.key);
      if (bytes === undefined) return undefined;
      const decoded = decodeLiveSignal(bytes);
      if (!decoded.ok || decoded.signal.kind !== 'pause-start') {
        // Not a pause this code can resume (written by a later version, say): nothing to keep.
        await this.store.delete(this.key);
        return undefined;
      }
      // A pause started while this read waited has replaced the record already.
      this.held ??= decoded.signal.id;
      return decoded.signal;
    });
    this.queue = read.then(
      () => undefined,
      (err: unknown) => this.onError(err),
    );
    return read.catch(() => undefined);
  }

  /** Keep `signal` as this device's active pause (replacing any other). */
  keep(signal: PauseStartSignal): void {
    this.held = signal.id;
    const { id, signalWord, minutes, startedAt } = signal;
    const bytes = encodeLiveSignal({ kind: 'pause-start', id, signalWord, minutes, startedAt });
    this.enqueue(() => this.store.set(this.key, bytes));
  }

  /** Delete the kept pause if it is `id` (a later pause that replaced it stays). */
  forget(id: string): void {
    if (this.held !== id) return;
    this.held = undefined;
    this.enqueue(() => this.store.delete(this.key));
  }

  /** Resolves once every write asked for so far has finished (or failed and been reported). */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(write: () => Promise<void>): void {
    this.queue = this.queue.then(write).catch((err: unknown) => this.onError(err));
  }
}
