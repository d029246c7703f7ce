/**
 * A member device speaking the relay protocol by hand, for hostile clients: it authenticates
 * like a real client (hello → challenge → auth → welcome) and then sends whatever it likes,
 * reads or stops reading, and remembers which error frames and close code it got.
 *
 *   const member = await connectMember(relay.url, creds, clientAt(addressFor(3)));
 *   member.stopReading();
 *   member.send({ type: 'subscribe', docId: 'shared', afterSeq: 0 });
 *   const { code } = await member.closed;
 */
import { signAuthChallenge } from '@securebase/crypto';
import { decodeFrame, encodeFrame, errorCodeFromWire, PROTOCOL_VERSION, type Frame } from '@securebase/protocol';
import type { Credentials } from '@securebase/sync';
import { WebSocket } from 'ws';
import type { ClientAt } from './client-address.js';

export interface RawMember {
  /** Send one frame; false once the socket is no longer open. */
  send(frame: Frame): boolean;
  /** Stop reading from the socket (TCP backpressure builds up at the relay). */
  stopReading(): void;
  /** Error codes received in `error` frames, in order. */
  readonly errors: string[];
  /** Frames received after welcome, by type. */
  readonly received: Record<string, number>;
  /** Resolves with the close code once the socket has closed. */
  readonly closed: Promise<{ code: number }>;
  terminate(): void;
}

/** A raw WebSocket to `spaceId`'s endpoint, not yet authenticated. */
export function openRawSocket(relayUrl: string, spaceId: string, at: ClientAt): WebSocket {
  return new WebSocket(`${relayUrl.replace(/^http/, 'ws')}/v1/spaces/${spaceId}/ws`, { headers: { 'x-forwarded-for': at.address } });
}

/** Connect and authenticate as `creds.device`; rejects if the relay does not welcome it. */
export function connectMember(relayUrl: string, creds: Credentials, at: ClientAt): Promise<RawMember> {
  const ws = openRawSocket(relayUrl, creds.spaceId, at);
  const errors: string[] = [];
  const received: Record<string, number> = {};
  const closed = new Promise<{ code: number }>((resolve) => ws.once('close', (code) => resolve({ code })));
  return new Promise((resolve, reject) => {
    let welcomed = false;
    ws.once('error', reject);
    void closed.then(({ code }) => {
      if (!welcomed) reject(new Error(`closed with ${code} before welcome (${errors.join(', ')})`));
    });
    ws.on('open', () => {
      ws.send(encodeFrame({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: creds.spaceId, deviceKey: creds.device.signPublicKey }));
    });
    ws.on('message', (data: Buffer) => {
      const frame = decodeFrame(new Uint8Array(data));
      if (frame.type === 'error') errors.push(errorCodeFromWire(frame.code));
      if (frame.type === 'challenge') {
        ws.send(encodeFrame({ type: 'auth', signature: signAuthChallenge(creds.device, { spaceId: creds.spaceId, nonce: frame.nonce }) }));
      } else if (frame.type === 'welcome') {
        welcomed = true;
        resolve({
          send: (f) => {
            if (ws.readyState !== WebSocket.OPEN) return false;
            ws.send(encodeFrame(f));
            return true;
          },
          // reason: ws exposes its net.Socket only as a private field; pausing it is how a client "never reads".
          stopReading: () => (ws as unknown as { _socket: { pause(): void } })._socket.pause(),
          errors,
          received,
          closed,
          terminate: () => ws.terminate(),
        });
      } else {
        received[frame.type] = (received[frame.type] ?? 0) + 1;
      }
    });
  });
}
