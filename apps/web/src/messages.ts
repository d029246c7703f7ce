/**
 * Plain-language messages for the failures a person can meet: a write the model refused, or an
 * error from the relay or a peer. Technical detail (codes, ids) is never shown or logged here.
 *
 *   setError(describeError(err)); // 'Please write something here.'
 */
import { ERRORS, SecureBaseError } from '@securebase/protocol';
import { LIMITS, ModelValidationError } from '@securebase/model';

const FIELD_LIMITS: Record<string, number> = {
  term: LIMITS.term,
  meaning: LIMITS.meaning,
  text: LIMITS.note,
  name: LIMITS.name,
};

/** A short sentence for a refused write, meant to sit next to its field. */
export function describeValidation(err: ModelValidationError): string {
  switch (err.reason) {
    case 'required':
      return 'Please write something here first.';
    case 'too-long': {
      const max = FIELD_LIMITS[err.field];
      return max ? `This is a little long: please keep it to ${max} characters.` : 'This is a little too long.';
    }
    case 'invalid-value':
      return 'Please choose one of the options.';
    case 'unknown-id':
      return 'This was just removed, perhaps on the other device.';
  }
}

/** A short sentence for any error: model, relay/peer, or the network. */
export function describeError(err: unknown): string {
  if (err instanceof ModelValidationError) return describeValidation(err);
  if (err instanceof SecureBaseError) return ERRORS[err.code].message;
  // fetch rejects with a TypeError when the relay cannot be reached at all.
  if (err instanceof TypeError) return 'The relay could not be reached. Check your connection and try again.';
  return 'Something went wrong. Please try again.';
}
