/**
 * Assert that decoding throws SecureBaseError with code 'malformed-frame'.
 *
 *   expectMalformed(() => decodeFrame(bytes), 'trailing');
 */
import { expect } from 'vitest';
import { SecureBaseError } from '@securebase/protocol';

/** Run `decode` and require a SecureBaseError('malformed-frame') whose detail contains `detailPart`. */
export function expectMalformed(decode: () => unknown, detailPart?: string): void {
  let thrown: unknown;
  try {
    decode();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SecureBaseError);
  const error = thrown as SecureBaseError;
  expect(error.code).toBe('malformed-frame');
  if (detailPart !== undefined) expect(error.detail).toContain(detailPart);
}

/** Concatenate byte arrays (tests build hand-made frames from pieces). */
export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}
