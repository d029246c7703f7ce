/**
 * Turning a refused model write into messages next to the fields it names. Every section's
 * forms call `attemptWrite`, so a validation error always lands beside its own field.
 *
 *   const errors = attemptWrite(() => workbook.triggers.add(input, me));
 *   if (errors) setErrors(errors); else reset();
 */
import { LIMITS, ModelValidationError } from '@securebase/model';
import { describeError } from '../messages.js';

/** Field name → limit in characters, for "please keep it to N characters". */
const FIELD_LIMITS: Record<string, number> = {
  topic: LIMITS.title,
  title: LIMITS.title,
  trigger: LIMITS.title,
  text: LIMITS.text,
  note: LIMITS.text,
  whatHappens: LIMITS.text,
  agreedResponse: LIMITS.text,
  thought: LIMITS.text,
  evidence: LIMITS.text,
  reframe: LIMITS.text,
  appreciation: LIMITS.checkin,
  need: LIMITS.checkin,
};

/** What a well-formed value looks like, for fields that are not a choice from a list. */
const FIELD_FORMATS: Record<string, string> = {
  returnAfterMinutes: 'Please enter a number of minutes between 5 and 240.',
  time: 'Please enter a time such as 19:00.',
  date: 'Please enter a date.',
  safety: 'Please choose a number from 1 to 5.',
  closeness: 'Please choose a number from 1 to 5.',
  stress: 'Please choose a number from 1 to 5.',
  steps: 'Please write at most 12 steps, one per line.',
};

/** Errors keyed by field name; `form` holds one that belongs to no single field. */
export type FieldErrors = Record<string, string>;

/** A kind sentence for one refused write. */
export function describeFieldError(err: ModelValidationError): string {
  const max = FIELD_LIMITS[err.field];
  if (err.reason === 'too-long' && max) return `This is a little long: please keep it to ${max} characters.`;
  if (err.reason === 'invalid-value' && FIELD_FORMATS[err.field]) return FIELD_FORMATS[err.field]!;
  if (err.reason === 'not-allowed') return 'Only the person who wrote this can change it.';
  if (err.reason === 'stale') return 'This just changed on another device. Please look again and retry.';
  if (err.reason === 'newer-schema') return 'Your partner’s app is newer. Please update this app before changing anything.';
  return describeError(err);
}

/**
 * Runs a model write; returns undefined when it succeeded, or the field errors when the model
 * refused it. Anything that is not a validation error is a bug and is rethrown.
 */
export function attemptWrite(write: () => unknown): FieldErrors | undefined {
  try {
    write();
    return undefined;
  } catch (err) {
    if (!(err instanceof ModelValidationError)) throw err;
    return { [err.field]: describeFieldError(err) };
  }
}
