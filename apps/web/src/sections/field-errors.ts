/**
 * Turning a refused model write into messages next to the fields it names. Every section's
 * forms call `attemptWrite`, so a validation error always lands beside its own field.
 *
 *   const errors = attemptWrite(() => workbook.triggers.add(input, me), t);
 *   if (errors) setErrors(errors); else reset();
 */
import { LIMITS, ModelValidationError } from '@securebase/model';
import type { MessageKey, Translate } from '../i18n.js';
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
const FIELD_FORMATS: Record<string, MessageKey> = {
  returnAfterMinutes: 'components.format.minutes',
  time: 'components.format.time',
  date: 'components.format.date',
  safety: 'components.format.rating',
  closeness: 'components.format.rating',
  stress: 'components.format.rating',
  steps: 'components.format.steps',
};

/** Errors keyed by field name; `form` holds one that belongs to no single field. */
export type FieldErrors = Record<string, string>;

/** A kind sentence for one refused write. */
export function describeFieldError(err: ModelValidationError, t: Translate): string {
  const max = FIELD_LIMITS[err.field];
  const format = FIELD_FORMATS[err.field];
  if (err.reason === 'too-long' && max) return t('components.field.tooLong', { max });
  if (err.reason === 'invalid-value' && format) return t(format);
  if (err.reason === 'not-allowed') return t('components.field.notAllowed');
  if (err.reason === 'stale') return t('components.field.stale');
  if (err.reason === 'newer-schema') return t('components.field.newerSchema');
  return describeError(err, t);
}

/**
 * Runs a model write; returns undefined when it succeeded, or the field errors when the model
 * refused it. Anything that is not a validation error is a bug and is rethrown.
 */
export function attemptWrite(write: () => unknown, t: Translate): FieldErrors | undefined {
  try {
    write();
    return undefined;
  } catch (err) {
    if (!(err instanceof ModelValidationError)) throw err;
    return { [err.field]: describeFieldError(err, t) };
  }
}
