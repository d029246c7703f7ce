import { beforeAll, describe, expect, it } from 'vitest';
import {
  deriveKeyFromPassphrase,
  foldLogHash,
  generateLocalKey,
  hashBytes,
  LOG_HASH_GENESIS,
  openLocalValue,
  readyCrypto,
  sealLocalValue,
  unwrapLocalKey,
  wrapLocalKey,
} from '@securebase/crypto';
import { codeOf } from './chain-helpers.js';

beforeAll(async () => {
  await readyCrypto();
});

describe('local values at rest', () => {
  it('round-trip under the local key and record key', () => {
    const key = generateLocalKey();
    const value = Uint8Array.of(1, 2, 3);
    const sealed = sealLocalValue(key, 'pending/shared', value);
    expect(openLocalValue(key, 'pending/shared', sealed)).toEqual({ ok: true, value });
    expect(sealLocalValue(key, 'pending/shared', value)).not.toEqual(sealed); // fresh nonce
  });

  it('swapped record key, another local key, any flipped bit, truncation → decrypt-failed', () => {
    const key = generateLocalKey();
    const sealed = sealLocalValue(key, 'credentials', Uint8Array.of(9, 9));
    expect(codeOf(openLocalValue(key, 'pending/shared', sealed))).toBe('decrypt-failed');
    expect(codeOf(openLocalValue(generateLocalKey(), 'credentials', sealed))).toBe('decrypt-failed');
    for (let i = 0; i < sealed.length; i++) {
      const tampered = sealed.slice();
      tampered[i] = (tampered[i] ?? 0) ^ 0x40;
      expect(codeOf(openLocalValue(key, 'credentials', tampered)), `byte ${i}`).toBe('decrypt-failed');
    }
    expect(codeOf(openLocalValue(key, 'credentials', sealed.subarray(0, 30)))).toBe('decrypt-failed');
  });
});

describe('passphrase lock', () => {
  it('the same passphrase and salt unwrap; a wrong passphrase → local-store-locked', () => {
    const localKey = generateLocalKey();
    const derived = deriveKeyFromPassphrase('quiet harbor at dawn', { strength: 'interactive' });
    expect(derived.key).toHaveLength(32);
    expect(derived.salt).toHaveLength(16);
    const wrapped = wrapLocalKey(localKey, derived.key);
    const again = deriveKeyFromPassphrase('quiet harbor at dawn', { salt: derived.salt, strength: 'interactive' });
    expect(unwrapLocalKey(wrapped, again.key)).toEqual({ ok: true, value: localKey });
    const wrong = deriveKeyFromPassphrase('quiet harbor at dusk', { salt: derived.salt, strength: 'interactive' });
    expect(codeOf(unwrapLocalKey(wrapped, wrong.key))).toBe('local-store-locked');
    const tampered = wrapped.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(codeOf(unwrapLocalKey(tampered, again.key))).toBe('local-store-locked');
  });

  it('another salt gives another key; strength sets the limits', () => {
    const a = deriveKeyFromPassphrase('same words', { strength: 'interactive' });
    const b = deriveKeyFromPassphrase('same words', { strength: 'interactive' });
    expect(a.key).not.toEqual(b.key);
    expect(a.memlimit).toBeLessThan(256 * 1024 * 1024 + 1);
    expect(() => deriveKeyFromPassphrase('x', { salt: new Uint8Array(3) })).toThrow(RangeError);
  });
});

describe('log hash chain', () => {
  it('folds deterministically; depends on seq, envelope and history', () => {
    const e1 = Uint8Array.of(1);
    const e2 = Uint8Array.of(2);
    const h1 = foldLogHash(LOG_HASH_GENESIS, 1, e1);
    expect(h1).toHaveLength(32);
    expect(foldLogHash(LOG_HASH_GENESIS, 1, e1)).toEqual(h1);
    expect(foldLogHash(LOG_HASH_GENESIS, 2, e1)).not.toEqual(h1);
    expect(foldLogHash(LOG_HASH_GENESIS, 1, e2)).not.toEqual(h1);
    const h2 = foldLogHash(h1, 2, e2);
    // A fork: same seq 2, different history before it.
    expect(foldLogHash(foldLogHash(LOG_HASH_GENESIS, 1, e2), 2, e2)).not.toEqual(h2);
    expect(LOG_HASH_GENESIS).toEqual(new Uint8Array(32));
    expect(hashBytes(e1)).toHaveLength(32);
    expect(() => foldLogHash(new Uint8Array(31), 1, e1)).toThrow(RangeError);
    expect(() => foldLogHash(h1, -1, e1)).toThrow(RangeError);
  });
});
