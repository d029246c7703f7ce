/**
 * Write-side validation: every write checks its input here and throws `ModelValidationError`,
 * so the document only ever holds values the schema allows (peers' junk is handled on read).
 *
 *   const term = validTerm(input.term); // trimmed, 1..80 chars, else throws
 */

/** A write was refused: which field and why (stable, machine-readable reason). */
export class ModelValidationError extends Error {
  readonly field: string;
  /**
   * 'not-allowed': the acting partner may not make this change (another partner's answer, a
   * reveal before both committed); 'stale': the item changed since it was read (re-read, retry);
   * 'newer-schema': a newer app wrote this document, so this app refuses to write to it.
   */
  readonly reason: 'required' | 'too-long' | 'invalid-value' | 'unknown-id' | 'not-allowed' | 'stale' | 'newer-schema';

  constructor(field: string, reason: ModelValidationError['reason']) {
    super(`invalid ${field}: ${reason}`);
    this.name = 'ModelValidationError';
    this.field = field;
    this.reason = reason;
  }
}

export const LIMITS = {
  term: 80,
  meaning: 2000,
  note: 2000,
  name: 60,
  /** Boundary topic, trigger, agreement title, win. */
  title: 200,
  /** Free text of most fields (boundary note, reframe parts, agreement fields, acknowledgements). */
  text: 4000,
  /** A check-in's appreciation or need. */
  checkin: 1000,
  /** A private journal entry. */
  journal: 20000,
  /** Steps of a de-escalation script, and the length of one step. */
  steps: 12,
  step: 500,
} as const;

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

/** A calendar date written YYYY-MM-DD that exists (2025-02-30 does not). */
export function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A valid YYYY-MM-DD date, else throws. */
export function validDate(field: string, value: unknown): string {
  if (!isDate(value)) throw new ModelValidationError(field, 'invalid-value');
  return value;
}

/** An integer in [min, max]. */
export function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** An integer in [min, max], else throws. */
export function validInt(field: string, value: unknown, min: number, max: number): number {
  if (!isIntIn(value, min, max)) throw new ModelValidationError(field, 'invalid-value');
  return value;
}

/** Unpadded base64url of at most `maxChars` characters (signatures, commitments, salts). */
export function isBase64url(value: unknown, maxChars = 512): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxChars && /^[A-Za-z0-9_-]+$/.test(value);
}

/** Unpadded base64url, else throws. */
export function validBase64url(field: string, value: unknown, maxChars = 512): string {
  if (!isBase64url(value, maxChars)) throw new ModelValidationError(field, 'invalid-value');
  return value;
}

/** Refuses a change the acting partner may not make. */
export function notAllowed(field: string): never {
  throw new ModelValidationError(field, 'not-allowed');
}
