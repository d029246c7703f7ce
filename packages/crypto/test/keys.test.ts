import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, SecureBaseError } from '@securebase/protocol';
import {
  decodeDeviceKeys,
  encodeDeviceKeys,
  generateDeviceKeys,
  generateSpaceKey,
  randomBytes,
  randomId,
  readyCrypto,
  safetyNumber,
} from '@securebase/crypto';
import { allSignatureContexts, SAFETY_WORDS } from '@securebase/crypto/testing';

beforeAll(async () => {
  await readyCrypto();
});

describe('keys', () => {
  it('generates keys of the right sizes; random values differ', () => {
    const keys = generateDeviceKeys();
    expect([keys.signPublicKey.length, keys.signSecretKey.length, keys.boxPublicKey.length, keys.boxSecretKey.length]).toEqual([32, 64, 32, 32]);
    expect(generateSpaceKey()).toHaveLength(32);
    expect(randomBytes(5)).toHaveLength(5);
    expect(fromBase64Url(randomId())).toHaveLength(16);
    expect(randomId()).not.toBe(randomId());
  });

  it('device keys round-trip through local storage encoding', () => {
    const keys = generateDeviceKeys();
    expect(decodeDeviceKeys(encodeDeviceKeys(keys))).toEqual(keys);
  });

  it('rejects corrupted or mismatched stored keys', () => {
    const keys = generateDeviceKeys();
    const encoded = encodeDeviceKeys(keys);
    for (const index of [0, 5, 40, 100, 140]) {
      const tampered = encoded.slice();
      tampered[index] = (tampered[index] ?? 0) ^ 1;
      expect(() => decodeDeviceKeys(tampered), `byte ${index}`).toThrow(SecureBaseError);
    }
    expect(() => decodeDeviceKeys(encoded.subarray(1))).toThrow(SecureBaseError);
    const mixed = encodeDeviceKeys({ ...keys, boxSecretKey: generateDeviceKeys().boxSecretKey });
    expect(() => decodeDeviceKeys(mixed)).toThrow(/box pair/);
  });
});

describe('signature contexts', () => {
  it('are distinct and none is a prefix of another (keeps signed messages disjoint)', () => {
    const contexts = allSignatureContexts();
    expect(new Set(contexts).size).toBe(contexts.length);
    for (const a of contexts) for (const b of contexts) if (a !== b) expect(b.startsWith(a), `${a} / ${b}`).toBe(false);
  });
});

describe('safety number', () => {
  it('is the same from both sides: 12 groups of 5 digits and 6 words from the list', () => {
    const a = generateDeviceKeys().signPublicKey;
    const b = generateDeviceKeys().signPublicKey;
    const number = safetyNumber(a, b);
    expect(safetyNumber(b, a)).toEqual(number);
    expect(number.digits).toMatch(/^\d{5}( \d{5}){11}$/);
    expect(number.words).toHaveLength(6);
    for (const word of number.words) expect(SAFETY_WORDS).toContain(word);
  });

  it('changes when either identity changes (a substituted key shows)', () => {
    const a = generateDeviceKeys().signPublicKey;
    const b = generateDeviceKeys().signPublicKey;
    const number = safetyNumber(a, b);
    const flipped = b.slice();
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const changed = safetyNumber(a, flipped);
    expect(changed.digits).not.toBe(number.digits);
    expect(changed.words).not.toEqual(number.words);
    const other = safetyNumber(generateDeviceKeys().signPublicKey, b);
    expect(other.digits).not.toBe(number.digits);
    expect(() => safetyNumber(a, b.subarray(1))).toThrow(RangeError);
  });

  it('is deterministic for fixed keys, and the word list is 256 distinct words', () => {
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    expect(safetyNumber(a, b)).toEqual(safetyNumber(a.slice(), b.slice()));
    expect(new Set(SAFETY_WORDS).size).toBe(256);
    expect([...SAFETY_WORDS]).toEqual([...SAFETY_WORDS].sort());
  });
});
