/**
 * Stable error and close codes shared by the relay and every client.
 *
 * Each error code has a wire number (sent in `error` frames), a machine name, whether it is
 * fatal (the client must stop and tell the person) or recoverable (retry / re-fetch heals it),
 * and a plain-language message a client may show as is. Codes never change meaning once shipped.
 *
 *   const e = new SecureBaseError('clock-conflict');
 *   e.fatal // false
 */

export const ERRORS = {
  'malformed-frame': { wire: 1, fatal: true, message: 'A message could not be read. The app may need an update.' },
  'unsupported-version': { wire: 2, fatal: true, message: 'This app and the relay speak different protocol versions. Update the app.' },
  'not-authenticated': { wire: 3, fatal: true, message: 'This device has not proven who it is yet.' },
  'auth-failed': { wire: 4, fatal: true, message: 'This device could not prove it belongs to this space.' },
  'unknown-space': { wire: 5, fatal: true, message: 'The relay does not know this space. Check the relay address.' },
  'not-a-member': { wire: 6, fatal: true, message: 'This device is not (or no longer) a member of this space, or this relay does not hold the space. Check the relay address.' },
  'frame-too-large': { wire: 7, fatal: false, message: 'A change was too large to send in one piece.' },
  'space-full': { wire: 8, fatal: true, message: 'This space already has two partners. A space is for two people only.' },
  'too-many-connections': { wire: 9, fatal: false, message: 'Too many devices are connected to this space right now. Try again shortly.' },
  'quota-exceeded': { wire: 10, fatal: true, message: 'This space has reached its storage limit on the relay.' },
  'wrong-space': { wire: 11, fatal: true, message: 'A message belonged to a different space and was refused.' },
  'wrong-document': { wire: 12, fatal: true, message: 'A message belonged to a different document and was refused.' },
  'wrong-author': { wire: 13, fatal: true, message: 'A message claimed to come from another device and was refused.' },
  'clock-conflict': { wire: 14, fatal: false, message: 'A change arrived out of order; it will be re-sent.' },
  'invalid-request': { wire: 15, fatal: false, message: 'The request was not valid.' },
  'invite-not-found': { wire: 16, fatal: true, message: 'This invitation link is not valid. Ask your partner for a new one.' },
  'invite-used': { wire: 17, fatal: true, message: 'This invitation has already been used. Ask your partner for a new one.' },
  'invite-expired': { wire: 18, fatal: true, message: 'This invitation has expired. Ask your partner for a new one.' },
  'invalid-membership': { wire: 19, fatal: true, message: 'The list of members of this space failed verification. Do not trust this space until it is fixed.' },
  'bad-signature': { wire: 20, fatal: false, message: 'A change failed its signature check and was not applied.' },
  'bad-commitment': { wire: 21, fatal: false, message: 'A change failed its integrity check and was not applied.' },
  'decrypt-failed': { wire: 22, fatal: false, message: 'A change could not be decrypted and was not applied.' },
  'unknown-epoch': { wire: 23, fatal: false, message: 'A change uses a key this device does not have yet.' },
  'unknown-author': { wire: 24, fatal: false, message: 'A change came from a device that is not a member and was not applied.' },
  'update-gap': { wire: 25, fatal: false, message: 'Some changes went missing in transit; fetching them again.' },
  'replayed-update': { wire: 26, fatal: false, message: 'A change arrived twice; the copy was ignored.' },
  'invalid-update': { wire: 27, fatal: false, message: 'A change decrypted correctly but was not a valid workbook change.' },
  'server-error': { wire: 28, fatal: false, message: 'The relay had a problem. It will be retried.' },
  'rate-limited': { wire: 29, fatal: false, message: 'Too many requests. Wait a moment and try again.' },
  'relay-unreachable': { wire: 30, fatal: false, message: 'The relay cannot be reached right now. Your changes are kept on this device and sent later.' },
  'fork-detected': { wire: 31, fatal: true, message: 'The relay showed you and your partner different versions of the workbook. Stop editing and check the relay.' },
  'rollback-detected': { wire: 32, fatal: true, message: 'The relay served an older version of the workbook than this device has already seen. Stop editing and check the relay.' },
  'snapshot-conflict': { wire: 33, fatal: false, message: 'Another device saved a summary of the workbook first; your changes are kept and sent again.' },
  'reordered-update': { wire: 34, fatal: false, message: 'Changes arrived in the wrong order; fetching them again.' },
  'stale-epoch': { wire: 35, fatal: false, message: 'The space has a new key; this device is fetching it and will send your change again.' },
  'link-not-found': { wire: 36, fatal: true, message: 'This device link is not valid. Create a new link on your other device.' },
  'link-expired': { wire: 37, fatal: true, message: 'This device link has expired. Create a new link on your other device.' },
  'link-used': { wire: 38, fatal: true, message: 'This device link has already been used. Create a new link on your other device.' },
  'device-removed': { wire: 39, fatal: true, message: 'This device was removed from the space.' },
  'forbidden-document': { wire: 40, fatal: true, message: 'This device may not open that document: it belongs to the other partner.' },
  'local-store-locked': { wire: 41, fatal: true, message: 'The data on this device is locked. Enter your passphrase to unlock it.' },
  'identity-changed': { wire: 42, fatal: false, message: "Your partner's safety number has changed. Compare it again before you share anything new." },
  'slow-consumer': { wire: 43, fatal: false, message: 'This device fell too far behind reading from the relay; it reconnects and catches up.' },
  'creation-closed': { wire: 44, fatal: true, message: 'This relay creates new spaces only with a creation code from whoever runs it.' },
  'relay-full': { wire: 45, fatal: false, message: 'The relay is full right now. Try again later, or ask whoever runs it.' },
  'invite-revoked': { wire: 46, fatal: true, message: 'This invitation was cancelled. Ask your partner for a new one.' },
  'membership-limit': { wire: 47, fatal: true, message: 'This space has changed its devices and keys too often; the relay refuses more changes for now.' },
  'membership-changed': { wire: 48, fatal: false, message: "The space's members changed at the same moment on another device; fetching the latest and trying again." },
  'already-exists': { wire: 49, fatal: false, message: 'Something with this id already exists on the relay; a new one will be made.' },
  'link-not-requested': { wire: 50, fatal: false, message: 'The new device has not asked to join with this link yet. Open the link on the new device first.' },
  'already-member': { wire: 51, fatal: true, message: 'This device is already a member of this space.' },
  'foreign-client-id': { wire: 52, fatal: false, message: 'A change claimed to continue words another device wrote, and was not applied.' },
  'forged-authorship': { wire: 53, fatal: false, message: "A snapshot did not match what each partner signed for their own words, and was not used." },
  'reveal-malformed': { wire: 54, fatal: true, message: 'A message of the mutual reveal could not be read, so this reveal stopped. Start a new one; if it happens again, update the app.' },
  'reveal-wrong-round': { wire: 55, fatal: false, message: 'A message from another round of the mutual reveal arrived and was ignored.' },
  'reveal-out-of-order': { wire: 56, fatal: false, message: 'A message of the mutual reveal arrived out of order or twice and was ignored.' },
  'reveal-tampered': { wire: 57, fatal: true, message: "A message of the mutual reveal did not match what your partner's app had committed to, so this reveal stopped. Start a new one." },
  'reveal-wrong-size': { wire: 58, fatal: true, message: 'A message of the mutual reveal held the wrong number of answers, so this reveal stopped. Start a new one.' },
  'reveal-timeout': { wire: 59, fatal: true, message: 'Your partner did not join the reveal in time, so it stopped and nothing was shown. Start it again together.' },
  'reveal-partner-stopped': { wire: 60, fatal: true, message: "Your partner's app stopped the reveal, so nothing was shown. Start it again together." },
  'reveal-cancelled': { wire: 61, fatal: true, message: 'The reveal was stopped on this device, so nothing was shown.' },
} as const satisfies Record<string, { wire: number; fatal: boolean; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

const BY_WIRE = new Map<number, ErrorCode>(
  (Object.keys(ERRORS) as ErrorCode[]).map((code) => [ERRORS[code].wire, code]),
);

/** Map a wire number back to its code; unknown numbers become `server-error`. */
export function errorCodeFromWire(wire: number): ErrorCode {
  return BY_WIRE.get(wire) ?? 'server-error';
}

/** The one error type for failures caused by a peer, the relay or untrusted input. */
export class SecureBaseError extends Error {
  readonly code: ErrorCode;
  readonly fatal: boolean;
  /** Technical detail for developers; never contains content, keys or names. */
  readonly detail: string | undefined;

  constructor(code: ErrorCode, detail?: string) {
    super(detail ? `${ERRORS[code].message} (${code}: ${detail})` : `${ERRORS[code].message} (${code})`);
    this.name = 'SecureBaseError';
    this.code = code;
    this.fatal = ERRORS[code].fatal;
    this.detail = detail;
  }
}

/** Result of verifying or opening untrusted data: never throws for bad input. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SecureBaseError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, detail?: string): Result<T> => ({
  ok: false,
  error: new SecureBaseError(code, detail),
});

/** WebSocket close codes (4000–4999 are application-defined). */
export const CLOSE = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  /** maxPayload exceeded: ws closes with 1009 itself. */
  MESSAGE_TOO_BIG: 1009,
  PROTOCOL_ERROR: 4000,
  UNSUPPORTED_VERSION: 4001,
  AUTH_FAILED: 4003,
  UNKNOWN_SPACE: 4004,
  NOT_A_MEMBER: 4005,
  /** The device was removed (remove-device, or its partner left). */
  DEVICE_REMOVED: 4006,
  TOO_MANY_CONNECTIONS: 4008,
  QUOTA_EXCEEDED: 4009,
  AUTH_TIMEOUT: 4010,
  SERVER_SHUTDOWN: 4011,
  /** The client stopped reading: more was queued for it than its outbound budget. */
  SLOW_CONSUMER: 4012,
  /** The client sent frames or connected faster than the relay allows. */
  RATE_LIMITED: 4013,
  /** The relay holds as many connections as it allows in total. */
  RELAY_FULL: 4014,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];
