// randomBytes reads Web Crypto's CSPRNG (random.ts): every length, across getRandomValues' 64 KiB
// quota per call, with a clear error for a length that is not a whole number.
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../src/index.js';

describe('randomBytes', () => {
  it('returns exactly the asked length, fresh bytes each call', () => {
    expect(randomBytes(0)).toEqual(new Uint8Array(0));
    const a = randomBytes(24);
    const b = randomBytes(24);
    expect(a).toHaveLength(24);
    expect(a).not.toEqual(b);
  });

  it('fills a buffer larger than one getRandomValues call, to its last chunk', () => {
    const big = randomBytes(65_536 * 2 + 17);
    expect(big).toHaveLength(131_089);
    // Each chunk is filled: no 4 KiB run of zeros anywhere (chance ~2^-32768 for real randomness).
    for (const at of [0, 65_536, 131_072 - 4096, 131_089 - 4096]) expect(big.subarray(at, at + 4096).some((x) => x !== 0)).toBe(true);
  });

  it('refuses a negative or fractional length', () => {
    expect(() => randomBytes(-1)).toThrow(/length must be a whole number/);
    expect(() => randomBytes(1.5)).toThrow(/length must be a whole number/);
  });
});
