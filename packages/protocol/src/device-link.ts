/**
 * Device-link codecs: the link certificate an existing device signs, and the link request a new
 * device posts.
 *
 *   certificate = unsigned · sig64(signature)
 *   unsigned    = varUint(version = 1) · id16(spaceId) · id16(linkId) · key32(verifierKey)
 *                 · id16(partnerId) · varUint(expiresAt ms) · key32(issuer)
 *   request     = requestUnsigned · sig64(verifierSignature) · sig64(deviceSignature)
 *   requestUnsigned = varUint(version = 1) · id16(spaceId) · id16(linkId) · key32(deviceKey) · key32(boxKey)
 *
 * Both are canonical: decode → encode gives the same bytes, so the signed parts can always be
 * rebuilt from decoded values.
 *
 *   const toSign = encodeLinkCertificateUnsigned(cert);
 *   const request = decodeLinkRequest(bytes);
 */
import * as encoding from 'lib0/encoding';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from './sizes.js';
import { MEMBERSHIP_VERSION, type LinkCertificate, type LinkRequest } from './types.js';
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

/** Longest encoded link certificate; bounds it inside a link-device op. */
export const MAX_LINK_CERTIFICATE_BYTES = 256;

function writeCertificateUnsigned(e: Encoder, cert: Omit<LinkCertificate, 'signature'>): void {
  if (cert.version !== MEMBERSHIP_VERSION) throw new RangeError('link certificate: unsupported version');
  writeVarUintChecked(e, cert.version, 'version');
  writeRandomId(e, cert.spaceId, 'spaceId');
  writeRandomId(e, cert.linkId, 'linkId');
  writeFixedBytes(e, cert.verifierKey, PUBLIC_KEY_BYTES, 'verifierKey');
  writeRandomId(e, cert.partnerId, 'partnerId');
  writeVarUintChecked(e, cert.expiresAt, 'expiresAt');
  writeFixedBytes(e, cert.issuer, PUBLIC_KEY_BYTES, 'issuer');
}

/** The canonical bytes the issuer signs: every field except `signature`. */
export function encodeLinkCertificateUnsigned(cert: Omit<LinkCertificate, 'signature'>): Uint8Array {
  return encoding.encode((e) => writeCertificateUnsigned(e, cert));
}

/** Encode a signed link certificate. */
export function encodeLinkCertificate(cert: LinkCertificate): Uint8Array {
  return encoding.encode((e) => {
    writeCertificateUnsigned(e, cert);
    writeFixedBytes(e, cert.signature, SIGNATURE_BYTES, 'link certificate signature');
  });
}

function readCertificate(d: Decoder): LinkCertificate {
  return {
    version: readVarUintOneOf(d, 'link certificate version', [MEMBERSHIP_VERSION]),
    spaceId: readRandomId(d, 'spaceId'),
    linkId: readRandomId(d, 'linkId'),
    verifierKey: readFixedBytes(d, PUBLIC_KEY_BYTES, 'verifierKey'),
    partnerId: readRandomId(d, 'partnerId'),
    expiresAt: readVarUintStrict(d, 'expiresAt'),
    issuer: readFixedBytes(d, PUBLIC_KEY_BYTES, 'issuer'),
    signature: readFixedBytes(d, SIGNATURE_BYTES, 'link certificate signature'),
  };
}

/** Decode a signed link certificate (signature not checked); throws SecureBaseError('malformed-frame'). */
export function decodeLinkCertificate(bytes: Uint8Array): LinkCertificate {
  const d = createDecoder(bytes, 'link certificate');
  const cert = readCertificate(d);
  expectEnd(d, 'link certificate');
  return cert;
}

type UnsignedLinkRequest = Omit<LinkRequest, 'verifierSignature' | 'deviceSignature'>;

function writeRequestUnsigned(e: Encoder, request: UnsignedLinkRequest): void {
  if (request.version !== MEMBERSHIP_VERSION) throw new RangeError('link request: unsupported version');
  writeVarUintChecked(e, request.version, 'version');
  writeRandomId(e, request.spaceId, 'spaceId');
  writeRandomId(e, request.linkId, 'linkId');
  writeFixedBytes(e, request.deviceKey, PUBLIC_KEY_BYTES, 'deviceKey');
  writeFixedBytes(e, request.boxKey, PUBLIC_KEY_BYTES, 'boxKey');
}

/** The canonical bytes both the verifier key and the new device sign. */
export function encodeLinkRequestUnsigned(request: UnsignedLinkRequest): Uint8Array {
  return encoding.encode((e) => writeRequestUnsigned(e, request));
}

/** Encode a signed link request. */
export function encodeLinkRequest(request: LinkRequest): Uint8Array {
  return encoding.encode((e) => {
    writeRequestUnsigned(e, request);
    writeFixedBytes(e, request.verifierSignature, SIGNATURE_BYTES, 'verifierSignature');
    writeFixedBytes(e, request.deviceSignature, SIGNATURE_BYTES, 'deviceSignature');
  });
}

/** Decode a signed link request (signatures not checked); throws SecureBaseError('malformed-frame'). */
export function decodeLinkRequest(bytes: Uint8Array): LinkRequest {
  const d = createDecoder(bytes, 'link request');
  const request: LinkRequest = {
    version: readVarUintOneOf(d, 'link request version', [MEMBERSHIP_VERSION]),
    spaceId: readRandomId(d, 'spaceId'),
    linkId: readRandomId(d, 'linkId'),
    deviceKey: readFixedBytes(d, PUBLIC_KEY_BYTES, 'deviceKey'),
    boxKey: readFixedBytes(d, PUBLIC_KEY_BYTES, 'boxKey'),
    verifierSignature: readFixedBytes(d, SIGNATURE_BYTES, 'verifierSignature'),
    deviceSignature: readFixedBytes(d, SIGNATURE_BYTES, 'deviceSignature'),
  };
  expectEnd(d, 'link request');
  return request;
}
