/**
 * A socket whose queued bytes leave only when the test calls `write`, for driving a RelaySession
 * without a network: what the session queued is counted and decoded exactly.
 *
 *   const socket = new FakeSocket();
 *   const session = new RelaySession(deps, socket, spaceId);
 *   socket.write(); // the client reads everything queued so far
 */
import { decodeFrame, encodeFrame, type Frame } from '@securebase/protocol';
import type { SessionSocket } from '../src/ws/session-socket.js';

/** A socket whose queued bytes leave only when the test calls `write`. */
export class FakeSocket implements SessionSocket {
  readonly queued: { bytes: Uint8Array; onWritten: (() => void) | undefined }[] = [];
  /** Every frame the session ever queued, decoded. */
  readonly sent: Frame[] = [];
  closeCode: number | undefined;
  #waiters: { belowBytes: number; resolve: (drained: boolean) => void }[] = [];
  peakBuffered = 0;

  get bufferedAmount(): number {
    return this.queued.reduce((n, q) => n + q.bytes.byteLength, 0);
  }

  send(bytes: Uint8Array, onWritten?: () => void): void {
    this.queued.push({ bytes, onWritten });
    this.sent.push(decodeFrame(bytes));
    this.peakBuffered = Math.max(this.peakBuffered, this.bufferedAmount);
  }

  close(code: number): void {
    this.closeCode = code;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve(false);
  }

  whenDrained(belowBytes: number): Promise<boolean> {
    if (this.closeCode !== undefined) return Promise.resolve(false);
    if (this.bufferedAmount <= belowBytes) return Promise.resolve(true);
    return new Promise((resolve) => this.#waiters.push({ belowBytes, resolve }));
  }

  /** The client reads everything queued so far. */
  write(): void {
    for (const { onWritten } of this.queued.splice(0)) onWritten?.();
    const ready = this.#waiters.filter((waiter) => this.bufferedAmount <= waiter.belowBytes);
    this.#waiters = this.#waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve(true);
  }
}

/** A frame as the WebSocket adapter hands it to the session. */
export const frameData = (frame: Frame): ArrayBuffer => {
  const bytes = encodeFrame(frame);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
