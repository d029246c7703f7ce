/**
 * Group commit for the SQLite relay (issue 15, latency under load). With synchronous=FULL every
 * transaction waits for its own fsync, so under many couples typing at once the relay spends
 * most of its loop in commits. Appends that arrive in the same turn of the event loop, from any
 * session, are committed together in one transaction: each keeps its own rules and its own
 * SAVEPOINT (a refusal or a throw touches only that append), and one fsync makes them all
 * durable. Every append's promise settles only after that COMMIT returns, so an ack still waits
 * for the disk; if the COMMIT itself fails, every append of the batch is rejected and none acked.
 *
 *   const storage = groupCommitAppends(resolvedStorage(sqlite), sqlite);
 *   await storage.appendUpdate(input);   // batched with the appends of the same turn
 *
 * Waiting for the turn costs one setImmediate: nothing is held back for a timer.
 */
import type { AppendUpdateInput, AppendUpdateResult, RelayStorage } from './types.js';

/** What the batch needs of the synchronous adapter. */
export interface BatchAppender {
  /** All `inputs` in one transaction; each entry is that input's result or what it threw. */
  appendUpdates(inputs: readonly AppendUpdateInput[]): Array<AppendUpdateResult | Error>;
}

export interface GroupCommitOptions {
  /** At most this many appends per transaction (the rest go in the next turn), so one batch never holds the loop long. */
  maxBatch?: number;
  /** After each batch: how many appends it committed and how long the transaction took (metrics, the bench). */
  onBatch?: (size: number, seconds: number) => void;
}

interface Pending {
  input: AppendUpdateInput;
  resolve: (result: AppendUpdateResult) => void;
  reject: (error: Error) => void;
}

/** `storage` with `appendUpdate` batched per event-loop turn through `appender`. */
export function groupCommitAppends(storage: RelayStorage, appender: BatchAppender, options: GroupCommitOptions = {}): RelayStorage {
  const maxBatch = options.maxBatch ?? 256;
  let queue: Pending[] = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(maxBatch);
    if (queue.length > 0) schedule();
    const started = process.hrtime.bigint();
    let results: Array<AppendUpdateResult | Error>;
    try {
      results = appender.appendUpdates(batch.map((p) => p.input));
    } catch (error) {
      // The COMMIT (or BEGIN) failed: nothing of the batch is durable, so nothing is acked.
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const p of batch) p.reject(failure);
      return;
    }
    options.onBatch?.(batch.length, Number(process.hrtime.bigint() - started) / 1e9);
    batch.forEach((p, i) => {
      const result = results[i]!;
      if (result instanceof Error) p.reject(result);
      else p.resolve(result);
    });
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  return {
    ...storage,
    appendUpdate: (input) =>
      new Promise<AppendUpdateResult>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        schedule();
      }),
  };
}
