import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeEnvelope,
  decodeEnvelopeHeader,
  encodeEnvelope,
  encodeEnvelopeHeader,
  toBase64Url,
  type EnvelopeHeader,
} from '@securebase/protocol';
import { anyBytes, arbEnvelopeHeader, bytes, SEED } from './arbitraries.js';
import { concat, expectMalformed } from './expect-malformed.js';

const header: EnvelopeHeader = {
  version: 1,
  spaceId: toBase64Url(new Uint8Array(16).fill(5)),
  docId: 'shared',
  epoch: 0,
  author: new Uint8Array(32).fill(6),
  clock: 1,
  kind: 'update',
};

function parts(headerBytes = encodeEnvelopeHeader(header)) {
  return {
    headerBytes,
    nonce: new Uint8Array(24).fill(1),
    commitment: new Uint8Array(32).fill(2),
    ciphertext: Uint8Array.of(3, 3, 3),
    signature: new Uint8Array(64).fill(4),
  };
}

describe('envelope codec', () => {
  it('round-trips random headers and envelopes byte-exactly', () => {
    fc.assert(
      fc.property(arbEnvelopeHeader, bytes(24), bytes(32), anyBytes, bytes(64), (h, nonce, commitment, ciphertext, signature) => {
        const headerBytes = encodeEnvelopeHeader(h);
        expect(decodeEnvelopeHeader(headerBytes)).toEqual(h);
        const encoded = encodeEnvelope({ headerBytes, nonce, commitment, ciphertext, signature });
        const decoded = decodeEnvelope(encoded);
        expect(decoded).toEqual({ header: h, headerBytes, nonce, commitment, ciphertext, signature });
        expect(encodeEnvelope(decoded)).toEqual(encoded);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('rejects every truncation and trailing bytes', () => {
    const encoded = encodeEnvelope(parts());
    for (let length = 0; length < encoded.length; length++) expectMalformed(() => decodeEnvelope(encoded.subarray(0, length)));
    expectMalformed(() => decodeEnvelope(concat(encoded, [0])), 'trailing');
    const headerBytes = encodeEnvelopeHeader(header);
    expectMalformed(() => decodeEnvelopeHeader(concat(headerBytes, [0])), 'trailing');
  });

  it('rejects unknown version and kind, clock 0, and an oversize header', () => {
    const good = encodeEnvelopeHeader(header);
    expectMalformed(() => decodeEnvelopeHeader(concat([2], good.subarray(1))), 'version');
    expectMalformed(() => decodeEnvelopeHeader(concat([1, 5], good.subarray(2))), 'kind');
    expectMalformed(() => decodeEnvelopeHeader(concat([1, 0], good.subarray(2))), 'kind');
    expectMalformed(() => decodeEnvelopeHeader(concat(good.subarray(0, good.length - 1), [0])), 'clock');
    expectMalformed(() => decodeEnvelope(concat([0x81, 0x02], new Uint8Array(257))), 'header: longer than');
    // A header that does not decode is refused inside an envelope too.
    expectMalformed(() => decodeEnvelope(encodeEnvelopeWithRawHeader(concat([2], good.subarray(1)))), 'version');
  });

  it('refuses to encode invalid values', () => {
    expect(() => encodeEnvelopeHeader({ ...header, clock: 0 })).toThrow(RangeError);
    expect(() => encodeEnvelopeHeader({ ...header, version: 2 })).toThrow(RangeError);
    expect(() => encodeEnvelopeHeader({ ...header, author: new Uint8Array(31) })).toThrow(RangeError);
    expect(() => encodeEnvelopeHeader({ ...header, spaceId: 'short' })).toThrow(RangeError);
    expect(() => encodeEnvelope({ ...parts(), nonce: new Uint8Array(23) })).toThrow(RangeError);
    expect(() => encodeEnvelope({ ...parts(), signature: new Uint8Array(65) })).toThrow(RangeError);
  });
});

// Build an envelope around arbitrary header bytes, bypassing encodeEnvelope's own header check.
function encodeEnvelopeWithRawHeader(headerBytes: Uint8Array): Uint8Array {
  const p = parts();
  return concat([headerBytes.length], headerBytes, p.nonce, p.commitment, [p.ciphertext.length], p.ciphertext, p.signature);
}
