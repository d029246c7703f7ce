/**
 * Replays the concurrent friendsforever trace through two synced replicas (one per agent), the
 * same way for any sync system: every trace transaction is applied to its author's replica at its
 * time in a schedule (see pacing.ts), as the precomputed Yjs update of that transaction (origin 'replay', so providers
 * treat it as a local edit). A transaction waits only if its replica still lacks an ancestor from
 * the other agent (counted as a stall). Latency = from applying a transaction locally to the
 * first moment the other replica holds it (its state vector covers the transaction's clock);
 * measured for transactions that insert (a pure delete leaves no clock to watch).
 *
 *   const result = await replayTrace(steps, [docA, docB], { schedule: humanSchedule(steps.length).offsetsMs });
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import { now } from './stats.js';
import { agentClientId, type ReplayStep } from './traces.js';

/** Origin of replayed local edits. */
export const REPLAY_ORIGIN = 'replay';

export interface ReplayResult {
  latenciesMs: number[];
  stalls: number;
  /** Worst lateness against the schedule: shows whether the replay kept its pace. */
  maxScheduleLagMs: number;
  durationMs: number;
}

const stateOf = (doc: Y.Doc, client: number): number => Y.decodeStateVector(Y.encodeStateVector(doc)).get(client) ?? 0;

/** Replay `steps` into `docs` (index = agent), step i at `schedule[i]` ms after the start. */
export async function replayTrace(
  steps: readonly ReplayStep[],
  docs: readonly Y.Doc[],
  opts: { schedule: readonly number[]; timeoutMs?: number },
): Promise<ReplayResult> {
  if (opts.schedule.length < steps.length) throw new RangeError('replayTrace: the schedule is shorter than the steps');
  const latencies: number[] = [];
  // Per author: inserting transactions sent but not yet seen on the other replica, in order.
  const inFlight = docs.map(() => [] as Array<{ clockAfter: number; sentAt: number }>);
  const watchers = docs.map((doc, receiver) => {
    const watch = (): void => {
      docs.forEach((_, author) => {
        if (author === receiver) return;
        const queue = inFlight[author]!;
        if (queue.length === 0) return;
        const seen = stateOf(doc, agentClientId(author));
        while (queue.length > 0 && queue[0]!.clockAfter <= seen) latencies.push(now() - queue.shift()!.sentAt);
      });
    };
    doc.on('update', watch);
    return () => doc.off('update', watch);
  });

  let stalls = 0;
  let maxLag = 0;
  const start = now();
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const doc = docs[step.agent]!;
    const due = start + opts.schedule[i]!;
    const wait = due - now();
    if (wait >= 1) await sleep(wait);
    let stalled = false;
    while (![...step.needs].every(([client, clock]) => stateOf(doc, client) >= clock)) {
      stalled = true;
      await sleep(1);
    }
    if (stalled) stalls++;
    maxLag = Math.max(maxLag, now() - due);
    const sentAt = now();
    if (step.inserts) inFlight[step.agent]!.push({ clockAfter: step.clockAfter, sentAt });
    Y.applyUpdate(doc, step.update, REPLAY_ORIGIN);
  }
  const deadline = now() + (opts.timeoutMs ?? 30_000);
  while (inFlight.some((q) => q.length > 0)) {
    if (now() > deadline) throw new Error('replay: some transactions never reached the other replica');
    await sleep(5);
  }
  for (const stop of watchers) stop();
  return { latenciesMs: latencies, stalls, maxScheduleLagMs: maxLag, durationMs: now() - start };
}
