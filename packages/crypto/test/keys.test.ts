import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, SecureBaseError } from '@securebase/protocol';
import {
  allSignatureContexts,
  decodeDeviceKeys,
  encodeDeviceKeys,
  generateDeviceKeys,
  generateSpaceKey,
  randomBytes,
  randomId,
  readyCrypto,
  safetyNumber,
} from '@securebase/crypto';

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
  it('is the same from both sides, 12 groups of 5 digits, and changes with any identity bit', () => {
    const a = { partnerId: randomId(), deviceKey: generateDeviceKeys().signPublicKey };
    const b = { partnerId: randomId(), deviceKey: generateDeviceKeys().signPublicKey };
    const number = safetyNumber(a, b);
    expect(safetyNumber(b, a)).toBe(number);
    expect(number).toMatch(/^\d{5}( \d{5}){11}$/);
    const key = b.deviceKey.slice();
    key[0] = (key[0] ?? 0) ^ 1;
    expect(safetyNumber(a, { ...b, deviceKey: key })).not.toBe(number);
    expect(safetyNumber(a, { ...b, partnerId: randomId() })).not.toBe(number);
  });
});
