/**
 * `pnpm bench`: every benchmark of the sync-integrity issue in one run, baselines included, as a
 * readable table with each figure's target and pass/fail; with `--json` the last stdout line is
 * one JSON object. Targets report, they do not gate: the exit code is 0 unless something broke.
 *
 *   node --conditions=source --import tsx test/bench/run.ts [--json] [--pace-ms 2] [--txns N] [--runs 7]
 *
 * Replay pacing: one friendsforever transaction (one keystroke) every `--pace-ms` (default 2 ms,
 * 500 keystrokes/s for the pair: about 50× two people typing, so the whole 26,078-transaction
 * trace runs in under a minute per system). Both systems get the same schedule; the table shows
 * the worst lateness against it, so queueing would be visible.
 */
import { loadYjs } from '../adversarial/workspace-deps.js';
import { benchColdOpen, TEXT_NAME } from './cold-open.js';
import { replayTrace, type ReplayResult } from './replay-driver.js';
import { percentile, round } from './stats.js';
import { startSecureBase, startYWebsocket } from './sync-systems.js';
import { loadConcurrentTrace, precomputeConcurrent } from './traces.js';

const Y = await loadYjs();

interface Options {
  json: boolean;
  paceMs: number;
  txns: number | undefined;
  runs: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { json: false, paceMs: 2, txns: undefined, runs: 7 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${arg} needs a positive number`);
      return n;
    };
    if (arg === '--json') opts.json = true;
    else if (arg === '--pace-ms') opts.paceMs = value();
    else if (arg === '--txns') opts.txns = Math.floor(value());
    else if (arg === '--runs') opts.runs = Math.floor(value());
    else throw new Error(`unknown option ${arg}`);
  }
  return opts;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));

  log('cold open: typing automerge-paper, sealing snapshot + 1,000 updates…');
  const coldOpen = await benchColdOpen({ runs: opts.runs });

  log('friendsforever: precomputing per-transaction updates…');
  const trace = loadConcurrentTrace('friendsforever');
  const { steps: allSteps, finalState } = precomputeConcurrent(trace, TEXT_NAME);
  const steps = opts.txns ? allSteps.slice(0, opts.txns) : allSteps;

  log(`friendsforever through the Secure Base relay (${steps.length} transactions, one every ${opts.paceMs} ms)…`);
  const ours = await startSecureBase();
  let oursReplay: ReplayResult;
  let stored: Awaited<ReturnType<typeof ours.compactAndMeasure>>;
  let envelopes: number;
  try {
    oursReplay = await replayTrace(steps, ours.docs, { paceMs: opts.paceMs });
    stored = await ours.compactAndMeasure();
    envelopes = ours.envelopesCommitted();
  } finally {
    await ours.close();
  }

  log('friendsforever through @y/websocket-server + y-websocket (plaintext baseline)…');
  const baseline = await startYWebsocket();
  let baseReplay: ReplayResult;
  try {
    baseReplay = await replayTrace(steps, baseline.docs, { paceMs: opts.paceMs });
  } finally {
    await baseline.close();
  }

  // The plain Yjs state of the final doc (full trace) or of the replayed prefix.
  const plainBytes = opts.txns ? mergedStateBytes(allSteps.slice(0, opts.txns)) : finalState.byteLength;
  const p50 = percentile(oursReplay.latenciesMs, 0.5);
  const p99 = percentile(oursReplay.latenciesMs, 0.99);
  const baseP99 = percentile(baseReplay.latenciesMs, 0.99);
  const result = {
    coldOpen: {
      ms: round(coldOpen.ms),
      plainMs: round(coldOpen.plainMs),
      ratioToPlainYjs: round(coldOpen.ratioToPlainYjs),
      snapshotBytes: coldOpen.snapshotBytes,
      trailingUpdates: coldOpen.trailingUpdates,
      runs: coldOpen.runs,
    },
    latency: {
      p50Ms: round(p50),
      p99Ms: round(p99),
      baselineP50Ms: round(percentile(baseReplay.latenciesMs, 0.5)),
      baselineP99Ms: round(baseP99),
      p99RatioToYWebsocket: round(p99 / baseP99),
      samples: oursReplay.latenciesMs.length,
      paceMs: opts.paceMs,
      maxScheduleLagMs: round(oursReplay.maxScheduleLagMs),
      baselineMaxScheduleLagMs: round(baseReplay.maxScheduleLagMs),
    },
    envelopesPerUpdate: round(envelopes / steps.length, 3),
    storage: {
      bytes: stored.bytes,
      plainYjsBytes: plainBytes,
      ratioToPlainYjs: round(stored.bytes / plainBytes, 3),
      trailingUpdates: stored.trailingUpdates,
    },
    transactions: steps.length,
  };

  printTable([
    ['cold open, encrypted (snapshot + 1k updates)', `${result.coldOpen.ms} ms`, '< 100 ms', result.coldOpen.ms < 100],
    ['cold open, plain Yjs', `${result.coldOpen.plainMs} ms`, '(baseline)', undefined],
    ['cold open ratio to plain Yjs', `${result.coldOpen.ratioToPlainYjs}×`, '≤ 1.5', result.coldOpen.ratioToPlainYjs <= 1.5],
    ['replay latency p50', `${result.latency.p50Ms} ms`, '', undefined],
    ['replay latency p99', `${result.latency.p99Ms} ms`, '', undefined],
    ['y-websocket latency p50', `${result.latency.baselineP50Ms} ms`, '(baseline)', undefined],
    ['y-websocket latency p99', `${result.latency.baselineP99Ms} ms`, '(baseline)', undefined],
    ['p99 ratio to y-websocket', `${result.latency.p99RatioToYWebsocket}×`, '≤ 1.5', result.latency.p99RatioToYWebsocket <= 1.5],
    ['envelopes per raw Yjs update', `${result.envelopesPerUpdate}`, '', undefined],
    ['relay bytes after compaction', `${result.storage.bytes} B`, '', undefined],
    ['plain Yjs state of the final doc', `${result.storage.plainYjsBytes} B`, '(baseline)', undefined],
    ['storage ratio to plain Yjs', `${result.storage.ratioToPlainYjs}×`, '≤ 1.3', result.storage.ratioToPlainYjs <= 1.3],
  ]);
  log(
    `pace ${opts.paceMs} ms/transaction, ${steps.length} transactions; worst schedule lag ${result.latency.maxScheduleLagMs} ms ` +
      `(baseline ${result.latency.baselineMaxScheduleLagMs} ms); ${oursReplay.stalls} / ${baseReplay.stalls} waits for an ancestor`,
  );
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Size of Y.encodeStateAsUpdate of the doc holding `steps` (a replayed prefix). */
function mergedStateBytes(steps: ReturnType<typeof precomputeConcurrent>['steps']): number {
  const doc = new Y.Doc();
  for (const step of steps) Y.applyUpdate(doc, step.update);
  return Y.encodeStateAsUpdate(doc).byteLength;
}

function printTable(rows: Array<[string, string, string, boolean | undefined]>): void {
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.toString().length), ['figure', 'value', 'target'][c]!.length));
  const line = (cells: string[]): string => cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ');
  console.log(line(['figure', 'value', 'target', 'result']));
  console.log(line(widths.map((w) => '-'.repeat(w)).concat(['------'])));
  for (const [name, value, target, pass] of rows) console.log(line([name, value, target, pass === undefined ? '' : pass ? 'pass' : 'FAIL']));
}

// Exit explicitly: a client library's leftover timer must not keep a finished benchmark alive.
main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
