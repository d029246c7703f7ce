/**
 * Test harness: a real relay on port 0 over real SQLite in a temp dir, a movable clock, captured
 * log lines, and a `ws` client that reads frames one at a time.
 *
 *   const h = await startTestRelay();
 *   const socket = await h.connect(spaceId);
 *   socket.send({ type: 'hello', ... });
 *   const frame = await socket.next();
 *   await h.stop();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { expect } from 'vitest';
import { decodeFrame, encodeFrame, ERRORS, type ErrorCode, type Frame } from '@securebase/protocol';
import { startRelay, type RunningRelay } from '../src/node.js';
import type { RelayLimits } from '../src/limits.js';

export interface TestRelayOptions {
  limits?: Partial<RelayLimits>;
  webRoot?: string;
  dataDir?: string;
  /** Store in this PostgreSQL instead of SQLite in dataDir. */
  databaseUrl?: string;
  /** Join the other nodes of the database through this Redis bus. */
  busUrl?: string;
  nodeId?: string;
  trustProxy?: readonly string[];
}

export interface TestRelay {
  relay: RunningRelay;
  dataDir: string;
  logLines: string[];
  /** Current time of the relay's clock; tests may move it. */
  clock: { now: number };
  connect(spaceId: string): Promise<FrameSocket>;
  fetchJson(path: string, init?: RequestInit): Promise<{ status: number; body: unknown }>;
  /** Stop the relay; removes the data dir unless `keepData`. */
  stop(keepData?: boolean): Promise<void>;
}

/** Start a relay for one test; the data dir is a fresh temp dir unless given. */
export async function startTestRelay(options: TestRelayOptions = {}): Promise<TestRelay> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'relay-test-'));
  const logLines: string[] = [];
  const clock = { now: Date.now() };
  const relay = await startRelay({
    port: 0,
    dataDir,
    webRoot: options.webRoot ?? join(dataDir, 'no-web-app'),
    limits: options.limits,
    databaseUrl: options.databaseUrl,
    busUrl: options.busUrl,
    nodeId: options.nodeId,
    trustProxy: options.trustProxy,
    log: (line) => logLines.push(line),
    now: () => clock.now,
  });
  const sockets: FrameSocket[] = [];
  return {
    relay,
    dataDir,
    logLines,
    clock,
    async connect(spaceId) {
      const socket = await FrameSocket.open(`${relay.url.replace('http', 'ws')}/v1/spaces/${spaceId}/ws`);
      sockets.push(socket);
      return socket;
    },
    async fetchJson(path, init) {
      const response = await fetch(`${relay.url}${path}`, init);
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async stop(keepData = false) {
      for (const socket of sockets) socket.terminate();
      await relay.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** POST a JSON body. */
export const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** A `ws` client that queues decoded frames and remembers how the socket closed. */
export class FrameSocket {
  readonly #ws: WebSocket;
  readonly #frames: Frame[] = [];
  readonly #waiters: ((frame: Frame | undefined) => void)[] = [];
  /** Resolves with the close code and reason once the socket has closed. */
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data: Buffer) => {
      const frame = decodeFrame(new Uint8Array(data));
      const waiter = this.#waiters.shift();
      if (waiter) waiter(frame);
      else this.#frames.push(frame);
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        for (const waiter of this.#waiters.splice(0)) waiter(undefined);
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  /** Open `url`; `options` for a wss:// proxy with a test certificate (`{ ca }`). */
  static open(url: string, options?: WebSocket.ClientOptions): Promise<FrameSocket> {
    const ws = new WebSocket(url, options);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new FrameSocket(ws)));
      ws.once('error', reject);
    });
  }

  /** Send a frame. */
  send(frame: Frame): void {
    this.#ws.send(encodeFrame(frame));
  }

  /** Send raw bytes or text, bypassing the codec. */
  sendRaw(data: Uint8Array | string): void {
    this.#ws.send(data);
  }

  /** The next frame; rejects if the socket closes first. */
  async next(): Promise<Frame> {
    const queued = this.#frames.shift();
    if (queued) return queued;
    const frame = await new Promise<Frame | undefined>((resolve) => this.#waiters.push(resolve));
    if (!frame) throw new Error('socket closed while waiting for a frame');
    return frame;
  }

  /** The next frame, which must be of `type`. */
  async expect<T extends Frame['type']>(type: T): Promise<Extract<Frame, { type: T }>> {
    const frame = await this.next();
    if (frame.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(frame.type === 'error' ? frame : frame.type)}`);
    return frame as Extract<Frame, { type: T }>;
  }

  /** Frames received and not yet read. */
  get pending(): readonly Frame[] {
    return this.#frames;
  }

  close(): void {
    this.#ws.close();
  }

  terminate(): void {
    this.#ws.terminate();
  }
}

/** Assert an HTTP error answer: its status, its code, and the plain message for that code. */
export function expectError(response: { status: number; body: unknown }, code: ErrorCode, status: number): void {
  expect(response.status).toBe(status);
  expect(response.body).toMatchObject({ error: { code, message: expect.stringContaining(ERRORS[code].message) as unknown } });
}
