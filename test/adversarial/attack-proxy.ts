/**
 * An attacking relay: a proxy in front of a real relay (startRelay) that the providers connect
 * to instead. HTTP passes through unchanged. WebSocket frames are decoded with
 * @securebase/protocol in both directions, so the test can, on demand and per device, lie about
 * what the relay sends: drop, replay, reorder, tamper with or substitute entries, serve an old
 * snapshot, or show one partner a different history (see attacks.ts and log-view.ts). Frames
 * the client sends are recorded, so envelopes from another space or document can be captured.
 *
 *   const proxy = await startAttackProxy(relay.url);
 *   const provider = new EncryptedProvider(proxy.url, 'shared', doc, { credentials, ... });
 *   proxy.attack(aliceKey, dropNextEntry());
 *   await proxy.close();
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { decodeFrame, encodeFrame, toBase64Url, type Frame } from '@securebase/protocol';
import { WebSocket, WebSocketServer } from 'ws';
import { LogView, type ViewStream } from './log-view.js';

/**
 * Looks at one relay → client frame (already renumbered by the connection's view) and returns
 * the frames to send instead (empty: drop it), or undefined to leave it to the next rule.
 */
export type FrameRule = (frame: Frame, conn: ProxiedConnection) => Frame[] | undefined;

/** One client connection through the proxy, with what passed through it. */
export interface ProxiedConnection {
  readonly spaceId: string;
  /** The device key from `hello`, base64url ('' until then). */
  readonly deviceKey: string;
  /** Frames the client sent (decoded), in order. */
  readonly fromClient: Frame[];
  /** Frames delivered to the client (after attacks), in order. */
  readonly toClient: Frame[];
  /** Send a frame to the client as if from the relay. */
  deliver(frame: Frame): void;
  /** Cut the client's socket (it reconnects by itself). */
  cut(): void;
}

interface Attack {
  deviceKey: string;
  rule: FrameRule;
}

export interface AttackProxy {
  /** Base URL for providers and HTTP clients (http://127.0.0.1:port). */
  readonly url: string;
  readonly connections: readonly ProxiedConnection[];
  /** Apply `rule` to relay → client frames of every (current and future) connection of `deviceKey`. */
  attack(deviceKey: Uint8Array, rule: FrameRule): { stop(): void };
  /** Stop every attack (views stay: a relay cannot take back what it has shown). */
  stopAttacks(): void;
  /**
   * The log numbering `deviceKeys` see for `docId` of `spaceId`. Devices in one call share a view;
   * a device in no call sees the relay's own numbering.
   */
  view(spaceId: string, docId: string, deviceKeys: Uint8Array[]): LogView;
  /** Every envelope a client pushed (or put as a snapshot) through the proxy. */
  pushed(filter: { spaceId: string; docId: string; kind: 'push' | 'put-snapshot' }): Uint8Array[];
  close(): Promise<void>;
}

/** Start a proxy on 127.0.0.1, port 0, in front of the relay at `upstreamUrl`. */
export async function startAttackProxy(upstreamUrl: string): Promise<AttackProxy> {
  const upstream = new URL(upstreamUrl);
  const wss = new WebSocketServer({ noServer: true });
  const connections: Connection[] = [];
  let attacks: Attack[] = [];
  const views = new Map<string, LogView>();

  const server: Server = createServer((req, res) => forwardHttp(upstream, req, res));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(req, socket, head, (client) => {
      const relayUrl = new URL(req.url ?? '/', upstreamUrl.replace(/^http/, 'ws'));
      const spaceId = /\/v1\/spaces\/([^/]+)\/ws/.exec(relayUrl.pathname)?.[1] ?? '';
      connections.push(
        new Connection(client, new WebSocket(relayUrl.href), decodeURIComponent(spaceId), {
          rulesFor: (deviceKey) => attacks.filter((a) => a.deviceKey === deviceKey).map((a) => a.rule),
          viewFor: (space, docId, deviceKey) => views.get(viewKey(space, docId, deviceKey)),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    attack(deviceKey, rule) {
      const entry = { deviceKey: toBase64Url(deviceKey), rule };
      attacks.push(entry);
      return { stop: () => void (attacks = attacks.filter((a) => a !== entry)) };
    },
    stopAttacks() {
      attacks = [];
    },
    view(spaceId, docId, deviceKeys) {
      const view = new LogView();
      for (const key of deviceKeys) views.set(viewKey(spaceId, docId, toBase64Url(key)), view);
      return view;
    },
    pushed({ spaceId, docId, kind }) {
      return connections
        .filter((c) => c.spaceId === spaceId)
        .flatMap((c) => c.fromClient)
        .flatMap((f) => (f.type === kind && f.docId === docId ? [f.envelope] : []));
    },
    async close() {
      for (const c of connections) c.cut();
      await new Promise<void>((resolve, reject) => wss.close((err) => (err ? reject(err) : resolve())));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function viewKey(spaceId: string, docId: string, deviceKey: string): string {
  return `${spaceId}/${docId}/${deviceKey}`;
}

/** Plain HTTP pass-through: the attacks are all on the WebSocket. */
function forwardHttp(upstream: URL, req: IncomingMessage, res: ServerResponse): void {
  const out = request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  out.on('error', (err) => {
    res.writeHead(502);
    res.end(String(err.message));
  });
  req.pipe(out);
}

interface ConnectionDeps {
  rulesFor(deviceKey: string): FrameRule[];
  viewFor(spaceId: string, docId: string, deviceKey: string): LogView | undefined;
}

class Connection implements ProxiedConnection {
  deviceKey = '';
  readonly fromClient: Frame[] = [];
  readonly toClient: Frame[] = [];
  private readonly early: Uint8Array[] = [];
  private view: { view: LogView; stream: ViewStream } | undefined;
  /** Refs of the client's put-snapshot frames: their acks carry a snapshot position. */
  private readonly snapshotRefs = new Set<number>();

  constructor(
    private readonly client: WebSocket,
    private readonly relay: WebSocket,
    readonly spaceId: string,
    private readonly deps: ConnectionDeps,
  ) {
    relay.binaryType = 'nodebuffer';
    relay.on('open', () => {
      for (const bytes of this.early.splice(0)) relay.send(bytes);
    });
    relay.on('message', (data) => this.fromRelay(asBytes(data)));
    relay.on('close', (code, reason) => {
      this.closeView();
      if (client.readyState !== CONNECTING_OR_OPEN.OPEN) return;
      // 1005/1006 only describe a close; they cannot be sent, so an abnormal close stays abnormal.
      if (code === 1005 || code === 1006) client.terminate();
      else client.close(code, reason.toString());
    });
    relay.on('error', () => client.terminate());
    client.on('message', (data) => this.fromClientBytes(asBytes(data)));
    client.on('close', () => {
      this.closeView();
      if (relay.readyState <= CONNECTING_OR_OPEN.OPEN) relay.close();
    });
    client.on('error', () => relay.terminate());
  }

  deliver(frame: Frame): void {
    this.toClient.push(frame);
    if (this.client.readyState === CONNECTING_OR_OPEN.OPEN) this.client.send(encodeFrame(frame));
  }

  cut(): void {
    this.client.terminate();
    this.relay.terminate();
  }

  private fromClientBytes(bytes: Uint8Array): void {
    const frame = decodeFrame(bytes);
    this.fromClient.push(frame);
    const out = this.translateFromClient(frame);
    const encoded = out === frame ? bytes : encodeFrame(out);
    if (this.relay.readyState === CONNECTING_OR_OPEN.OPEN) this.relay.send(encoded);
    else this.early.push(encoded);
  }

  /** Client → relay: learn who is talking and map the device's seqs to the relay's. */
  private translateFromClient(frame: Frame): Frame {
    switch (frame.type) {
      case 'hello':
        this.deviceKey = toBase64Url(frame.deviceKey);
        return frame;
      case 'subscribe': {
        this.closeView();
        const view = this.deps.viewFor(this.spaceId, frame.docId, this.deviceKey);
        if (!view) return frame;
        const { stream, relayAfter } = view.openStream(frame.afterSeq, (entries) =>
          this.deliver({ type: 'updates', docId: frame.docId, entries }),
        );
        this.view = { view, stream };
        return { ...frame, afterSeq: relayAfter };
      }
      case 'put-snapshot':
        this.snapshotRefs.add(frame.ref);
        return this.view ? { ...frame, coversSeq: this.view.view.snapshotToRelay(frame.coversSeq) } : frame;
      default:
        return frame;
    }
  }

  private fromRelay(bytes: Uint8Array): void {
    let frames = this.translateFromRelay(decodeFrame(bytes));
    for (const rule of this.deps.rulesFor(this.deviceKey)) {
      frames = frames.flatMap((frame) => rule(frame, this) ?? [frame]);
    }
    for (const frame of frames) this.deliver(frame);
  }

  /** Relay → client through the view (identity without one). */
  private translateFromRelay(frame: Frame): Frame[] {
    const v = this.view;
    if (!v) return [frame];
    switch (frame.type) {
      case 'updates': {
        const entries = v.view.translateEntries(v.stream, frame.entries);
        return entries.length > 0 ? [{ ...frame, entries }] : [];
      }
      case 'synced': {
        const { entries, headSeq } = v.view.translateSynced(v.stream, frame.headSeq);
        const owed: Frame[] = entries.length > 0 ? [{ type: 'updates', docId: frame.docId, entries }] : [];
        return [...owed, { ...frame, headSeq }];
      }
      case 'snapshot':
        return [{ ...frame, coversSeq: v.view.snapshotToVirtual(v.stream, frame.coversSeq) }];
      case 'ack': {
        const seq = this.snapshotRefs.has(frame.ref) ? v.view.snapshotToVirtual(undefined, frame.seq) : v.view.ackSeq(v.stream, frame.seq);
        return [{ ...frame, seq }];
      }
      default:
        return [frame];
    }
  }

  private closeView(): void {
    if (this.view) this.view.view.closeStream(this.view.stream);
    this.view = undefined;
  }
}

/** WebSocket readyState values (the same in `ws` and the browser API). */
const CONNECTING_OR_OPEN = { CONNECTING: 0, OPEN: 1 } as const;

function asBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
