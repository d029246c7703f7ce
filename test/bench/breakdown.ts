/**
 * `--breakdown`: where one Secure Base update's latency goes, measured on the wire. Each client's
 * WebSocket is a tapped subclass that timestamps the frames it sends and receives; the relay
 * process times its own commits (relay-server.ts). Per update envelope:
 *
 * - sender: local edit → push on the wire (merge, seal, sign) for edits that open a merge window
 *   (sent at once), and apart from it for edits made inside the 30 ms window of the last envelope
 *   (they wait for the window's end by design, y-websocket sends every update at once),
 * - push on the wire → ack back at the sender (relay receive, check, commit, ack),
 * - push on the wire → entry delivered to the other client (relay commit + fan-out + transit),
 * - relay commit alone (the SQLite transaction with its fsync, timed in the relay process),
 * - receiver: entry delivered → applied to its Y.Doc (queue, open: verify + decrypt, log checks, fold, apply).
 *
 *   const tap = new WireTap();
 *   new EncryptedProvider(url, docId, doc, { WebSocketPolyfill: tap.socketClass(0), ... });
 *   tap.watchDoc(0, doc);
 *   ... replay ...
 *   const figures = tap.summary(commitMs);
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { decodeFrame, type Frame } from '@securebase/protocol';
import { WebSocket } from 'ws';
import type * as Y from 'yjs';
import { loopDelayFigures, type LoopDelayFigures } from './loop-delay.js';
import { REPLAY_ORIGIN } from './replay-driver.js';
import { percentile, round } from './stats.js';

/** p50 / p99 / mean of one stage, in ms. */
export interface StageFigures {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  samples: number;
}

export type Stage =
  | 'senderApplyToPush'
  | 'senderMergedApplyToPush'
  | 'pushToAck'
  | 'pushToDelivered'
  | 'relayCommit'
  | 'receiverDeliveredToApplied';

export type Breakdown = Record<Stage, StageFigures> & {
  /** Event-loop delay of the bench process (both clients) and of the relay process. */
  clientLoopDelayMs: LoopDelayFigures;
  relayLoopDelayMs: LoopDelayFigures;
  /** Snapshots the clients wrote while recording (each seals the whole doc). */
  snapshotsSent: number;
};

type Side = number;

/** Frame timestamps of the two bench clients (index = partner). */
export class WireTap {
  /** `${side}:${ref}` → when the push left. */
  private readonly pushAt = new Map<string, number>();
  /** Envelope signature → when its push left (the fan-out may reach the partner before the ack). */
  private readonly pushAtBySig = new Map<string, number>();
  private readonly ackDelays: number[] = [];
  private readonly deliverDelays: number[] = [];
  private readonly applyDelays: number[] = [];
  private readonly sealDelays: number[] = [];
  private readonly mergedDelays: number[] = [];
  /** Per receiver: delivered entries not yet seen applied, in order. */
  private readonly delivered = new Map<Side, number[]>();
  /** Per sender: local edits made since its last push, and whether the first was leading-edge. */
  private readonly localEdits = new Map<Side, number[]>();
  private readonly lastPushAt = new Map<Side, number>();
  private recording = false;
  private snapshotsSent = 0;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 1 });

  constructor(private readonly mergeWindowMs = 30) {}

  /** Record from now on (the human-paced prefix), or stop. */
  record(on: boolean): void {
    this.recording = on;
    if (on) this.loopDelay.enable();
    else this.loopDelay.disable();
  }

  /**
   * A WebSocket class for partner `side` whose frames are timestamped; `base` is the class it
   * extends (default `ws`'s; the load bench passes one that names a client address).
   */
  socketClass(side: Side, base?: typeof globalThis.WebSocket): typeof globalThis.WebSocket {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- reason: the subclass below needs the tap, not its own `this`.
    const tap = this;
    // reason: every base here is `ws`'s WebSocket or a subclass of it, typed as the DOM class for WebSocketPolyfill.
    const Base = (base ?? WebSocket) as unknown as typeof WebSocket;
    class TappedSocket extends Base {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        // Registered before the provider's onmessage, so this stamps the arrival in JS.
        this.addEventListener('message', (event) => tap.received(side, event.data));
      }
      override send(data: Parameters<WebSocket['send']>[0]): void {
        tap.sent(side, data);
        super.send(data);
      }
    }
    // reason: `ws` implements the browser WebSocket API the provider uses, but its class type is not the DOM one.
    return TappedSocket as unknown as typeof globalThis.WebSocket;
  }

  /** Time local edits and remote applies on partner `side`'s doc. */
  watchDoc(side: Side, doc: Y.Doc): void {
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (!this.recording) return;
      const t = performance.now();
      if (origin === REPLAY_ORIGIN) {
        const edits = this.localEdits.get(side) ?? [];
        edits.push(t);
        this.localEdits.set(side, edits);
        return;
      }
      const queue = this.delivered.get(side);
      const at = queue?.shift();
      if (at !== undefined) this.applyDelays.push(t - at);
    });
  }

  /** The figures of every stage; `commitMs` and `relayLoopDelayMs` from the relay process. */
  summary(commitMs: number[], relayLoopDelayMs: LoopDelayFigures): Breakdown {
    const fig = (xs: number[]): StageFigures => ({
      p50Ms: round(percentile(xs, 0.5)),
      p99Ms: round(percentile(xs, 0.99)),
      meanMs: round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)),
      samples: xs.length,
    });
    return {
      senderApplyToPush: fig(this.sealDelays),
      senderMergedApplyToPush: fig(this.mergedDelays),
      pushToAck: fig(this.ackDelays),
      pushToDelivered: fig(this.deliverDelays),
      relayCommit: fig(commitMs),
      receiverDeliveredToApplied: fig(this.applyDelays),
      clientLoopDelayMs: loopDelayFigures(this.loopDelay),
      relayLoopDelayMs,
      snapshotsSent: this.snapshotsSent,
    };
  }

  private sent(side: Side, data: unknown): void {
    if (!this.recording) return;
    const frame = asFrame(data);
    if (frame?.type === 'put-snapshot') this.snapshotsSent++;
    if (frame?.type !== 'push') return;
    const t = performance.now();
    this.pushAt.set(`${side}:${frame.ref}`, t);
    this.pushAtBySig.set(signatureOf(frame.envelope), t);
    const edits = this.localEdits.get(side) ?? [];
    // Leading edge: the first edit after a quiet window is sealed at once; count only that one.
    const first = edits[0];
    const quiet = first !== undefined && first - (this.lastPushAt.get(side) ?? Number.NEGATIVE_INFINITY) >= this.mergeWindowMs;
    for (const [i, at] of edits.entries()) (quiet && i === 0 ? this.sealDelays : this.mergedDelays).push(t - at);
    this.localEdits.set(side, []);
    this.lastPushAt.set(side, t);
  }

  private received(side: Side, data: unknown): void {
    if (!this.recording) return;
    const frame = asFrame(data);
    if (!frame) return;
    const t = performance.now();
    if (frame.type === 'ack') {
      const key = `${side}:${frame.ref}`;
      const sentAt = this.pushAt.get(key);
      if (sentAt === undefined) return;
      this.pushAt.delete(key);
      this.ackDelays.push(t - sentAt);
    } else if (frame.type === 'updates') {
      const queue = this.delivered.get(side) ?? [];
      for (const entry of frame.entries) {
        queue.push(t);
        const sig = signatureOf(entry.envelope);
        const sentAt = this.pushAtBySig.get(sig);
        if (sentAt !== undefined) this.deliverDelays.push(t - sentAt);
        this.pushAtBySig.delete(sig);
      }
      this.delivered.set(side, queue);
    }
  }
}

/** An envelope ends with its Ed25519 signature: a unique key for it. */
function signatureOf(envelope: Uint8Array): string {
  return Buffer.from(envelope.subarray(envelope.byteLength - 64)).toString('base64');
}

function asFrame(data: unknown): Frame | undefined {
  const bytes =
    data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : undefined;
  if (!bytes) return undefined;
  try {
    return decodeFrame(bytes);
  } catch (err) {
    // Not a frame of ours: nothing to time, and the provider reports real protocol errors itself.
    if (err instanceof Error) return undefined;
    throw err;
  }
}
