/**
 * Group commit for the PostgreSQL relay (issue 14, throughput). One push used to be one
 * transaction of seven round trips (BEGIN, the row lock, the state, the insert, two charges,
 * COMMIT) and one WAL flush. Here the pushes waiting at the same moment, from every session of
 * this node, go to the database together as one statement (`relay_append_updates`, schema v2),
 * which is its own transaction: one round trip and one flush for the whole batch, each push still
 * under its own rules, in the order it came.
 *
 * A space is in at most one batch at a time: two batches holding the same space would race for
 * its row lock, and the later pushes could commit first and be refused as out of order. Pushes of
 * a space whose batch is still running wait for the next one; other spaces go on at once, up to
 * `maxInFlight` batches (connections) at a time.
 *
 * Every push's promise settles only when the statement's answer is back, which PostgreSQL sends
 * after the implicit COMMIT: an ack still waits for the disk. A batch that fails as a whole is
 * answered so: if the database refused one push's data (SQLSTATE classes 22 and 23: nothing was
 * written), each push runs again alone so only that one fails; if the statement may have
 * committed (the connection was cut after it was sent), every push is rejected and none acked,
 * and the client's identical retry gets its first seq back as a duplicate.
 *
 *   const batcher = new AppendBatcher((inputs) => runBatch(inputs), { onBatch });
 *   await batcher.append(input);   // { status: 'committed', seq } once durable
 */
import type { AppendUpdateInput, AppendUpdateResult } from './types.js';

export interface AppendBatchOptions {
  /** At most this many pushes per statement; the rest go in the next. */
  maxBatch?: number;
  /** At most this many statements at once (each holds a pool connection). */
  maxInFlight?: number;
  /** After each batch that answered: how many pushes it held and how long it took (metrics, tests, the bench). */
  onBatch?: (size: number, seconds: number) => void;
}

/** Runs `inputs` as one transaction; one result per input, in order. */
export type BatchRunner = (inputs: readonly AppendUpdateInput[]) => Promise<AppendUpdateResult[]>;

interface Pending {
  input: AppendUpdateInput;
  resolve: (result: AppendUpdateResult) => void;
  reject: (error: Error) => void;
}

/** True when the database refused the data itself, so the statement certainly wrote nothing. */
function isDataError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

export class AppendBatcher {
  readonly #run: BatchRunner;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  readonly #onBatch: AppendBatchOptions['onBatch'];
  #pending: Pending[] = [];
  /** Spaces in a running batch. */
  readonly #busy = new Set<string>();
  #inFlight = 0;
  #scheduled = false;

  constructor(run: BatchRunner, options: AppendBatchOptions = {}) {
    this.#run = run;
    this.#maxBatch = options.maxBatch ?? 256;
    this.#maxInFlight = options.maxInFlight ?? 4;
    this.#onBatch = options.onBatch;
  }

  append(input: AppendUpdateInput): Promise<AppendUpdateResult> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ input, resolve, reject });
      this.#schedule();
    });
  }

  /** Start batches at the end of this turn, so the pushes of one turn share one. */
  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.#maxInFlight || this.#pending.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#start();
    });
  }

  #start(): void {
    while (this.#inFlight < this.#maxInFlight) {
      const batch = this.#take();
      if (batch.length === 0) return;
      this.#inFlight++;
      void this.#runBatch(batch);
    }
  }

  /** The oldest waiting pushes of spaces not in a running batch, in arrival order, up to maxBatch. */
  #take(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const spaces = new Set<string>();
    for (const pending of this.#pending) {
      const { spaceId } = pending.input;
      // Once the batch is full, every later push waits, so none overtakes an earlier one of its space.
      if (this.#busy.has(spaceId) || batch.length >= this.#maxBatch) rest.push(pending);
      else {
        batch.push(pending);
        spaces.add(spaceId);
      }
    }
    for (const spaceId of spaces) this.#busy.add(spaceId);
    this.#pending = rest;
    return batch;
  }

  async #runBatch(batch: Pending[]): Promise<void> {
    try {
      await this.#answer(batch);
    } finally {
      for (const pending of batch) this.#busy.delete(pending.input.spaceId);
      this.#inFlight--;
      this.#schedule();
    }
  }

  async #answer(batch: Pending[]): Promise<void> {
    const started = process.hrtime.bigint();
    let results: AppendUpdateResult[];
    try {
      results = await this.#run(batch.map((p) => p.input));
    } catch (error) {
      if (batch.length > 1 && isDataError(error)) {
        // One push's data broke the statement and nothing was written: each alone, in order.
        for (const pending of batch) await this.#answer([pending]);
        return;
      }
      for (const pending of batch) pending.reject(asError(error));
      return;
    }
    this.#onBatch?.(batch.length, Number(process.hrtime.bigint() - started) / 1e9);
    batch.forEach((pending, i) => {
      const result = results[i];
      if (result) pending.resolve(result);
      else pending.reject(new Error('relay_append_updates answered fewer rows than it was given'));
    });
  }
}
