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

/** Adapt a `ws` WebSocket, with backpressure from its send callbacks. */
export function socketFromWebSocket(ws: WebSocket): SessionSocket {
  const waiters: DrainWaiter[] = [];
  /** Sends whose callback has not run yet; run by the close if `ws` never calls them. */
  const unwritten = new Set<() => void>();
  let ending = false;

  const wake = (): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i];
      if (!waiter || (!ending && ws.bufferedAmount > waiter.belowBytes)) continue;
      waiters.splice(i, 1);
      waiter.resolve(!ending);
    }
  };
  const end = (): void => {
    ending = true;
    wake();
  };
  ws.once('close', () => {
    end();
    for (const written of [...unwritten]) written();
  });

  return {
    send(bytes, onWritten) {
      let done = false;
      const written = (): void => {
        if (done) return;
        done = true;
        unwritten.delete(written);
        onWritten?.();
        wake();
      };
      unwritten.add(written);
      // A failed write means the socket is going away: `ws` reports that through its own
      // 'error' and 'close' events, so the callback only has to count the frame as gone.
      ws.send(bytes, { binary: true }, () => written());
    },
    close(code, reason) {
      // The session sends nothing after closing: waiters stop now, not after the close handshake.
      end();
      ws.close(code, reason);
    },
    get bufferedAmount(): number {
      return ws.bufferedAmount;
    },
    whenDrained(belowBytes) {
      if (ending) return Promise.resolve(false);
      if (ws.bufferedAmount <= belowBytes) return Promise.resolve(true);
      return new Promise((resolve) => waiters.push({ belowBytes, resolve }));
    },
  };
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
