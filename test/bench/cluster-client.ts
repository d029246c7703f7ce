/**
 * The scale-out bench's client: a device speaking the relay protocol by hand (hello → challenge →
 * auth → welcome, then subscribe and push), so thousands of sockets and thousands of pushes a
 * second fit in one bench process. Envelopes are real (sealed and signed with the space key, as
 * the provider makes them), sealed BEFORE a timed phase so the bench's own crypto does not cap what
 * it measures on the relay.
 *
 *   const socket = await connectDevice(node.url, creds, (frame, at) => seen.push(at));
 *   socket.send({ type: 'subscribe', docId: SHARED_DOC_ID, afterSeq: 0 });
 *   const pool = sealPool(creds, SHARED_DOC_ID, 1, 500, 60);   // clocks 1..500
 */
import { signAuthChallenge, sealEnvelope } from '@securebase/crypto';
import { decodeFrame, encodeFrame, PROTOCOL_VERSION, scopeForDoc, type Frame } from '@securebase/protocol';
import { currentKey, type Credentials } from '@securebase/sync';
import { WebSocket } from 'ws';
import { now } from './stats.js';

export interface DeviceSocket {
  /** Send one frame (dropped once the socket is closed). */
  send(frame: Frame): void;
  /** Error frames received (must stay 0 in a bench run). */
  readonly errors: string[];
  /** Milliseconds from opening the socket to `welcome`. */
  readonly handshakeMs: number;
  terminate(): void;
}

/** Connect and authenticate as `creds.device`; `onFrame` sees every frame after welcome, with its arrival time. */
export function connectDevice(relayUrl: string, creds: Credentials, onFrame?: (frame: Frame, at: number) => void): Promise<DeviceSocket> {
  const started = now();
  const ws = new WebSocket(`${relayUrl.replace(/^http/, 'ws')}/v1/spaces/${creds.spaceId}/ws`);
  const errors: string[] = [];
  return new Promise((resolve, reject) => {
    let welcomed = false;
    ws.once('error', reject);
    ws.once('close', (code) => {
      if (!welcomed) reject(new Error(`closed with ${code} before welcome (${errors.join(', ')})`));
    });
    ws.on('open', () => {
      ws.send(encodeFrame({ type: 'hello', protocolVersion: PROTOCOL_VERSION, spaceId: creds.spaceId, deviceKey: creds.device.signPublicKey }));
    });
    ws.on('message', (data: Buffer) => {
      const at = now();
      const frame = decodeFrame(new Uint8Array(data));
      if (frame.type === 'error') errors.push(`${frame.code}: ${frame.detail}`);
      if (frame.type === 'challenge') {
        ws.send(encodeFrame({ type: 'auth', signature: signAuthChallenge(creds.device, { spaceId: creds.spaceId, nonce: frame.nonce }) }));
      } else if (frame.type === 'welcome') {
        welcomed = true;
        resolve({
          send: (f) => {
            if (ws.readyState === WebSocket.OPEN) ws.send(encodeFrame(f));
          },
          errors,
          handshakeMs: at - started,
          terminate: () => ws.terminate(),
        });
      } else {
        onFrame?.(frame, at);
      }
    });
  });
}

/**
 * `count` update envelopes of `bytes` zero bytes of plaintext from `creds`' device, clocks
 * `firstClock`…: the relay requires each author's clocks in a document to follow one another.
 * Zeros, because the relay never sees the plaintext and the ciphertext is the same size anyway.
 */
export function sealPool(creds: Credentials, docId: string, firstClock: number, count: number, bytes: number): Uint8Array[] {
  const key = currentKey(creds, scopeForDoc(docId));
  const plaintext = new Uint8Array(bytes);
  return Array.from({ length: count }, (_, i) =>
    sealEnvelope({
      header: { spaceId: creds.spaceId, docId, epoch: key.epoch, author: creds.device.signPublicKey, clock: firstClock + i, kind: 'update' },
      plaintext,
      epochKey: key.key,
      device: creds.device,
    }),
  );
}
