/**
 * Write-side validation: every write checks its input here and throws `ModelValidationError`,
 * so the document only ever holds values the schema allows (peers' junk is handled on read).
 *
 *   const term = validTerm(input.term); // trimmed, 1..80 chars, else throws
 */

/** A write was refused: which field and why (stable, machine-readable reason). */
export class ModelValidationError extends Error {
  readonly field: string;
  readonly reason: 'required' | 'too-long' | 'invalid-value' | 'unknown-id';

  constructor(field: string, reason: ModelValidationError['reason']) {
    super(`invalid ${field}: ${reason}`);
    this.name = 'ModelValidationError';
    this.field = field;
    this.reason = reason;
  }
}

export const LIMITS = { term: 80, meaning: 2000, note: 2000, name: 60 } as const;

/** Trimmed text of 1..max characters (counted in code points, so emoji count once). */
export function validText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw new ModelValidationError(field, 'invalid-value');
  const text = value.trim();
  if (text.length === 0) throw new ModelValidationError(field, 'required');
  if ([...text].length > max) throw new ModelValidationError(field, 'too-long');
  return text;
}

/** Text of 0..max characters; an empty meaning is how a partner clears theirs. */
export function validOptionalText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw new ModelValidationError(field, 'invalid-value');
  const text = value.trim();
  if ([...text].length > max) throw new ModelValidationError(field, 'too-long');
  return text;
}

/** One of the allowed enum values. */
export function validEnum<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ModelValidationError(field, 'invalid-value');
  }
  return value as T;
}

/** A non-empty id string (partner ids and item ids are opaque here). */
export function validId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) {
    throw new ModelValidationError(field, 'invalid-value');
  }
  return value;
}

// Read-side guards: true when a value read from the document is well-formed.

/** Is `value` a string a write could have produced for this field? */
export function isText(value: unknown, max: number, allowEmpty = false): value is string {
  if (typeof value !== 'string') return false;
  if (!allowEmpty && value.trim().length === 0) return false;
  return [...value].length <= max;
}

/** Is `value` one of `allowed`? */
export function isEnum<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/** Is `value` a plausible timestamp (finite, non-negative)? */
export function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Is `value` a plausible id? */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 64;
}
