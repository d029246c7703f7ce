/**
 * Plain-language messages for the failures a person can meet: a write the model refused, or an
 * error from the relay or a peer, in the person's own language. Technical detail (codes, ids) is
 * never shown or logged here.
 *
 *   setError(describeError(err, t)); // 'Please write something here first.'
 */
import { SecureBaseError, type ErrorCode } from '@securebase/protocol';
import { LIMITS, ModelValidationError } from '@securebase/model';
import type { MessageKey, Translate } from '@securebase/i18n';

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

/** Each protocol error's words (the English matches ERRORS[code].message). */
const ERROR_KEYS: Record<ErrorCode, MessageKey> = {
  'malformed-frame': 'errors.malformedFrame',
  'unsupported-version': 'errors.unsupportedVersion',
  'not-authenticated': 'errors.notAuthenticated',
  'auth-failed': 'errors.authFailed',
  'unknown-space': 'errors.unknownSpace',
  'not-a-member': 'errors.notAMember',
  'frame-too-large': 'errors.frameTooLarge',
  'space-full': 'errors.spaceFull',
  'too-many-connections': 'errors.tooManyConnections',
  'quota-exceeded': 'errors.quotaExceeded',
  'wrong-space': 'errors.wrongSpace',
  'wrong-document': 'errors.wrongDocument',
  'wrong-author': 'errors.wrongAuthor',
  'clock-conflict': 'errors.clockConflict',
  'invalid-request': 'errors.invalidRequest',
  'invite-not-found': 'errors.inviteNotFound',
  'invite-used': 'errors.inviteUsed',
  'invite-expired': 'errors.inviteExpired',
  'invalid-membership': 'errors.invalidMembership',
  'bad-signature': 'errors.badSignature',
  'bad-commitment': 'errors.badCommitment',
  'decrypt-failed': 'errors.decryptFailed',
  'unknown-epoch': 'errors.unknownEpoch',
  'unknown-author': 'errors.unknownAuthor',
  'update-gap': 'errors.updateGap',
  'replayed-update': 'errors.replayedUpdate',
  'invalid-update': 'errors.invalidUpdate',
  'server-error': 'errors.serverError',
  'rate-limited': 'errors.rateLimited',
  'relay-unreachable': 'errors.relayUnreachable',
  'fork-detected': 'errors.forkDetected',
  'rollback-detected': 'errors.rollbackDetected',
  'snapshot-conflict': 'errors.snapshotConflict',
  'reordered-update': 'errors.reorderedUpdate',
  'stale-epoch': 'errors.staleEpoch',
  'link-not-found': 'errors.linkNotFound',
  'link-expired': 'errors.linkExpired',
  'link-used': 'errors.linkUsed',
  'device-removed': 'errors.deviceRemoved',
  'forbidden-document': 'errors.forbiddenDocument',
  'local-store-locked': 'errors.localStoreLocked',
  'identity-changed': 'errors.identityChanged',
  'slow-consumer': 'errors.slowConsumer',
  'creation-closed': 'errors.creationClosed',
  'relay-full': 'errors.relayFull',
  'invite-revoked': 'errors.inviteRevoked',
  'membership-limit': 'errors.membershipLimit',
  'membership-changed': 'errors.membershipChanged',
  'already-exists': 'errors.alreadyExists',
  'link-not-requested': 'errors.linkNotRequested',
  'already-member': 'errors.alreadyMember',
  'foreign-client-id': 'errors.foreignClientId',
  'forged-authorship': 'errors.forgedAuthorship',
  'reveal-malformed': 'errors.revealMalformed',
  'reveal-wrong-round': 'errors.revealWrongRound',
  'reveal-out-of-order': 'errors.revealOutOfOrder',
  'reveal-tampered': 'errors.revealTampered',
  'reveal-wrong-size': 'errors.revealWrongSize',
  'reveal-timeout': 'errors.revealTimeout',
  'reveal-partner-stopped': 'errors.revealPartnerStopped',
  'reveal-cancelled': 'errors.revealCancelled',
};

/** A short sentence for a refused write, meant to sit next to its field. */
export function describeValidation(err: ModelValidationError, t: Translate): string {
  switch (err.reason) {
    case 'required':
      return t('errors.required');
    case 'too-long': {
      const max = FIELD_LIMITS[err.field];
      return max ? t('errors.tooLongMax', { max }) : t('errors.tooLong');
    }
    case 'invalid-value':
      return t('errors.invalidValue');
    case 'unknown-id':
      return t('errors.unknownId');
    case 'not-allowed':
      return t('errors.notAllowed');
    case 'stale':
      return t('errors.stale');
    case 'newer-schema':
      return t('errors.newerSchema');
  }
}

/** A short sentence for any error: model, relay/peer, or the network. */
export function describeError(err: unknown, t: Translate): string {
  if (err instanceof ModelValidationError) return describeValidation(err, t);
  if (err instanceof SecureBaseError) return t(ERROR_KEYS[err.code]);
  // fetch rejects with a TypeError when the relay cannot be reached at all.
  if (err instanceof TypeError) return t('errors.offline');
  return t('errors.generic');
}
