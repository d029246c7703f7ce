/**
 * Validation of agreement fields against their template, for writes (throws
 * ModelValidationError) and for reads of what a peer stored (returns undefined).
 *
 *   const minutes = validAgreementField(field, 45); // field: the 'returnAfterMinutes' template
 */
import { TIME_OUT_MINUTES, type AgreementFieldTemplate } from './agreement-templates.js';
import type { AgreementFieldValue } from './sections.js';
import { LIMITS, ModelValidationError, isEnum, isIntIn, isText, validEnum, validInt, validText } from './validation.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A value a write may store in `field`, normalised (trimmed); throws when it is not. */
export function validAgreementField(field: AgreementFieldTemplate, value: unknown): AgreementFieldValue {
  switch (field.type) {
    case 'text':
    case 'long-text':
      return validText(field.name, value, LIMITS.text);
    case 'steps': {
      if (!Array.isArray(value)) throw new ModelValidationError(field.name, 'invalid-value');
      // Blank lines are how a form shows "no step here": drop them rather than refuse.
      const steps = value.filter((s) => typeof s !== 'string' || s.trim().length > 0).map((s) => validText(field.name, s, LIMITS.step));
      if (steps.length === 0) throw new ModelValidationError(field.name, 'required');
      if (steps.length > LIMITS.steps) throw new ModelValidationError(field.name, 'too-long');
      return steps;
    }
    case 'minutes':
      return validInt(field.name, value, TIME_OUT_MINUTES.min, TIME_OUT_MINUTES.max);
    case 'choice':
      return validEnum(field.name, value, field.options ?? []);
    case 'time':
      if (typeof value !== 'string' || !TIME.test(value)) throw new ModelValidationError(field.name, 'invalid-value');
      return value;
  }
}

/** Is `value` something a write could have stored in `field`? */
export function isAgreementField(field: AgreementFieldTemplate, value: unknown): value is AgreementFieldValue {
  switch (field.type) {
    case 'text':
    case 'long-text':
      return isText(value, LIMITS.text);
    case 'steps':
      return (
        Array.isArray(value) &&
        value.length >= 1 &&
        value.length <= LIMITS.steps &&
        value.every((s) => isText(s, LIMITS.step))
      );
    case 'minutes':
      return isIntIn(value, TIME_OUT_MINUTES.min, TIME_OUT_MINUTES.max);
    case 'choice':
      return isEnum(value, field.options ?? []);
    case 'time':
      return typeof value === 'string' && TIME.test(value);
  }
}
