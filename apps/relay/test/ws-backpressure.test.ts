// A client that stops reading must cost the relay neither memory nor CPU (issue 9, findings 1
// and 2). The relay runs in a child process, so its own RSS and CPU time are measured, not the
// test's. Frame rate limits are lifted here: these tests pin the backpressure itself, not the
// rate limiter that would otherwise cut the attacker first (ws-frame-rate.test.ts).
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readyCrypto, sealEnvelope, signAuthChallenge, type DeviceKeys } from '@securebase/crypto';
import { decodeFrame, encodeFrame, PROTOCOL_VERSION, SHARED_DOC_ID, toBase64Url, type Frame } from '@securebase/protocol';
import { newSpace, type TestSpace } from './fixtures.js';
import { FrameSocket } from './relay-harness.js';
import { startRelayProcess, type RelayProcess } from './relay-process.js';

const MIB = 1024 * 1024;
/** Stored in the shared document: far more than loopback's kernel buffers absorb, so a paused reader stalls. */
const STORED_UPDATES = 32;
const UPDATE_BYTES = 512 * 1024;

const UNLIMITED_RATES = {
  maxFramesPerSecond: 1_000_000,
  frameBurst: 1_000_000,
  maxInboundBytesPerSecond: 1024 * MIB,
  inboundBytesBurst: 1024 * MIB,
  maxBytesPerSpace: 256 * MIB,
  maxBytesPerPartner: 256 * MIB,
  maxDocumentsPerSpace: 64,
  wsConnectsPerMinute: 1000,
};

let relay: RelayProcess | undefined;
const clients: RawClient[] = [];

beforeAll(async () => {
  await readyCrypto();
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await relay?.stop();
  relay = undefined;
});

/** A bare `ws` client that can stop reading its socket, as an attacker would. */
class RawClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<number>;
  readonly #ws: WebSocket;
  #onFrame: (() => void) | undefined;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data: Buffer) => {
      this.frames.push(decodeFrame(new Uint8Array(data)));
      this.#onFrame?.();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  }

  /** Connect and run the handshake as `device`. */
  static async authenticated(url: string, space: TestSpace, device: DeviceKeys): Promise<RawClient> {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/spaces/${space.spaceId}/ws`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const client = new RawClient(ws);
    clients.push(client);
    void client.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: device.signPublicKey });
    const challenge = await client.next('challenge');
    void client.send({ type: 'auth', signature: signAuthChallenge(device, { spaceId: space.spaceId, nonce: challenge.nonce }) });
    await client.next('welcome');
    return client;
  }

  /** Send a frame; resolves once it (and so every frame before it) has left this process. */
  send(frame: Frame): Promise<void> {
    return new Promise((resolve, reject) => this.#ws.send(encodeFrame(frame), (error) => (error ? reject(error) : resolve())));
  }

  /** Wait for the next frame of `type` (frames before it stay in `frames`). */
  async next<T extends Frame['type']>(type: T): Promise<Extract<Frame, { type: T }>> {
    for (;;) {
      const index = this.frames.findIndex((frame) => frame.type === type);
      if (index >= 0) return this.frames.splice(index, 1)[0] as Extract<Frame, { type: T }>;
      await new Promise<void>((resolve) => (this.#onFrame = resolve));
    }
  }

  /** Stop reading: the relay's writes pile up in the kernel, then in its own send buffer. */
  pause(): void {
    this.#rawSocket().pause();
  }

  resume(): void {
    this.#rawSocket().resume();
  }

  terminate(): void {
    this.#ws.terminate();
  }

  #rawSocket(): Socket {
    // reason: `ws` keeps its net.Socket private; pausing it is exactly what a client that stops reading does.
    return (this.#ws as unknown as { _socket: Socket })._socket;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function createSpace(url: string): Promise<TestSpace> {
  const space = newSpace();
  const response = await fetch(`${url}/v1/spaces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ genesis: toBase64Url(space.genesis) }),
  });
  expect(response.status).toBe(201);
  return space;
}

/** An update of `size` zero bytes: the content does not matter, and random bytes of this size are slow to draw. */
function update(space: TestSpace, docId: string, clock: number, size: number): Uint8Array {
  const header = { spaceId: space.spaceId, docId, epoch: 0, author: space.owner.signPublicKey, clock, kind: 'update' as const };
  return sealEnvelope({ header, plaintext: new Uint8Array(size), epochKey: space.spaceKey, device: space.owner });
}

/** Push `count` updates of `size` bytes into each of `docIds` as the owner; resolves once all are acked. */
async function store(url: string, space: TestSpace, docIds: string[], count: number, size: number): Promise<void> {
  const socket = await FrameSocket.open(`${url.replace('http', 'ws')}/v1/spaces/${space.spaceId}/ws`);
  socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: space.spaceId, deviceKey: space.owner.signPublicKey });
  const challenge = await socket.expect('challenge');
  socket.send({ type: 'auth', signature: signAuthChallenge(space.owner, { spaceId: space.spaceId, nonce: challenge.nonce }) });
  await socket.expect('welcome');
  for (const docId of docIds) {
    for (let clock = 1; clock <= count; clock++) {
      socket.send({ type: 'push', docId, ref: clock, envelope: update(space, docId, clock, size) });
    }
    for (let clock = 1; clock <= count; clock++) expect(await socket.expect('ack')).toMatchObject({ docId, ref: clock, seq: clock });
  }
  socket.close();
  await socket.closed;
}

/** Milliseconds /healthz takes to answer. */
async function healthzMs(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/healthz`);
  await response.text();
  return performance.now() - started;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe('a client that stops reading', () => {
  it('re-sending subscribe thousands of times keeps the relay flat and starts one catch-up', async () => {
    relay = await startRelayProcess({ limits: UNLIMITED_RATES });
    const { url } = relay;
    const space = await createSpace(url);
    await store(url, space, [SHARED_DOC_ID], STORED_UPDATES, UPDATE_BYTES);

    const attacker = await RawClient.authenticated(url, space, space.owner);
    attacker.pause();
    await sleep(300);
    const baseline = relay.rssBytes();
    let peak = baseline;
    const healthz: number[] = [];
    const SUBSCRIBES = 2000;
    for (let i = 1; i <= SUBSCRIBES; i++) {
      const sent = attacker.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 });
      if (i % 250 === 0) {
        await sent;
        healthz.push(await healthzMs(url));
        peak = Math.max(peak, relay.rssBytes());
      }
    }
    // Let the relay work through everything it was sent.
    for (let i = 0; i < 10; i++) {
      await sleep(100);
      healthz.push(await healthzMs(url));
      peak = Math.max(peak, relay.rssBytes());
    }
    const growthMiB = (peak - baseline) / MIB;
    console.log(`re-subscribe attack: RSS +${growthMiB.toFixed(1)} MiB, /healthz median ${median(healthz).toFixed(1)} ms, max ${Math.max(...healthz).toFixed(1)} ms`);
    expect(growthMiB).toBeLessThan(64);
    // The median, so another process's burst on this shared machine does not decide the test.
    expect(median(healthz)).toBeLessThan(50);

    // Read again: exactly one catch-up ran, gap-free and duplicate-free, ending in one synced.
    attacker.resume();
    const synced = await attacker.next('synced');
    expect(synced.headSeq).toBe(STORED_UPDATES);
    await sleep(300);
    const seqs = attacker.frames.flatMap((frame) => (frame.type === 'updates' ? frame.entries.map((entry) => entry.seq) : []));
    // Frames still unread after synced are ones that came before it in `frames`; none may be another catch-up.
    expect(seqs).toEqual(Array.from({ length: STORED_UPDATES }, (_, i) => i + 1));
    expect(attacker.frames.filter((frame) => frame.type === 'synced')).toEqual([]);
  }, 120_000);

  it('32 stalled sockets × 63 subscriptions leave the relay idle (no polling)', async () => {
    relay = await startRelayProcess({ limits: { ...UNLIMITED_RATES, maxConnectionsPerSpace: 64 } });
    const { url } = relay;
    const space = await createSpace(url);
    await store(url, space, [SHARED_DOC_ID], STORED_UPDATES, UPDATE_BYTES);
    const docs = Array.from({ length: 62 }, (_, i) => `doc-${i + 1}`);
    await store(url, space, docs, 1, 64);

    const sockets: RawClient[] = [];
    for (let i = 0; i < 32; i++) {
      const socket = await RawClient.authenticated(url, space, space.owner);
      socket.pause();
      await socket.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 });
      sockets.push(socket);
    }
    // The shared catch-up fills each socket first; then every other document waits behind it.
    await sleep(1000);
    await Promise.all(sockets.flatMap((socket) => docs.map((docId) => socket.send({ type: 'subscribe', docId, afterSeq: 0 }))));
    await sleep(1500);

    const before = relay.cpuSeconds();
    await sleep(5000);
    const share = (relay.cpuSeconds() - before) / 5;
    console.log(`stalled readers: relay used ${(share * 100).toFixed(1)} % of a core over 5 s`);
    expect(share).toBeLessThan(0.1);
  }, 120_000);
});
