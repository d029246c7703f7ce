/**
 * The real editing traces in ../shared/traces (relative to the repo root; never copied into the
 * repo) and their replay into Yjs: the sequential automerge-paper trace typed into one Y.Text,
 * and the concurrent friendsforever trace turned into the exact Yjs update each transaction
 * produced on its author's replica (each replica holds exactly the transaction's ancestors when
 * it is applied, so positions mean what the trace says). Both replays are checked against the
 * trace's `endContent`.
 *
 *   const paper = loadSequentialTrace('automerge-paper');
 *   const doc = new Y.Doc();
 *   typeSequential(doc.getText('narrative'), paper.txns);
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';

/** [position, characters deleted, text inserted] */
export type Patch = [number, number, string];

export interface SequentialTrace {
  startContent: string;
  endContent: string;
  txns: Array<{ patches: Patch[] }>;
}

export interface ConcurrentTrace {
  endContent: string;
  numAgents: number;
  txns: Array<{ parents: number[]; agent: number; patches: Patch[] }>;
}

const TRACES_DIR = fileURLToPath(new URL('../../../shared/traces/', import.meta.url));

function readTrace(name: string): unknown {
  return JSON.parse(gunzipSync(readFileSync(`${TRACES_DIR}${name}.json.gz`)).toString('utf8'));
}

/** Load a sequential trace (automerge-paper). */
export function loadSequentialTrace(name: string): SequentialTrace {
  return readTrace(name) as SequentialTrace;
}

/** Load a concurrent trace (friendsforever). */
export function loadConcurrentTrace(name: string): ConcurrentTrace {
  return readTrace(name) as ConcurrentTrace;
}


/** Apply one transaction's patches to a Y.Text (in the caller's transaction). */
export function applyPatches(text: Y.Text, patches: Patch[]): void {
  for (const [pos, del, ins] of patches) {
    if (del > 0) text.delete(pos, del);
    if (ins) text.insert(pos, ins);
  }
}

/** One transaction of the concurrent trace as its author's replica produced it. */
export interface ReplayStep {
  agent: number;
  /** The Yjs update of this transaction alone. */
  update: Uint8Array;
  /** Clock of the other agents' clients this update needs first (client id → clock). */
  needs: Map<number, number>;
  /** The author client's clock after this transaction (it inserted if it grew). */
  clockAfter: number;
  inserts: boolean;
}

/** Client id of agent `n` in every replica (fixed, so runs are comparable). */
export const agentClientId = (agent: number): number => 1000 + agent;

/**
 * Turn the concurrent trace into per-transaction Yjs updates. Replica X, before applying a
 * transaction of agent X, merges exactly the ancestors it lacks (an agent's next transaction
 * always descends from its previous one, which the check against endContent confirms).
 */
export function precomputeConcurrent(trace: ConcurrentTrace, textName: string): { steps: ReplayStep[]; finalState: Uint8Array } {
  const replicas = Array.from({ length: trace.numAgents }, (_, agent) => {
    const doc = new Y.Doc();
    doc.clientID = agentClientId(agent);
    return { doc, included: new Set<number>() };
  });
  const steps: ReplayStep[] = [];
  trace.txns.forEach((txn, index) => {
    const replica = replicas[txn.agent]!;
    const missing: number[] = [];
    const stack = [...txn.parents];
    while (stack.length > 0) {
      const j = stack.pop()!;
      if (replica.included.has(j)) continue;
      replica.included.add(j);
      missing.push(j);
      stack.push(...trace.txns[j]!.parents);
    }
    missing.sort((x, y) => x - y);
    for (const j of missing) Y.applyUpdate(replica.doc, steps[j]!.update);
    const before = Y.decodeStateVector(Y.encodeStateVector(replica.doc));
    const own = agentClientId(txn.agent);
    const needs = new Map([...before].filter(([client]) => client !== own));
    let update: Uint8Array | undefined;
    const capture = (u: Uint8Array): void => {
      update = u;
    };
    replica.doc.on('update', capture);
    replica.doc.transact(() => applyPatches(replica.doc.getText(textName), txn.patches));
    replica.doc.off('update', capture);
    replica.included.add(index);
    if (!update) throw new Error(`friendsforever transaction ${index} changed nothing`);
    const clockAfter = Y.decodeStateVector(Y.encodeStateVector(replica.doc)).get(own) ?? 0;
    steps.push({ agent: txn.agent, update, needs, clockAfter, inserts: clockAfter > (before.get(own) ?? 0) });
  });
  const merged = new Y.Doc();
  for (const step of steps) Y.applyUpdate(merged, step.update);
  const text = merged.getText(textName).toString();
  if (text !== trace.endContent) throw new Error('friendsforever replay does not reach endContent');
  return { steps, finalState: Y.encodeStateAsUpdate(merged) };
}
