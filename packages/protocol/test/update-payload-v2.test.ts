// The update plaintext's version 2 (`prev`, the device's previous envelope hash) next to version 1.
import { describe, expect, it } from 'vitest';
import { DOC_PAYLOAD_VERSION, UPDATE_CHAINED_VERSION, decodeUpdatePayload, encodeUpdatePayload } from '@securebase/protocol';

const head = { seq: 7, hash: new Uint8Array(32).fill(2) };
const prev = new Uint8Array(32).fill(5);

describe('update payload version 2', () => {
  it('round-trips prev, with and without a head', () => {
    for (const payload of [{ update: Uint8Array.of(1, 2), head, prev }, { update: Uint8Array.of(3), prev }]) {
      const bytes = encodeUpdatePayload(payload);
      expect(bytes[0]).toBe(UPDATE_CHAINED_VERSION);
      expect(decodeUpdatePayload(bytes)).toEqual(payload);
    }
  });

  it('writes version 1, byte for byte as before, when there is no prev', () => {
    const bytes = encodeUpdatePayload({ update: Uint8Array.of(1, 2), head });
    expect(bytes[0]).toBe(DOC_PAYLOAD_VERSION);
    expect(decodeUpdatePayload(bytes)).toEqual({ update: Uint8Array.of(1, 2), head });
  });

  it('refuses a short prev, trailing bytes and a prev of the wrong size', () => {
    const bytes = encodeUpdatePayload({ update: Uint8Array.of(1), head, prev });
    expect(() => decodeUpdatePayload(bytes.subarray(0, bytes.length - 1))).toThrow();
    expect(() => decodeUpdatePayload(Uint8Array.of(...bytes, 0))).toThrow();
    expect(() => encodeUpdatePayload({ update: Uint8Array.of(1), prev: new Uint8Array(31) })).toThrow(RangeError);
  });
});
