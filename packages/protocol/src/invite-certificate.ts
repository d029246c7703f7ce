/**
 * Invite certificate codec: a member device's signed statement that an invite exists.
 *
 *   unsigned    = varUint version | spaceId 16 | inviteId 16 | verifierKey 32
 *                 | varUint expiresAt | issuer 32
 *   certificate = unsigned | signature 64
 *
 * The issuer signs `unsigned` (with a context string, in packages/crypto). Decoding then
 * encoding gives the same bytes, so `unsigned` can always be rebuilt from a decoded value.
 *
 *   const signed = encodeInviteCertificateUnsigned(cert); // what the issuer signs
 *   const cert2 = decodeInviteCertificate(encodeInviteCertificate(cert));
 */
import * as encoding from 'lib0/encoding';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from './sizes.js';
import { MEMBERSHIP_VERSION, type InviteCertificate } from './types.js';
import {
  createDecoder,
  expectEnd,
  readFixedBytes,
  readRandomId,
  readVarUintOneOf,
  readVarUintStrict,
  type Decoder,
} from './wire-decoding.js';
import { writeFixedBytes, writeRandomId, writeVarUintChecked, type Encoder } from './wire-encoding.js';

/** Longest encoded certificate (fixed fields plus two varuints); bounds it inside an op. */
export const MAX_INVITE_CERTIFICATE_BYTES = 256;

function writeUnsigned(e: Encoder, cert: Omit<InviteCertificate, 'signature'>): void {
  if (cert.version !== MEMBERSHIP_VERSION) throw new RangeError('invite certificate: unsupported version');
  writeVarUintChecked(e, cert.version, 'version');
  writeRandomId(e, cert.spaceId, 'spaceId');
  writeRandomId(e, cert.inviteId, 'inviteId');
  writeFixedBytes(e, cert.verifierKey, PUBLIC_KEY_BYTES, 'verifierKey');
  writeVarUintChecked(e, cert.expiresAt, 'expiresAt');
  writeFixedBytes(e, cert.issuer, PUBLIC_KEY_BYTES, 'issuer');
}

/** The canonical bytes the issuer signs: every field except `signature`. */
export function encodeInviteCertificateUnsigned(cert: Omit<InviteCertificate, 'signature'>): Uint8Array {
  return encoding.encode((e) => writeUnsigned(e, cert));
}

/** Encode a signed certificate. */
export function encodeInviteCertificate(cert: InviteCertificate): Uint8Array {
  return encoding.encode((e) => {
    writeUnsigned(e, cert);
    writeFixedBytes(e, cert.signature, SIGNATURE_BYTES, 'certificate signature');
  });
}

function readCertificate(d: Decoder): InviteCertificate {
  return {
    version: readVarUintOneOf(d, 'certificate version', [MEMBERSHIP_VERSION]),
    spaceId: readRandomId(d, 'spaceId'),
    inviteId: readRandomId(d, 'inviteId'),
    verifierKey: readFixedBytes(d, PUBLIC_KEY_BYTES, 'verifierKey'),
    expiresAt: readVarUintStrict(d, 'expiresAt'),
    issuer: readFixedBytes(d, PUBLIC_KEY_BYTES, 'issuer'),
    signature: readFixedBytes(d, SIGNATURE_BYTES, 'certificate signature'),
  };
}

/** Decode a signed certificate (signature not checked); throws SecureBaseError('malformed-frame'). */
export function decodeInviteCertificate(bytes: Uint8Array): InviteCertificate {
  const d = createDecoder(bytes, 'invite certificate');
  const cert = readCertificate(d);
  expectEnd(d, 'invite certificate');
  return cert;
}
