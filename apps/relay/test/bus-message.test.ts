// The bytes relay nodes publish to each other (bus/bus-message.ts): every kind round-trips,
// an update hint with and without its envelope stays distinguishable (an empty envelope is not
// "no envelope"), and bytes no node wrote are refused rather than misread.
import { describe, expect, it } from 'vitest';
import { decodeBusMessage, encodeBusMessage, type BusMessage } from '../src/bus/bus-message.js';

const bytes = (length: number, seed = 7): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 256);

describe('bus messages', () => {
  it('round-trips every kind', () => {
    const messages: BusMessage[] = [
      { kind: 'update', origin: 'node-1/abc', docId: 'shared', seq: 1, envelope: bytes(100) },
      { kind: 'update', origin: 'node-1/abc', docId: 'private-p1', seq: 2 ** 40, envelope: new Uint8Array(0) },
      { kind: 'update', origin: 'n', docId: 'shared', seq: 7 },
      { kind: 'ephemeral', origin: 'node-2/def', docId: 'shared', envelope: bytes(16 * 1024, 3) },
      { kind: 'membership', origin: 'node-3/ghi' },
    ];
    for (const message of messages) expect(decodeBusMessage(encodeBusMessage(message))).toEqual(message);
  });

  it('refuses truncated bytes, an unknown kind and invalid UTF-8', () => {
    const encoded = encodeBusMessage({ kind: 'update', origin: 'node-1', docId: 'shared', seq: 3, envelope: bytes(10) });
    for (const length of [0, 1, 5, 12, 20]) expect(() => decodeBusMessage(encoded.subarray(0, length))).toThrow(RangeError);
    const unknown = Uint8Array.from(encoded);
    unknown[0] = 99;
    expect(() => decodeBusMessage(unknown)).toThrow(/unknown bus message kind/);
    const badText = Uint8Array.from(encoded);
    badText[2] = 0xff;
    expect(() => decodeBusMessage(badText)).toThrow();
  });
});
