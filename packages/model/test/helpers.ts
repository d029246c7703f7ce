/**
 * Test helpers for the model: a deterministic clock, replica sync, and an assertion that a write
 * was refused with a given field and reason.
 *
 *   expectInvalid(() => wb.boundaries.add({ topic: '' }, A), 'topic', 'required');
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { ModelValidationError } from '@securebase/model';

export const A = 'partner-a';
export const B = 'partner-b';

/** A clock that ticks one millisecond per call. */
export function fixedClock(start = 1_700_000_000_000): () => number {
  let t = start;
  return () => t++;
}

/** Sends `from`'s missing updates to `to`. */
export function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/** Both directions. */
export function exchange(a: Y.Doc, b: Y.Doc): void {
  sync(a, b);
  sync(b, a);
}

/** Asserts `fn` throws ModelValidationError(field, reason). */
export function expectInvalid(fn: () => unknown, field: string, reason: ModelValidationError['reason']): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ModelValidationError);
  expect({ field: (caught as ModelValidationError).field, reason: (caught as ModelValidationError).reason }).toEqual({ field, reason });
}
