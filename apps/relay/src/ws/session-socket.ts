/**
 * The small socket surface a relay session needs, so the session logic does not depend on a
 * runtime's WebSocket type. The Node adapter wraps hono's WSContext over a `ws` socket.
 *
 *   const socket = socketFromWsContext(ws);
 *   socket.send(encodeFrame(frame));
 */
import type { WSContext } from 'hono/ws';

export interface SessionSocket {
  /** Send one binary message. */
  send(bytes: Uint8Array): void;
  /** Close with an application close code and a short reason. */
  close(code: number, reason: string): void;
  /** Bytes queued but not yet written to the network (0 if the runtime cannot tell). */
  readonly bufferedAmount: number;
}

/** Adapt hono's WSContext; `raw` is consulted only for bufferedAmount (backpressure). */
export function socketFromWsContext(ws: WSContext<unknown>): SessionSocket {
  return {
    // The relay only sends frames from encodeFrame, which are backed by a plain ArrayBuffer.
    send: (bytes) => ws.send(bytes as Uint8Array<ArrayBuffer>),
    close: (code, reason) => ws.close(code, reason),
    get bufferedAmount(): number {
      const raw = ws.raw as { bufferedAmount?: unknown } | undefined;
      return typeof raw?.bufferedAmount === 'number' ? raw.bufferedAmount : 0;
    },
  };
}
