/**
 * Cold open of a large workbook: the narrative typed with the whole automerge-paper trace (a
 * Y.Text named `narrative`, one Yjs transaction per trace transaction), opened two ways, each
 * against plain Yjs applying the same state unencrypted:
 *
 * - `local` (what the app does on open): a real EncryptedProvider, not connected, opening the
 *   device's own EncryptedStateStore (the sealed doc-state record and the log position, as a
 *   synced device left them; its outbox is empty). Timed from constructing the provider to the
 *   decrypted, applied doc: one record decrypt and one Y.applyUpdate, no per-update signature
 *   work (every entry in that state was verified when it arrived). Plain: Y.applyUpdate of the
 *   same state.
 * - `relay` (a device with no local state, or one far behind): the relay's compacted form, one
 *   encrypted snapshot plus the last 1,000 transactions as update envelopes, opened as the
 *   provider opens a frame of them (openEnvelopeChain: each device's chain of `prev` hashes is
 *   proven by its newest signature, every envelope is still decrypted and checked), decoded,
 *   folded into the log hash and applied. Plain: the snapshot state and the same 1,000 updates.
 *
 *   const { local, relay } = await benchColdOpen({ runs: 7 });
 */
import { SHARED_DOC_ID, SPACE_SCOPE, decodeSnapshotPayload, decodeUpdatePayload, encodeSnapshotPayload, encodeUpdatePayload } from '@securebase/protocol';
import {
  LOG_HASH_GENESIS,
  foldLogHash,
  foldLogHashOfDigest,
  generateDeviceKeys,
  generateSpaceKey,
  hashBytes,
  openEnvelope,
  openEnvelopeChain,
  readyCrypto,
  sealEnvelope,
} from '@securebase/crypto';
import { EncryptedProvider, EncryptedStateStore, MemoryStateStore, makeCredentials, openLocalKey, type Credentials } from '@securebase/sync';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { median, now } from './stats.js';
import { applyPatches, loadSequentialTrace } from './traces.js';

export const TEXT_NAME = 'narrative';
const TRAILING_UPDATES = 1000;
/** Never contacted: the local open runs with `connect: false`. */
const OFFLINE_RELAY = 'http://127.0.0.1:9';
// reason: `ws` implements the browser WebSocket API the provider uses, but its class type is not the DOM one.
const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

/** Median times of one way to open, against plain Yjs. */
export interface ColdOpenFigures {
  ms: number;
  plainMs: number;
  ratioToPlainYjs: number;
  runs: number;
}

export interface LocalColdOpen extends ColdOpenFigures {
  /** Plain Yjs state of the document. */
  stateBytes: number;
  /** Everything the store holds for the document (sealed records). */
  storedBytes: number;
}

export interface RelayColdOpen extends ColdOpenFigures {
  snapshotBytes: number;
  trailingUpdates: number;
  trailingBytes: number;
}

export interface ColdOpenResult {
  local: LocalColdOpen;
  relay: RelayColdOpen;
  patches: number;
}

export interface Typed {
  /** Transactions before the trailing ones: the seq the relay's snapshot covers. */
  snapshotSeq: number;
  /** The doc before the trailing transactions, and their Yjs updates. */
  snapshotState: Uint8Array;
  trailing: Uint8Array[];
  finalState: Uint8Array;
  endContent: string;
  patches: number;
}

export interface RelayStored {
  spaceId: string;
  key: Uint8Array;
  snapshot: { coversSeq: number; envelope: Uint8Array };
  updates: Array<{ seq: number; envelope: Uint8Array }>;
}

interface LocalStored {
  credentials: Credentials;
  inner: MemoryStateStore;
  localKey: Uint8Array;
}

/** Type the whole trace, keeping the state before the last 1,000 transactions and their updates. */
export function typeTrace(): Typed {
  const trace = loadSequentialTrace('automerge-paper');
  const doc = new Y.Doc();
  const text = doc.getText(TEXT_NAME);
  const split = trace.txns.length - TRAILING_UPDATES;
  trace.txns.slice(0, split).forEach((txn) => doc.transact(() => applyPatches(text, txn.patches)));
  const snapshotState = Y.encodeStateAsUpdate(doc);
  const trailing: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => trailing.push(u));
  trace.txns.slice(split).forEach((txn) => doc.transact(() => applyPatches(text, txn.patches)));
  if (text.toString() !== trace.endContent) throw new Error('automerge-paper replay does not reach endContent');
  return {
    snapshotSeq: split,
    snapshotState,
    trailing,
    finalState: Y.encodeStateAsUpdate(doc),
    endContent: trace.endContent,
    patches: trace.txns.reduce((n, t) => n + t.patches.length, 0),
  };
}

/** Seal the relay's compacted form: a snapshot at seq `split`, the trailing updates after it. */
export function sealRelayForm(typed: Typed): RelayStored {
  const spaceId = Buffer.from(new Uint8Array(16).fill(7)).toString('base64url');
  const key = generateSpaceKey();
  const device = generateDeviceKeys();
  // The log as the relay numbers it: the snapshot covers one seq per transaction before it. Its
  // hash is opaque to opening, so any value stands in for folding 258k entries.
  const coversSeq = typed.snapshotSeq;
  let logHash = hashBytes(LOG_HASH_GENESIS);
  const snapshotEnvelope = sealEnvelope({
    header: { spaceId, docId: SHARED_DOC_ID, epoch: 0, author: device.signPublicKey, clock: coversSeq, kind: 'snapshot' },
    plaintext: encodeSnapshotPayload({
      state: typed.snapshotState,
      coversSeq,
      logHash,
      clocks: [{ author: device.signPublicKey, clock: coversSeq }],
      parentHash: new Uint8Array(0),
    }),
    epochKey: key,
    device,
  });
  // Each envelope names the device's previous one (`prev`), as the provider seals them.
  let prev: Uint8Array | undefined;
  const updates = typed.trailing.map((update, i) => {
    const seq = coversSeq + 1 + i;
    const head = { seq: seq - 1, hash: logHash };
    const envelope = sealEnvelope({
      header: { spaceId, docId: SHARED_DOC_ID, epoch: 0, author: device.signPublicKey, clock: seq, kind: 'update' },
      plaintext: encodeUpdatePayload(prev ? { update, head, prev } : { update, head }),
      epochKey: key,
      device,
    });
    logHash = foldLogHash(logHash, seq, envelope);
    prev = hashBytes(envelope);
    return { seq, envelope };
  });
  return { spaceId, key, snapshot: { coversSeq, envelope: snapshotEnvelope }, updates };
}

/** Open the relay form as the provider does; returns the applied doc. */
function openFromRelay(stored: RelayStored): Y.Doc {
  const ctx = { spaceId: stored.spaceId, docId: SHARED_DOC_ID, keyForEpoch: (e: number) => (e === 0 ? stored.key : undefined) };
  const doc = new Y.Doc();
  const snap = openEnvelope(stored.snapshot.envelope, ctx);
  if (!snap.ok) throw snap.error;
  const payload = decodeSnapshotPayload(snap.value.plaintext);
  // The bench seals a version 1 snapshot (one state) from the reader's own device.
  if (!payload.state) throw new Error('cold-open bench: expected a version 1 snapshot');
  Y.applyUpdate(doc, payload.state);
  let logHash = payload.logHash;
  const read = (o: { plaintext: Uint8Array }) => {
    const payload = decodeUpdatePayload(o.plaintext);
    return { prev: payload.prev, read: payload };
  };
  const opened = openEnvelopeChain(
    stored.updates.map((entry) => entry.envelope),
    ctx,
    read,
  );
  stored.updates.forEach((entry, i) => {
    const result = opened[i]!;
    if (!result.ok) throw result.error;
    const { update } = result.value.read;
    logHash = foldLogHashOfDigest(logHash, entry.seq, result.value.digest);
    Y.applyUpdate(doc, update);
  });
  return doc;
}

export function openPlainRelayForm(typed: Typed): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, typed.snapshotState);
  for (const update of typed.trailing) Y.applyUpdate(doc, update);
  return doc;
}

function offlineProvider(credentials: Credentials, store: EncryptedStateStore, doc: Y.Doc): EncryptedProvider {
  return new EncryptedProvider(OFFLINE_RELAY, SHARED_DOC_ID, doc, { credentials, store, connect: false, WebSocketPolyfill: NodeWebSocket });
}

/** The device's store after it synced the whole document: written by a real provider. */
async function writeLocalForm(typed: Typed): Promise<LocalStored> {
  const credentials = makeCredentials({
    relayUrl: OFFLINE_RELAY,
    spaceId: Buffer.from(new Uint8Array(16).fill(8)).toString('base64url'),
    partnerId: Buffer.from(new Uint8Array(16).fill(9)).toString('base64url'),
    device: generateDeviceKeys(),
    keys: [{ scope: SPACE_SCOPE, epoch: 0, key: generateSpaceKey() }],
  });
  const inner = new MemoryStateStore();
  const localKey = await openLocalKey(inner);
  const doc = new Y.Doc();
  const provider = offlineProvider(credentials, new EncryptedStateStore(inner, localKey), doc);
  await provider.flush();
  // Applied the way the relay's entries are (origin: the provider), so it is synced state with
  // nothing left to send; destroy() writes the sealed doc record and the log position.
  Y.applyUpdate(doc, typed.finalState, provider);
  await provider.destroy();
  return { credentials, inner, localKey };
}

/** Open the document from the local store with a real provider; resolves once it is applied. */
async function openFromLocal(stored: LocalStored): Promise<{ doc: Y.Doc; provider: EncryptedProvider }> {
  const doc = new Y.Doc();
  const provider = offlineProvider(stored.credentials, new EncryptedStateStore(stored.inner, stored.localKey), doc);
  // With nothing to send, flush resolves as soon as the provider has loaded its local state.
  await provider.flush();
  return { doc, provider };
}

function openPlainLocalForm(typed: Typed): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, typed.finalState);
  return doc;
}

async function storedBytes(inner: MemoryStateStore): Promise<number> {
  let total = 0;
  for (const key of inner.keys()) if (key.startsWith('sync/')) total += (await inner.get(key))?.byteLength ?? 0;
  return total;
}

/** Median cold-open times of both ways, over `runs` alternating runs each (after one checked warm-up). */
export async function benchColdOpen(opts: { runs: number }): Promise<ColdOpenResult> {
  await readyCrypto();
  const typed = typeTrace();
  const relayForm = sealRelayForm(typed);
  const localForm = await writeLocalForm(typed);
  const content = (doc: Y.Doc): string => doc.getText(TEXT_NAME).toString();

  // Warm-up, and proof that every way of opening yields the whole document.
  const warm = await openFromLocal(localForm);
  const warmText = content(warm.doc);
  await warm.provider.destroy();
  for (const [name, text] of [
    ['local', warmText],
    ['plain local', content(openPlainLocalForm(typed))],
    ['relay', content(openFromRelay(relayForm))],
    ['plain relay', content(openPlainRelayForm(typed))],
  ] as const) {
    if (text !== typed.endContent) throw new Error(`cold open (${name}) lost content`);
  }

  const times = { local: [] as number[], plainLocal: [] as number[], relay: [] as number[], plainRelay: [] as number[] };
  for (let i = 0; i < opts.runs; i++) {
    let t = now();
    const opened = await openFromLocal(localForm);
    times.local.push(now() - t);
    await opened.provider.destroy();
    t = now();
    openPlainLocalForm(typed);
    times.plainLocal.push(now() - t);
    t = now();
    openFromRelay(relayForm);
    times.relay.push(now() - t);
    t = now();
    openPlainRelayForm(typed);
    times.plainRelay.push(now() - t);
  }
  const figures = (enc: number[], plain: number[]): ColdOpenFigures => {
    const ms = median(enc);
    const plainMs = median(plain);
    return { ms, plainMs, ratioToPlainYjs: ms / plainMs, runs: opts.runs };
  };
  return {
    local: {
      ...figures(times.local, times.plainLocal),
      stateBytes: typed.finalState.byteLength,
      storedBytes: await storedBytes(localForm.inner),
    },
    relay: {
      ...figures(times.relay, times.plainRelay),
      snapshotBytes: relayForm.snapshot.envelope.byteLength,
      trailingUpdates: relayForm.updates.length,
      trailingBytes: relayForm.updates.reduce((n, u) => n + u.envelope.byteLength, 0),
    },
    patches: typed.patches,
  };
}
