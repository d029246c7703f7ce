/**
 * The small socket surface a relay session needs, so the session logic does not depend on a
 * runtime's WebSocket type. The Node adapter wraps hono's WSContext over a `ws` socket and turns
 * `ws`'s send callbacks (called once a frame has been written to the OS socket) into the
 * backpressure signal `whenDrained`, so a session waits for a slow reader on events, never by polling.
 *
 *   const socket = socketFromWsContext(ws);
 *   socket.send(encodeFrame(frame), () => backlog -= size); // runs once: written, or the socket closed
 *   if (!(await socket.whenDrained(batchBytes))) return;   // false: the socket closed first
 */
import type { WSContext } from 'hono/ws';
import type { WebSocket } from 'ws';

export interface SessionSocket {
  /** Queue one binary message; `onWritten` runs exactly once: when it has been written, or when the socket has closed. */
  send(bytes: Uint8Array, onWritten?: () => void): void;
  /** Close with an application close code and a short reason. */
  close(code: number, reason: string): void;
  /** Bytes queued but not yet written to the network (0 if the runtime cannot tell). */
  readonly bufferedAmount: number;
  /**
   * Resolves with true once at most `belowBytes` are queued, or with false once the socket is
   * closing or closed (so a waiting catch-up never outlives its socket). Never rejects.
   */
  whenDrained(belowBytes: number): Promise<boolean>;
}

interface DrainWaiter {
  belowBytes: number;
  resolve: (drained: boolean) => void;
}

/** A `ws` socket: the one runtime whose send callbacks tell when queued bytes have left. */
function isNodeWebSocket(raw: unknown): raw is WebSocket {
  if (typeof raw !== 'object' || raw === null) return false;
  const candidate = raw as Partial<WebSocket>;
  return typeof candidate.once === 'function' && typeof candidate.send === 'function' && typeof candidate.bufferedAmount === 'number';
}

/**
 * A `ws` socket with backpressure from its send callbacks. A class, and its waiters and unwritten
 * callbacks kept only while there are any: an idle socket of a 10,000-socket node costs one small
 * object and one close listener here, not a set of closures, a Set and an array each.
 */
class NodeSessionSocket implements SessionSocket {
  readonly #ws: WebSocket;
  #waiters: DrainWaiter[] | undefined;
  /** `onWritten` callbacks whose send `ws` has not called back yet; run by the close if it never does. */
  #unwritten: Set<() => void> | undefined;
  #ending = false;

  constructor(ws: WebSocket) {
    this.#ws = ws;
    // `ws` emits 'close' once per socket; `on` spares the wrapper `once` would add to every socket.
    ws.on('close', () => this.#onClose());
  }

  send(bytes: Uint8Array, onWritten?: () => void): void {
    if (!onWritten) {
      // Nothing to run for this frame: its write only lets waiters re-check the buffered bytes.
      this.#ws.send(bytes, { binary: true }, () => this.#wake());
      return;
    }
    let done = false;
    const written = (): void => {
      if (done) return;
      done = true;
      this.#forget(written);
      onWritten();
      this.#wake();
    };
    (this.#unwritten ??= new Set()).add(written);
    // A failed write means the socket is going away: `ws` reports that through its own
    // 'error' and 'close' events, so the callback only has to count the frame as gone.
    this.#ws.send(bytes, { binary: true }, () => written());
  }

  close(code: number, reason: string): void {
    // The session sends nothing after closing: waiters stop now, not after the close handshake.
    this.#end();
    this.#ws.close(code, reason);
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  whenDrained(belowBytes: number): Promise<boolean> {
    if (this.#ending) return Promise.resolve(false);
    if (this.#ws.bufferedAmount <= belowBytes) return Promise.resolve(true);
    return new Promise((resolve) => (this.#waiters ??= []).push({ belowBytes, resolve }));
  }

  #forget(written: () => void): void {
    const unwritten = this.#unwritten;
    if (!unwritten) return;
    unwritten.delete(written);
    if (unwritten.size === 0) this.#unwritten = undefined;
  }

  #wake(): void {
    const waiters = this.#waiters;
    if (!waiters) return;
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i];
      if (!waiter || (!this.#ending && this.#ws.bufferedAmount > waiter.belowBytes)) continue;
      waiters.splice(i, 1);
      waiter.resolve(!this.#ending);
    }
    if (waiters.length === 0) this.#waiters = undefined;
  }

  #end(): void {
    this.#ending = true;
    this.#wake();
  }

  #onClose(): void {
    this.#end();
    for (const written of [...(this.#unwritten ?? [])]) written();
  }
}

/** Adapt a `ws` WebSocket, with backpressure from its send callbacks. */
export function socketFromWebSocket(ws: WebSocket): SessionSocket {
  return new NodeSessionSocket(ws);
}

/**
 * Adapt hono's WSContext. On Node its `raw` is the `ws` socket, which gives real backpressure;
 * a runtime that cannot tell how much is queued reports 0 and is never waited for.
 */
export function socketFromWsContext(ws: WSContext<unknown>): SessionSocket {
  if (isNodeWebSocket(ws.raw)) return socketFromWebSocket(ws.raw);
  return {
    send: (bytes, onWritten) => {
      // The relay only sends frames from encodeFrame, which are backed by a plain ArrayBuffer.
      ws.send(bytes as Uint8Array<ArrayBuffer>);
      if (onWritten) queueMicrotask(onWritten);
    },
    close: (code, reason) => ws.close(code, reason),
    bufferedAmount: 0,
    whenDrained: () => Promise.resolve(ws.readyState === 1),
  };
}
