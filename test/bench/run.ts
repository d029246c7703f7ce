/**
 * `pnpm bench`: every benchmark of the sync-integrity issue in one run, baselines included, as a
 * readable table with each figure's target and pass/fail; with `--json` the last stdout line is
 * one JSON object. Targets report, they do not gate: the exit code is 0 unless something broke.
 *
 *   node --conditions=source --import tsx test/bench/run.ts [--json] [--breakdown] [--runs 7] [--human-seconds 110] [--rest-pace-ms 2] [--txns N]
 *
 * Cold open, two paths (cold-open.ts): `coldOpen` is what the app does on open, from the device's
 * own encrypted store; `coldOpenRelay` is a device with no local state, from the relay's snapshot
 * plus 1,000 updates, every entry verified. `coldOpen` keeps the sync-integrity issue's ≤ 1.5×;
 * `coldOpenRelay` has issue 15's ≤ 2× (its time in ms is shown against 100 ms for information).
 *
 * Replay pacing (pacing.ts): the trace's timestamps are all zero, so transactions follow one
 * another after seeded human inter-keystroke gaps (log-normal, median 140 ms, clamped to
 * [5, 250] ms). Latency is measured on the longest prefix of friendsforever that fits
 * `--human-seconds` at that pace, through both systems with the very same schedule. Then the rest
 * of the trace goes through the Secure Base relay at one transaction every `--rest-pace-ms`, so
 * the storage figure covers the whole document.
 *
 * First screen (first-screen.ts, issue 15): real Chromium on throttled 4G (9 Mbit/s, 150 ms RTT),
 * a first visit, a revisit with a warm service worker, and a space reopened to its home;
 * `--first-screen` runs only that part.
 *
 * Latency under load (load-latency.ts, issue 15): `--load-pairs` couples (200) typing at human
 * pace for `--load-seconds` (30) at once, ours and @y/websocket-server with the same schedule;
 * `--load` runs only that part.
 *
 * Cold open from the relay, stage by stage (cold-open-profile.ts, issue 15): each check's cost
 * on its own and the floor they leave; `--cold-open` runs only the cold opens and this.
 *
 * Scale-out (cluster.ts, issue 14): three relay nodes on a private PostgreSQL + Redis against
 * @y/websocket-server and Hocuspocus with its Redis extension. `--cluster` runs only that part;
 * `--skip-cluster` leaves it out. Its figures are the `cluster` member of the JSON object.
 */
import * as Y from 'yjs';
import { runSoak } from '../soak/soak.js';
import { benchColdOpen, TEXT_NAME, type ColdOpenFigures } from './cold-open.js';
import { profileColdOpenRelay, type ColdOpenProfile } from './cold-open-profile.js';
import { benchCluster, type ClusterFigures } from './cluster.js';
import { benchFirstScreen, type FirstScreenFigures } from './first-screen.js';
import { benchLoadLatency, type LoadLatencyFigures } from './load-latency.js';
import { clusterRows, type Row } from './cluster-report.js';
import { benchRelayVerify } from './relay-verify.js';
import { benchSealCost } from './seal-cost.js';
import { fixedSchedule, humanSchedule, HUMAN_PACE } from './pacing.js';
import { replayTrace, type ReplayResult } from './replay-driver.js';
import { percentile, round } from './stats.js';
import type { Breakdown, Stage } from './breakdown.js';
import { startSecureBase, startYWebsocket } from './sync-systems.js';
import { loadConcurrentTrace, precomputeConcurrent, type ReplayStep } from './traces.js';

interface Options {
  json: boolean;
  runs: number;
  humanSeconds: number;
  restPaceMs: number;
  txns: number | undefined;
  breakdown: boolean;
  soakSeconds: number;
  soakPairs: number;
  /** 'only': just the scale-out part; 'skip': everything else. */
  cluster: 'with' | 'only' | 'skip';
  /** Only the first-screen timing in Chromium on throttled 4G. */
  firstScreenOnly: boolean;
  /** Only the latency under load (many couples typing at once). */
  loadOnly: boolean;
  /** Only the cold opens and the relay open's profile. */
  coldOpenOnly: boolean;
  loadPairs: number;
  loadSeconds: number;
}

/** Targets from the issue. */
// The relay cold open's goal is issue 15's (≤ 2× plain Yjs); the local one keeps ≤ 1.5×.
const TARGET = { coldOpenMs: 100, coldOpenRatio: 1.5, coldOpenRelayRatio: 2, p99Ratio: 1.5, storageRatio: 1.3 };
const FIRST_SCREEN_BUDGET_KB = 180;

function parseArgs(argv: string[]): Options {
  const opts: Options = { json: false, runs: 7, humanSeconds: 110, restPaceMs: 2, txns: undefined, breakdown: false, soakSeconds: 120, soakPairs: 200, cluster: 'with', firstScreenOnly: false, loadOnly: false, coldOpenOnly: false, loadPairs: 200, loadSeconds: 30 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${arg} needs a positive number`);
      return n;
    };
    if (arg === '--json') opts.json = true;
    else if (arg === '--breakdown') opts.breakdown = true;
    else if (arg === '--runs') opts.runs = Math.floor(value());
    else if (arg === '--human-seconds') opts.humanSeconds = value();
    else if (arg === '--rest-pace-ms') opts.restPaceMs = value();
    else if (arg === '--txns') opts.txns = Math.floor(value());
    else if (arg === '--soak-seconds') opts.soakSeconds = Number(argv[++i] ?? Number.NaN);
    else if (arg === '--soak-pairs') opts.soakPairs = Math.floor(value());
    else if (arg === '--cluster') opts.cluster = 'only';
    else if (arg === '--skip-cluster') opts.cluster = 'skip';
    else if (arg === '--first-screen') opts.firstScreenOnly = true;
    else if (arg === '--load') opts.loadOnly = true;
    else if (arg === '--cold-open') opts.coldOpenOnly = true;
    else if (arg === '--load-pairs') opts.loadPairs = Math.floor(value());
    else if (arg === '--load-seconds') opts.loadSeconds = value();
    else throw new Error(`unknown option ${arg}`);
  }
  if (!Number.isFinite(opts.soakSeconds) || opts.soakSeconds < 0) throw new Error('--soak-seconds needs a number ≥ 0 (0 skips the soak)');
  return opts;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.cluster === 'only') {
    const cluster = await runCluster();
    printTable(clusterRows(cluster));
    printClusterNotes(cluster);
    if (opts.json) process.stdout.write(`${JSON.stringify({ cluster })}\n`);
    return;
  }
  if (opts.loadOnly) {
    const latencyUnderLoad = await benchLoadLatency({ pairs: opts.loadPairs, seconds: opts.loadSeconds, breakdown: opts.breakdown, progress: log });
    printTable(loadRows(latencyUnderLoad));
    if (latencyUnderLoad.ours.breakdown) printBreakdown(latencyUnderLoad.ours.breakdown, `latency breakdown under load (${latencyUnderLoad.pairs} couples)`);
    if (opts.json) process.stdout.write(`${JSON.stringify({ latencyUnderLoad })}\n`);
    return;
  }
  if (opts.firstScreenOnly) {
    const firstScreen = await benchFirstScreen({ progress: log });
    printTable(firstScreenRows(firstScreen));
    if (opts.json) process.stdout.write(`${JSON.stringify({ bundle: { firstScreenGzipBytes: firstScreen.firstScreenGzipBytes }, firstScreen })}\n`);
    return;
  }

  log('cold open: typing automerge-paper; opening from local state and from the relay (snapshot + 1,000 updates)…');
  const coldOpen = await benchColdOpen({ runs: opts.runs });
  log('cold open from the relay, stage by stage…');
  const coldOpenProfile = await profileColdOpenRelay({ runs: opts.runs });
  if (opts.coldOpenOnly) {
    printTable(coldOpenRows(coldOpen.relay, coldOpenProfile));
    if (opts.json) process.stdout.write(`${JSON.stringify({ coldOpenRelay: { ms: coldOpen.relay.ms, plainMs: coldOpen.relay.plainMs, ratioToPlainYjs: coldOpen.relay.ratioToPlainYjs, profile: coldOpenProfile } })}\n`);
    return;
  }

  log('friendsforever: precomputing per-transaction updates…');
  const trace = loadConcurrentTrace('friendsforever');
  const { steps: allSteps, finalState } = precomputeConcurrent(trace, TEXT_NAME);
  const steps = opts.txns ? allSteps.slice(0, opts.txns) : allSteps;
  const human = humanSchedule(steps.length, { budgetMs: opts.humanSeconds * 1000 });
  const paced = steps.slice(0, human.count);
  const rest = steps.slice(human.count);
  const pacing =
    `${paced.length} transactions at human pace (log-normal gaps, median ${HUMAN_PACE.medianMs} ms, ` +
    `clamped to [${HUMAN_PACE.minMs}, ${HUMAN_PACE.maxMs}] ms, seed ${HUMAN_PACE.seed}; ${round(human.durationMs / 1000, 1)} s)`;

  log(`friendsforever through the Secure Base relay: ${pacing}…`);
  const ours = await startSecureBase({ breakdown: opts.breakdown });
  let oursReplay: ReplayResult;
  let stored: Awaited<ReturnType<typeof ours.compactAndMeasure>>;
  let pacedEnvelopes: number;
  let allEnvelopes: number;
  let breakdown: Breakdown | undefined;
  try {
    await ours.record(true);
    oursReplay = await replayTrace(paced, ours.docs, { schedule: human.offsetsMs });
    await ours.record(false);
    breakdown = await ours.breakdown();
    pacedEnvelopes = ours.envelopesCommitted();
    if (rest.length > 0) {
      log(`…then the other ${rest.length} transactions at one every ${opts.restPaceMs} ms, for the storage figure…`);
      await replayTrace(rest, ours.docs, { schedule: fixedSchedule(rest.length, opts.restPaceMs).offsetsMs });
    }
    stored = await ours.compactAndMeasure();
    allEnvelopes = ours.envelopesCommitted();
  } finally {
    await ours.close();
  }

  log(`friendsforever through @y/websocket-server + y-websocket (plaintext baseline): the same ${paced.length} transactions, same schedule…`);
  const baseline = await startYWebsocket();
  let baseReplay: ReplayResult;
  try {
    baseReplay = await replayTrace(paced, baseline.docs, { schedule: human.offsetsMs });
  } finally {
    await baseline.close();
  }

  log('relay: signature check per envelope against the commit an ack waits for…');
  const relayVerify = await benchRelayVerify();
  log('sender: sealing one update envelope against its signature alone…');
  const sealCost = await benchSealCost();
  let soak: Awaited<ReturnType<typeof runSoak>> | undefined;
  if (opts.soakSeconds > 0) {
    log(`soak: ${opts.soakPairs} couples for ${opts.soakSeconds} s with one hostile client per attack…`);
    soak = await runSoak({ pairs: opts.soakPairs, seconds: opts.soakSeconds, progress: log });
  }
  const firstScreen = await benchFirstScreen({ progress: log });
  const latencyUnderLoad = await benchLoadLatency({ pairs: opts.loadPairs, seconds: opts.loadSeconds, breakdown: opts.breakdown, progress: log });
  const cluster = opts.cluster === 'with' ? await runCluster() : undefined;

  // The plain Yjs state of the final doc (full trace) or of the replayed prefix.
  const plainBytes = opts.txns ? mergedStateBytes(steps) : finalState.byteLength;
  const p50 = percentile(oursReplay.latenciesMs, 0.5);
  const p99 = percentile(oursReplay.latenciesMs, 0.99);
  const baseP99 = percentile(baseReplay.latenciesMs, 0.99);
  const figures = (f: ColdOpenFigures) => ({ ms: round(f.ms), plainMs: round(f.plainMs), ratioToPlainYjs: round(f.ratioToPlainYjs), runs: f.runs });
  const result = {
    coldOpen: {
      ...figures(coldOpen.local),
      path: 'local encrypted state (EncryptedStateStore) through EncryptedProvider',
      stateBytes: coldOpen.local.stateBytes,
      storedBytes: coldOpen.local.storedBytes,
    },
    coldOpenRelay: {
      ...figures(coldOpen.relay),
      path: 'relay snapshot + trailing updates, every entry verified',
      snapshotBytes: coldOpen.relay.snapshotBytes,
      trailingUpdates: coldOpen.relay.trailingUpdates,
      profile: coldOpenProfile,
    },
    latency: {
      p50Ms: round(p50),
      p99Ms: round(p99),
      baselineP50Ms: round(percentile(baseReplay.latenciesMs, 0.5)),
      baselineP99Ms: round(baseP99),
      p99RatioToYWebsocket: round(p99 / baseP99),
      samples: oursReplay.latenciesMs.length,
      baselineSamples: baseReplay.latenciesMs.length,
      pace: {
        kind: 'human',
        transactions: paced.length,
        medianGapMs: HUMAN_PACE.medianMs,
        sigma: HUMAN_PACE.sigma,
        minGapMs: HUMAN_PACE.minMs,
        maxGapMs: HUMAN_PACE.maxMs,
        seed: HUMAN_PACE.seed,
        durationMs: round(human.durationMs),
      },
      maxScheduleLagMs: round(oursReplay.maxScheduleLagMs),
      baselineMaxScheduleLagMs: round(baseReplay.maxScheduleLagMs),
    },
    envelopesPerUpdate: round(pacedEnvelopes / paced.length, 3),
    envelopesPerUpdateWholeTrace: round(allEnvelopes / steps.length, 3),
    storage: {
      bytes: stored.bytes,
      plainYjsBytes: plainBytes,
      ratioToPlainYjs: round(stored.bytes / plainBytes, 3),
      trailingUpdates: stored.trailingUpdates,
      restPaceMs: opts.restPaceMs,
    },
    transactions: steps.length,
    relayVerify,
    sealCost,
    bundle: { firstScreenGzipBytes: firstScreen.firstScreenGzipBytes },
    firstScreen,
    latencyUnderLoad,
    ...(soak ? { soak } : {}),
    ...(cluster ? { cluster } : {}),
    ...(breakdown ? { breakdown } : {}),
  };

  const ms = (v: number): string => `${v} ms`;
  const times = (v: number): string => `${v}×`;
  const relayNote = '(informational)';
  printTable([
    ['coldOpen: local encrypted state (app open)', ms(result.coldOpen.ms), `< ${TARGET.coldOpenMs} ms`, result.coldOpen.ms < TARGET.coldOpenMs],
    ['coldOpen: plain Yjs, same state', ms(result.coldOpen.plainMs), '(baseline)', undefined],
    ['coldOpen: ratio to plain Yjs', times(result.coldOpen.ratioToPlainYjs), `≤ ${TARGET.coldOpenRatio}`, result.coldOpen.ratioToPlainYjs <= TARGET.coldOpenRatio],
    ['coldOpenRelay: snapshot + 1k updates, verified', ms(result.coldOpenRelay.ms), `< ${TARGET.coldOpenMs} ms ${relayNote}`, result.coldOpenRelay.ms < TARGET.coldOpenMs],
    ['coldOpenRelay: plain Yjs, same state + updates', ms(result.coldOpenRelay.plainMs), '(baseline)', undefined],
    ['coldOpenRelay: ratio to plain Yjs', times(result.coldOpenRelay.ratioToPlainYjs), `≤ ${TARGET.coldOpenRelayRatio}`, result.coldOpenRelay.ratioToPlainYjs <= TARGET.coldOpenRelayRatio],
    ...profileRows(coldOpenProfile),
    ['replay latency p50 (human pace)', ms(result.latency.p50Ms), '', undefined],
    ['replay latency p99 (human pace)', ms(result.latency.p99Ms), '', undefined],
    ['y-websocket latency p50', ms(result.latency.baselineP50Ms), '(baseline)', undefined],
    ['y-websocket latency p99', ms(result.latency.baselineP99Ms), '(baseline)', undefined],
    ['p99 ratio to y-websocket', times(result.latency.p99RatioToYWebsocket), `≤ ${TARGET.p99Ratio}`, result.latency.p99RatioToYWebsocket <= TARGET.p99Ratio],
    ['envelopes per raw Yjs update (human pace)', `${result.envelopesPerUpdate}`, '', undefined],
    ['envelopes per raw Yjs update (whole trace)', `${result.envelopesPerUpdateWholeTrace}`, '', undefined],
    ['relay bytes after compaction', `${result.storage.bytes} B`, '', undefined],
    ['plain Yjs state of the final doc', `${result.storage.plainYjsBytes} B`, '(baseline)', undefined],
    ['storage ratio to plain Yjs', times(result.storage.ratioToPlainYjs), `≤ ${TARGET.storageRatio}`, result.storage.ratioToPlainYjs <= TARGET.storageRatio],
    [`relay signature check, ${relayVerify.small.envelopeBytes} B envelope`, `${relayVerify.small.verifyUs} µs`, '', undefined],
    [`relay commit of the same envelope`, `${relayVerify.small.commitUs} µs`, '(baseline)', undefined],
    ['signature check / commit', times(relayVerify.small.ratioToCommit), '', undefined],
    [`relay signature check, ${relayVerify.large.envelopeBytes} B envelope`, `${relayVerify.large.verifyUs} µs`, '', undefined],
    ['signature check / commit (large)', times(relayVerify.large.ratioToCommit), '', undefined],
    [`sender: seal one update (${sealCost.plaintextBytes} B)`, `${sealCost.sealUs} µs`, '', undefined],
    ['sender: Ed25519 signature alone, same bytes', `${sealCost.signUs} µs`, '(baseline)', undefined],
    ['sender: seal / signature', times(sealCost.ratioToSign), '', undefined],
    ...firstScreenRows(firstScreen),
    ...loadRows(latencyUnderLoad),
    ...soakRows(soak),
    ...(cluster ? clusterRows(cluster) : []),
  ]);
  log(
    `latency replay: ${pacing}; both systems on this schedule. Worst schedule lag ${result.latency.maxScheduleLagMs} ms ` +
      `(baseline ${result.latency.baselineMaxScheduleLagMs} ms); ${oursReplay.stalls} / ${baseReplay.stalls} waits for an ancestor. ` +
      `Storage covers all ${steps.length} transactions (the rest at ${opts.restPaceMs} ms each).`,
  );
  if (soak) log(`soak: relay RSS each second (MiB): ${soak.rssMiB.join(' ')}`);
  if (cluster) printClusterNotes(cluster);
  if (breakdown) printBreakdown(breakdown, 'latency breakdown (human-paced prefix)');
  if (latencyUnderLoad.ours.breakdown) printBreakdown(latencyUnderLoad.ours.breakdown, `latency breakdown under load (${latencyUnderLoad.pairs} couples)`);
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Table rows of where a cold open from the relay spends its time, and the floor that leaves. */
function profileRows(p: ColdOpenProfile): Array<[string, string, string, boolean | undefined]> {
  return [
    ...p.stages.map((stage): [string, string, string, undefined] => [
      `coldOpenRelay profile: ${stage.name}`,
      `${stage.ms} ms${stage.perEntryUs === undefined ? '' : ` (${stage.perEntryUs} µs / entry)`}`,
      '',
      undefined,
    ]),
    [`coldOpenRelay profile: one Ed25519 verification (each entry paid it before chaining)`, `${p.signatureUs} µs`, '', undefined],
    ['coldOpenRelay floor: (Yjs + every required check) / Yjs', `${p.floorRatio}×`, `≤ ${TARGET.coldOpenRelayRatio} reachable only below this`, undefined],
  ];
}

/** The relay cold open and its profile (`--cold-open`). */
function coldOpenRows(f: ColdOpenFigures, p: ColdOpenProfile): Array<[string, string, string, boolean | undefined]> {
  return [
    ['coldOpenRelay: snapshot + 1k updates, verified', `${round(f.ms)} ms`, '', undefined],
    ['coldOpenRelay: plain Yjs, same state + updates', `${round(f.plainMs)} ms`, '(baseline)', undefined],
    ['coldOpenRelay: ratio to plain Yjs', `${round(f.ratioToPlainYjs)}×`, `≤ ${TARGET.coldOpenRelayRatio}`, f.ratioToPlainYjs <= TARGET.coldOpenRelayRatio],
    ...profileRows(p),
  ];
}

/** Table rows of the latency under load. */
function loadRows(f: LoadLatencyFigures): Array<[string, string, string, boolean | undefined]> {
  const who = `${f.pairs} couples typing at once`;
  const loop = (l: LoadLatencyFigures['ours']['clientLoopDelayMs']): string => `client loop p99 ${l.p99} ms`;
  return [
    [`latencyUnderLoad: ${who}, p50 / p99`, `${f.ours.p50Ms} / ${f.ours.p99Ms} ms (${loop(f.ours.clientLoopDelayMs)})`, '', undefined],
    ...(f.ours.relay
      ? [
          [`latencyUnderLoad: relay commits (${f.ours.relay.commits}) p50 / p99, relay loop p99`, `${f.ours.relay.commitP50Ms} / ${f.ours.relay.commitP99Ms} ms, ${f.ours.relay.loopDelayMs.p99} ms`, '', undefined] as [string, string, string, undefined],
          ['latencyUnderLoad: relay CPU while typing', `${f.ours.relay.cpuCores} cores, ${f.ours.relay.cpuUsPerCommit} µs a push`, '', undefined] as [string, string, string, undefined],
        ]
      : []),
    ['latencyUnderLoad: y-websocket, p50 / p99', `${f.yWebsocket.p50Ms} / ${f.yWebsocket.p99Ms} ms (${loop(f.yWebsocket.clientLoopDelayMs)})`, '(baseline)', undefined],
    ['latencyUnderLoad: p99 ratio to y-websocket', `${f.p99RatioToYWebsocket}×`, `≤ ${TARGET.p99Ratio}`, f.p99RatioToYWebsocket <= TARGET.p99Ratio],
  ];
}

/** Table rows of the first-screen timing. */
function firstScreenRows(f: FirstScreenFigures): Array<[string, string, string, boolean | undefined]> {
  const net = `${f.network.downloadBitsPerSecond / 1e6} Mbit/s, ${f.network.latencyMs} ms RTT`;
  const path = (p: FirstScreenFigures['cold']): string => `${p.ms} ms (slowest ${p.maxMs} of ${p.runs})`;
  return [
    ['bundle: first-screen JavaScript, gzipped', `${round(f.firstScreenGzipBytes / 1000, 1)} KB`, `≤ ${FIRST_SCREEN_BUDGET_KB} KB`, f.firstScreenGzipBytes <= FIRST_SCREEN_BUDGET_KB * 1000],
    [`firstScreen: first visit, no service worker (${net})`, path(f.cold), '', undefined],
    ['firstScreen: first visit, no throttling', path(f.coldUnthrottled), '(baseline)', undefined],
    ['firstScreen: revisit, warm service worker', path(f.warmVisitor), '', undefined],
    ['firstScreen: reopen a space to its home, warm service worker', path(f.warmHome), '', undefined],
  ];
}

/** Table rows of the soak (none when it was skipped). */
function soakRows(soak: Awaited<ReturnType<typeof runSoak>> | undefined): Array<[string, string, string, boolean | undefined]> {
  if (!soak) return [];
  const h = soak.honest;
  return [
    [`soak: ${soak.pairs} couples × ${soak.seconds} s, writes acked`, `${h.writes - h.unacked} / ${h.writes}`, 'all', h.unacked === 0],
    ['soak: acknowledged writes lost on the relay', `${h.lostOnRelay}`, '0', h.lostOnRelay === 0],
    ['soak: couples not converged', `${h.divergedPairs}`, '0', h.divergedPairs === 0],
    ['soak: relay RSS growth under attack', `${soak.rssGrowthMiB} MiB`, '< 64 MiB', soak.rssGrowthMiB < 64],
    ['soak: relay event-loop delay p99', `${soak.relayLoopDelayMs.p99} ms`, '', undefined],
    ['soak: /healthz p99 under attack', `${soak.healthzMs.p99} ms`, '< 50 ms', soak.healthzMs.p99 < 50],
    ['soak: relay CPU (share of one core)', `${soak.relayCpuShare}`, '', undefined],
    ...soak.attacks.map((a): [string, string, string, boolean | undefined] => [
      `soak attack: ${a.attack} (${a.sent} sent)`,
      Object.entries(a.refusals).map(([k, n]) => `${k}×${n}`).join(', ') || 'no refusal',
      'refused, others unharmed',
      a.heldUp,
    ]),
  ];
}

/** Size of Y.encodeStateAsUpdate of the doc holding `steps` (a replayed prefix). */
function mergedStateBytes(steps: readonly ReplayStep[]): number {
  const doc = new Y.Doc();
  for (const step of steps) Y.applyUpdate(doc, step.update);
  return Y.encodeStateAsUpdate(doc).byteLength;
}

function printBreakdown(b: Breakdown, title: string): void {
  const stages: Array<[Stage, string]> = [
    ['senderApplyToPush', 'sender: local edit → push on the wire (merge, seal, sign; leading-edge edits)'],
    ['senderMergedApplyToPush', 'sender: local edit inside a merge window → push (waits for the window)'],
    ['pushToAck', 'push on the wire → ack at the sender (relay check + commit)'],
    ['pushToDelivered', 'push on the wire → entry at the partner (commit + fan-out + transit)'],
    ['relayCommit', 'relay commit alone (SQLite transaction + fsync, in the relay process)'],
    ['receiverDeliveredToApplied', 'receiver: entry arrived → applied (open, verify, log checks, Yjs)'],
  ];
  const width = Math.max(...stages.map(([, label]) => label.length));
  console.log(`\n${title.padEnd(width)}  p50 ms   p99 ms   mean ms  samples`);
  for (const [key, label] of stages) {
    const f = b[key];
    console.log(`${label.padEnd(width)}  ${String(f.p50Ms).padEnd(7)}  ${String(f.p99Ms).padEnd(7)}  ${String(f.meanMs).padEnd(7)}  ${f.samples}`);
  }
  const loop = (name: string, l: Breakdown['relayLoopDelayMs']): string => `${name} p50 ${l.p50} / p99 ${l.p99} / max ${l.max} ms`;
  console.log(`event-loop delay: ${loop('clients (bench process)', b.clientLoopDelayMs)}; ${loop('relay process', b.relayLoopDelayMs)}`);
  console.log(`snapshots written by the clients while recording: ${b.snapshotsSent}`);
}

function runCluster(): Promise<ClusterFigures> {
  log('scale-out: 3 relay nodes on private PostgreSQL + Redis, against @y/websocket-server and Hocuspocus + Redis…');
  return benchCluster({ progress: log });
}

function printClusterNotes(c: ClusterFigures): void {
  const s = c.latency.schedule;
  log(
    `scale-out: latency with ${s.pairs} writers × ${s.writes} writes every ${s.intervalMs} ms, the same schedule through all three systems; ` +
      `throughput ${c.throughput.seconds} s per run with ${c.throughput.window.oneSpace} (1 space) or ${c.throughput.window.manySpaces} (${c.throughput.spaces} spaces) writes ` +
      'unanswered per writer. Ours counts acks (committed to PostgreSQL); the baselines store nothing and ack nothing, so theirs counts ' +
      'updates the reader received. Cores: CPU of every server-side process (relay nodes + PostgreSQL + Redis; Hocuspocus + its Redis). ' +
      `Idle connections: ${c.idle.spaces} spaces, subscribed sockets on one node, RSS right after each step and, at the last, once settled (a major GC since the last connect, RSS steady for 10 s); ` +
      'beyond the largest sample the memory figures are extrapolated along a straight line.',
  );
}

function printTable(rows: Row[]): void {
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
