import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytesEqual,
  decodeInvitePayload,
  encodeAuthChallengeMessage,
  encodeInvitePayload,
  fromBase64Url,
  isValidDocId,
  isValidInviteId,
  isValidSpaceId,
  SecureBaseError,
  toBase64Url,
  tryFromBase64Url,
} from '@securebase/protocol';
import { arbKeyEntries, randomId, SEED } from './arbitraries.js';
import { concat, expectMalformed } from './expect-malformed.js';

describe('base64url', () => {
  it('matches Node Buffer base64url and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        const text = toBase64Url(data);
        expect(text).toBe(Buffer.from(data).toString('base64url'));
        expect(fromBase64Url(text)).toEqual(data);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('rejects padding, foreign chars, impossible lengths and non-canonical trailing bits', () => {
    for (const bad of ['AQ==', 'A+B/', 'A', 'AQIDB', 'AR', 'AQJ', 'é', ' AQID']) {
      expect(() => fromBase64Url(bad)).toThrow(SecureBaseError);
      try {
        fromBase64Url(bad);
      } catch (error) {
        expect((error as SecureBaseError).code).toBe('invalid-request');
      }
    }
  });

  it('tryFromBase64Url decodes what fromBase64Url decodes and answers undefined where it throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        expect(tryFromBase64Url(toBase64Url(data))).toEqual(data);
      }),
      { seed: SEED, numRuns: 100 },
    );
    // Padding, the plain-base64 alphabet, impossible lengths, stray spaces, non-ASCII, non-canonical trailing bits.
    for (const bad of ['AQ==', 'AQID=', 'A+B/', 'ab/c', 'A', 'AQIDB', ' AQID', 'AQID\n', 'é', 'AR', 'AQJ']) {
      expect(tryFromBase64Url(bad)).toBeUndefined();
    }
    expect(tryFromBase64Url('')).toEqual(new Uint8Array(0));
  });
});

describe('bytesEqual', () => {
  it('is true exactly for the same length and the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        expect(bytesEqual(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
        expect(bytesEqual(a, Uint8Array.from(a))).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
    expect(bytesEqual(new Uint8Array([1, 2, 3]).subarray(1), new Uint8Array([2, 3]))).toBe(true);
  });
});

describe('ids', () => {
  it('accepts canonical 16-byte ids and rejects others', () => {
    fc.assert(
      fc.property(randomId, (id) => {
        expect(isValidSpaceId(id)).toBe(true);
        expect(isValidInviteId(id)).toBe(true);
      }),
      { seed: SEED, numRuns: 100 },
    );
    const id = toBase64Url(new Uint8Array(16));
    expect(isValidSpaceId(id.slice(0, 21) + 'B')).toBe(false); // non-canonical last char
    expect(isValidSpaceId(toBase64Url(new Uint8Array(15)))).toBe(false);
    expect(isValidSpaceId(toBase64Url(new Uint8Array(17)))).toBe(false);
    expect(isValidInviteId(id + '=')).toBe(false);
    expect(isValidSpaceId(42)).toBe(false);
  });

  it('validates document ids', () => {
    expect(isValidDocId('shared')).toBe(true);
    expect(isValidDocId('a-B_9'.repeat(12) + 'abcd')).toBe(true); // 64 chars
    for (const bad of ['', 'x'.repeat(65), 'a b', 'a/b', 'é', null]) expect(isValidDocId(bad)).toBe(false);
  });
});

describe('invite payload (version 2)', () => {
  it('round-trips space keys', () => {
    fc.assert(
      fc.property(randomId, arbKeyEntries(fc.constant('space')).filter((k) => k.length > 0), (spaceId, keys) => {
        const encoded = encodeInvitePayload({ spaceId, keys });
        expect(decodeInvitePayload(encoded)).toEqual({ spaceId, keys });
        expect(encodeInvitePayload(decodeInvitePayload(encoded))).toEqual(encoded);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('rejects truncation, trailing bytes, unknown version, no keys and private keys', () => {
    const spaceId = toBase64Url(new Uint8Array(16));
    const key = new Uint8Array(32).fill(1);
    const encoded = encodeInvitePayload({ spaceId, keys: [{ scope: 'space', epoch: 3, key }] });
    for (let length = 0; length < encoded.length; length++) expectMalformed(() => decodeInvitePayload(encoded.subarray(0, length)));
    expectMalformed(() => decodeInvitePayload(concat(encoded, [0])), 'trailing');
    expectMalformed(() => decodeInvitePayload(concat([1], encoded.subarray(1))), 'version');
    expectMalformed(() => decodeInvitePayload(concat(encoded.subarray(0, 17), [0])), 'no keys');
    // A private key smuggled into an invite: tag 1 + partner id in place of the space tag.
    const smuggled = concat(encoded.subarray(0, 18), [1], new Uint8Array(16), encoded.subarray(19));
    expectMalformed(() => decodeInvitePayload(smuggled), 'outside the space scope');
    expect(() => encodeInvitePayload({ spaceId, keys: [] })).toThrow(RangeError);
    expect(() => encodeInvitePayload({ spaceId, keys: [{ scope: `private:${spaceId}`, epoch: 0, key }] })).toThrow(RangeError);
    expect(() => encodeInvitePayload({ spaceId, keys: [{ scope: 'space', epoch: 0, key: new Uint8Array(31) }] })).toThrow(RangeError);
  });
});

describe('auth challenge message', () => {
  it('is spaceId ‖ nonce ‖ deviceKey, and binds each field', () => {
    const spaceIdBytes = new Uint8Array(16).fill(1);
    const nonce = new Uint8Array(32).fill(2);
    const deviceKey = new Uint8Array(32).fill(3);
    const message = encodeAuthChallengeMessage({ spaceId: toBase64Url(spaceIdBytes), nonce, deviceKey });
    expect(message).toEqual(concat(spaceIdBytes, nonce, deviceKey));
    expect(() => encodeAuthChallengeMessage({ spaceId: toBase64Url(spaceIdBytes), nonce: new Uint8Array(31), deviceKey })).toThrow(RangeError);
  });
});
