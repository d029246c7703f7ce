/**
 * Cold open of a large workbook: the narrative typed with the whole automerge-paper trace (a
 * Y.Text named `narrative`, one Yjs transaction per trace transaction), compacted the way the
 * relay stores it: one encrypted snapshot (state, coversSeq, log hash, clocks, parent hash, as
 * @securebase/sync seals it) plus the last 1,000 transactions as update envelopes (update plus
 * signed head). Measured from those bytes in memory to a decrypted, applied Y.Doc, doing what
 * the provider does per entry: verify + decrypt, decode, fold the log hash, apply. The baseline is
 * plain Yjs applying the same snapshot state and the same 1,000 updates, unencrypted.
 *
 *   const result = await benchColdOpen({ runs: 7 });
 */
import { SHARED_DOC_ID, decodeSnapshotPayload, decodeUpdatePayload, encodeSnapshotPayload, encodeUpdatePayload } from '@securebase/protocol';
import {
  LOG_HASH_GENESIS,
  foldLogHash,
  generateDeviceKeys,
  hashBytes,
  generateSpaceKey,
  openEnvelope,
  readyCrypto,
  sealEnvelope,
} from '@securebase/crypto';
import { loadYjs, type YDoc } from '../adversarial/workspace-deps.js';
import { median, now } from './stats.js';
import { applyPatches, loadSequentialTrace } from './traces.js';

const Y = await loadYjs();

export const TEXT_NAME = 'narrative';
const TRAILING_UPDATES = 1000;

type YText = ReturnType<YDoc['getText']>;

export interface ColdOpenResult {
  ms: number;
  plainMs: number;
  ratioToPlainYjs: number;
  snapshotBytes: number;
  trailingUpdates: number;
  trailingBytes: number;
  patches: number;
  runs: number;
}

interface Stored {
  spaceId: string;
  key: Uint8Array;
  snapshot: { coversSeq: number; envelope: Uint8Array };
  updates: Array<{ seq: number; envelope: Uint8Array }>;
  plain: { state: Uint8Array; updates: Uint8Array[] };
  endContent: string;
  patches: number;
}

/** Type the trace, then seal the relay's compacted form of it. */
function buildStored(): Stored {
  const trace = loadSequentialTrace('automerge-paper');
  const doc = new Y.Doc();
  const text = doc.getText(TEXT_NAME);
  const split = trace.txns.length - TRAILING_UPDATES;
  trace.txns.slice(0, split).forEach((txn) => doc.transact(() => applyPatches(text, txn.patches)));
  const state = Y.encodeStateAsUpdate(doc);
  const raw: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => raw.push(u));
  trace.txns.slice(split).forEach((txn) => doc.transact(() => applyPatches(text, txn.patches)));
  if (text.toString() !== trace.endContent) throw new Error('automerge-paper replay does not reach endContent');

  const spaceId = Buffer.from(new Uint8Array(16).fill(7)).toString('base64url');
  const key = generateSpaceKey();
  const device = generateDeviceKeys();
  // The log as the relay numbers it: the snapshot covers seq `split`, the updates follow it. The
  // hash at the snapshot is opaque to opening, so any value stands in for folding 258k entries.
  const coversSeq = split;
  let logHash = hashBytes(LOG_HASH_GENESIS);
  const snapshotEnvelope = sealEnvelope({
    header: { spaceId, docId: SHARED_DOC_ID, epoch: 0, author: device.signPublicKey, clock: coversSeq, kind: 'snapshot' },
    plaintext: encodeSnapshotPayload({
      state,
      coversSeq,
      logHash,
      clocks: [{ author: device.signPublicKey, clock: coversSeq }],
      parentHash: new Uint8Array(0),
    }),
    epochKey: key,
    device,
  });
  const updates = raw.map((update, i) => {
    const seq = coversSeq + 1 + i;
    const envelope = sealEnvelope({
      header: { spaceId, docId: SHARED_DOC_ID, epoch: 0, author: device.signPublicKey, clock: seq, kind: 'update' },
      plaintext: encodeUpdatePayload({ update, head: { seq: seq - 1, hash: logHash } }),
      epochKey: key,
      device,
    });
    logHash = foldLogHash(logHash, seq, envelope);
    return { seq, envelope };
  });
  return {
    spaceId,
    key,
    snapshot: { coversSeq, envelope: snapshotEnvelope },
    updates,
    plain: { state, updates: raw },
    endContent: trace.endContent,
    patches: trace.txns.reduce((n, t) => n + t.patches.length, 0),
  };
}

/** Open the stored form as the provider does; returns the applied doc. */
function openEncrypted(stored: Stored): YText {
  const ctx = { spaceId: stored.spaceId, docId: SHARED_DOC_ID, keyForEpoch: (e: number) => (e === 0 ? stored.key : undefined) };
  const doc = new Y.Doc();
  const snap = openEnvelope(stored.snapshot.envelope, ctx);
  if (!snap.ok) throw snap.error;
  const payload = decodeSnapshotPayload(snap.value.plaintext);
  Y.applyUpdate(doc, payload.state);
  let logHash = payload.logHash;
  for (const entry of stored.updates) {
    const opened = openEnvelope(entry.envelope, ctx);
    if (!opened.ok) throw opened.error;
    const { update } = decodeUpdatePayload(opened.value.plaintext);
    logHash = foldLogHash(logHash, entry.seq, entry.envelope);
    Y.applyUpdate(doc, update);
  }
  return doc.getText(TEXT_NAME);
}

function openPlain(stored: Stored): YText {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, stored.plain.state);
  for (const update of stored.plain.updates) Y.applyUpdate(doc, update);
  return doc.getText(TEXT_NAME);
}

/** Median cold-open times over `runs` alternating runs (after one warm-up of each). */
export async function benchColdOpen(opts: { runs: number }): Promise<ColdOpenResult> {
  await readyCrypto();
  const stored = buildStored();
  if (openEncrypted(stored).toString() !== stored.endContent) throw new Error('encrypted cold open lost content');
  if (openPlain(stored).toString() !== stored.endContent) throw new Error('plain cold open lost content');
  const enc: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    let t = now();
    openEncrypted(stored);
    enc.push(now() - t);
    t = now();
    openPlain(stored);
    plain.push(now() - t);
  }
  const ms = median(enc);
  const plainMs = median(plain);
  return {
    ms,
    plainMs,
    ratioToPlainYjs: ms / plainMs,
    snapshotBytes: stored.snapshot.envelope.byteLength,
    trailingUpdates: stored.updates.length,
    trailingBytes: stored.updates.reduce((n, u) => n + u.envelope.byteLength, 0),
    patches: stored.patches,
    runs: opts.runs,
  };
}
