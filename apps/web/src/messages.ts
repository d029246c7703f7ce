/**
 * Plain-language messages for the failures a person can meet: a write the model refused, or an
 * error from the relay or a peer. Technical detail (codes, ids) is never shown or logged here.
 *
 *   setError(describeError(err)); // 'Please write something here.'
 */
import { ERRORS, SecureBaseError } from '@securebase/protocol';
import { LIMITS, ModelValidationError } from '@securebase/model';

/**
 * Limits by field name, for the "too long" message. Only names that mean one limit everywhere:
 * `text` is a note in one section and a longer field in another, so it gets the plain wording.
 */
const FIELD_LIMITS: Record<string, number> = {
  term: LIMITS.term,
  meaning: LIMITS.meaning,
  name: LIMITS.name,
  title: LIMITS.title,
  topic: LIMITS.title,
  note: LIMITS.text,
  evidence: LIMITS.text,
  reframe: LIMITS.text,
  thought: LIMITS.text,
  appreciation: LIMITS.checkin,
  need: LIMITS.checkin,
};

/** A short sentence for a refused write, meant to sit next to its field. */
export function describeValidation(err: ModelValidationError): string {
  switch (err.reason) {
    case 'required':
      return 'Please write something here first.';
    case 'too-long': {
      const max = FIELD_LIMITS[err.field];
      return max ? `This is a little long: please keep it to ${max} characters.` : 'This is a little too long: please shorten it.';
    }
    case 'invalid-value':
      return 'Please choose one of the options.';
    case 'unknown-id':
      return 'This was just removed, perhaps on the other device.';
    case 'not-allowed':
      return 'Only the person who wrote this can change it.';
    case 'stale':
      return 'This changed on the other device a moment ago. Please look again and retry.';
    case 'newer-schema':
      return 'Your partner is using a newer version of Secure Base. Reload this page to update before writing.';
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
