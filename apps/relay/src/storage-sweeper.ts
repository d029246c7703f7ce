/**
 * Garbage collection of what the relay keeps past its purpose: a periodic sweep that deletes
 * expired invites (payload included; a tombstone says "expired" for a while), device links that
 * expired unconsumed or were consumed more than `consumedLinkGraceMs` ago (the grace lets the new
 * device's last poll still see `linked`), invite tombstones older than the longest invite
 * lifetime (no link that old can still be presented as fresh), and spaces that never got a
 * second partner within `abandonedSpaceMs` and hold no unexpired invite, with every row. A space
 * whose partner LEFT was paired once and is never deleted here. Each pass deletes at most
 * `sweepBatchRows` rows per kind, so it never holds the event loop for long; what is left waits
 * for the next pass. The timer is unref'd: it never keeps the process alive.
 *
 *   const sweeper = startStorageSweeper({ storage, limits, now: Date.now });
 *   await sweeper.sweepNow(); // { invites, tombstones, deviceLinks, spaces }
 *   sweeper.stop();
 */
import type { RelayLimits } from './limits.js';
import type { RelayStorage } from './storage/types.js';

/** Rows (spaces for `spaces`) one pass deleted, by kind. */
export interface SweepResult {
  invites: number;
  tombstones: number;
  deviceLinks: number;
  spaces: number;
}

export interface StorageSweeperOptions {
  storage: RelayStorage;
  limits: Pick<RelayLimits, 'sweepIntervalMs' | 'sweepBatchRows' | 'consumedLinkGraceMs' | 'abandonedSpaceMs' | 'maxInviteLifetimeMs'>;
  /** Clock in ms since the epoch (tests move it). */
  now: () => number;
  /** Called with an error a pass threw; the sweeper keeps running. */
  onError?: (error: unknown) => void;
}

export interface StorageSweeper {
  /** Run one pass now and return what it deleted. */
  sweepNow(): Promise<SweepResult>;
  /** Stop the timer; a pass already running finishes its current call. */
  stop(): void;
}

/** One bounded pass over every kind of expired record. */
export async function sweepStorage(options: Omit<StorageSweeperOptions, 'onError'>): Promise<SweepResult> {
  const { storage, limits } = options;
  const now = options.now();
  const rows = limits.sweepBatchRows;
  // One kind after the other: each call is its own bounded transaction.
  const invites = await storage.purgeExpiredInvites(now, rows);
  const tombstones = await storage.purgeInviteTombstones(now - limits.maxInviteLifetimeMs, rows);
  const deviceLinks = await storage.purgeDeviceLinks(now, now - limits.consumedLinkGraceMs, rows);
  const spaces = await storage.purgeAbandonedSpaces(now - limits.abandonedSpaceMs, now, rows);
  return { invites, tombstones, deviceLinks, spaces };
}

/** Start sweeping every `sweepIntervalMs`. */
export function startStorageSweeper(options: StorageSweeperOptions): StorageSweeper {
  // One pass at a time: a slow database never stacks passes on top of each other.
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepStorage(options)
      .catch((error: unknown) => {
        // A failed pass (say, a full disk or a database restart) is reported; the next pass tries again.
        if (options.onError) options.onError(error);
        // Without a handler, as before: the failure is not swallowed (an unhandled rejection).
        else throw error;
      })
      .finally(() => {
        running = false;
      });
  }, options.limits.sweepIntervalMs);
  timer.unref();
  return {
    sweepNow: () => sweepStorage(options),
    stop: () => clearInterval(timer),
  };
}
