/**
 * The protocol's error codes in the CLI's words: the same plain messages as packages/protocol's
 * table, in the person's language, each code mapped to its catalog key.
 *
 *   describeCode('invite-used');   // "This invitation has already been used. …" (or German, Spanish)
 */
import type { MessageKey } from '@securebase/i18n';
import type { ErrorCode } from '@securebase/protocol';
import { t } from './words.js';

const CODE_KEYS: Record<ErrorCode, MessageKey> = {
  'malformed-frame': 'cli.code.malformedFrame',
  'unsupported-version': 'cli.code.unsupportedVersion',
  'not-authenticated': 'cli.code.notAuthenticated',
  'auth-failed': 'cli.code.authFailed',
  'unknown-space': 'cli.code.unknownSpace',
  'not-a-member': 'cli.code.notAMember',
  'frame-too-large': 'cli.code.frameTooLarge',
  'space-full': 'cli.code.spaceFull',
  'too-many-connections': 'cli.code.tooManyConnections',
  'quota-exceeded': 'cli.code.quotaExceeded',
  'wrong-space': 'cli.code.wrongSpace',
  'wrong-document': 'cli.code.wrongDocument',
  'wrong-author': 'cli.code.wrongAuthor',
  'clock-conflict': 'cli.code.clockConflict',
  'invalid-request': 'cli.code.invalidRequest',
  'invite-not-found': 'cli.code.inviteNotFound',
  'invite-used': 'cli.code.inviteUsed',
  'invite-expired': 'cli.code.inviteExpired',
  'invalid-membership': 'cli.code.invalidMembership',
  'bad-signature': 'cli.code.badSignature',
  'bad-commitment': 'cli.code.badCommitment',
  'decrypt-failed': 'cli.code.decryptFailed',
  'unknown-epoch': 'cli.code.unknownEpoch',
  'unknown-author': 'cli.code.unknownAuthor',
  'update-gap': 'cli.code.updateGap',
  'replayed-update': 'cli.code.replayedUpdate',
  'invalid-update': 'cli.code.invalidUpdate',
  'server-error': 'cli.code.serverError',
  'rate-limited': 'cli.code.rateLimited',
  'relay-unreachable': 'cli.code.relayUnreachable',
  'fork-detected': 'cli.code.forkDetected',
  'rollback-detected': 'cli.code.rollbackDetected',
  'snapshot-conflict': 'cli.code.snapshotConflict',
  'reordered-update': 'cli.code.reorderedUpdate',
  'stale-epoch': 'cli.code.staleEpoch',
  'link-not-found': 'cli.code.linkNotFound',
  'link-expired': 'cli.code.linkExpired',
  'link-used': 'cli.code.linkUsed',
  'device-removed': 'cli.code.deviceRemoved',
  'forbidden-document': 'cli.code.forbiddenDocument',
  'local-store-locked': 'cli.code.localStoreLocked',
  'identity-changed': 'cli.code.identityChanged',
  'slow-consumer': 'cli.code.slowConsumer',
  'creation-closed': 'cli.code.creationClosed',
  'relay-full': 'cli.code.relayFull',
  'invite-revoked': 'cli.code.inviteRevoked',
  'membership-limit': 'cli.code.membershipLimit',
  'membership-changed': 'cli.code.membershipChanged',
  'already-exists': 'cli.code.alreadyExists',
  'link-not-requested': 'cli.code.linkNotRequested',
  'already-member': 'cli.code.alreadyMember',
  'foreign-client-id': 'cli.code.foreignClientId',
  'forged-authorship': 'cli.code.forgedAuthorship',
  'reveal-malformed': 'cli.code.revealMalformed',
  'reveal-wrong-round': 'cli.code.revealWrongRound',
  'reveal-out-of-order': 'cli.code.revealOutOfOrder',
  'reveal-tampered': 'cli.code.revealTampered',
  'reveal-wrong-size': 'cli.code.revealWrongSize',
  'reveal-timeout': 'cli.code.revealTimeout',
  'reveal-partner-stopped': 'cli.code.revealPartnerStopped',
  'reveal-cancelled': 'cli.code.revealCancelled',
};

/** The plain message for a protocol error code, in the CLI's language. */
export function describeCode(code: ErrorCode): string {
  return t(CODE_KEYS[code]);
}
