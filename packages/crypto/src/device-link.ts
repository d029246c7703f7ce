/**
 * Linking another device of the same partner. The existing device E draws a 32-byte secret that
 * travels only in the link's URL fragment; crypto_kdf (context "sblinkv1") derives id 1 → the
 * 16-byte link id, id 2 → the seed of an Ed25519 verifier key. E signs a link certificate
 * ("securebase/device-link/v1"); the new device N signs a link request with the verifier key and
 * with its own device key ("securebase/link-request/v1", both over the same bytes); E checks it
 * and appends a link-device op carrying N's device signature as cosignature.
 *
 *   const link = createDeviceLink({ spaceId, partnerId, issuer: device, now: Date.now() });   // on E
 *   const request = createLinkRequest({ secret, spaceId, device: newDevice });               // on N
 *   const checked = verifyLinkRequest(request, link.certificate);                             // on E (and relay)
 *   const op = createLinkDeviceOp({ spaceId, prev, signer: device, request, certificate, now });
 */
import {
  bytesEqual,
  decodeLinkRequest,
  encodeLinkCertificate,
  encodeLinkCertificateUnsigned,
  encodeLinkRequest,
  encodeLinkRequestUnsigned,
  encodeMembershipOp,
  encodeMembershipOpUnsigned,
  fail,
  fromBase64Url,
  MEMBERSHIP_VERSION,
  ok,
  SecureBaseError,
  toBase64Url,
  type LinkCertificate,
  type LinkRequest,
  type Result,
} from '@securebase/protocol';
import type { DeviceKeys } from './keys.js';
import { nextUnsignedOp, signMembershipOpBytes, type ChainHead, type VerifierKeyPair } from './membership-ops.js';
import { CONTEXT, signWithContext, verifyWithContext } from './signing.js';
import { sodiumReady } from './sodium.js';
import { randomBytes } from './random.js';

// crypto_kdf contexts are exactly 8 bytes: "sblink" (ARCHITECTURE.md) padded with the version.
const LINK_KDF_CONTEXT = 'sblinkv1';
const LINK_SECRET_BYTES = 32;
/** Default lifetime of a device link: ten minutes. */
export const DEVICE_LINK_TTL_MS = 600_000;

export interface CreatedDeviceLink {
  /** base64url of 32 random bytes: goes only into the link's fragment. */
  secret: string;
  linkId: string;
  certificate: LinkCertificate;
  encodedCertificate: Uint8Array;
}

/** Derive the link id and verifier key pair from a link secret; throws SecureBaseError('link-not-found') if malformed. */
export function deriveDeviceLinkKeys(secret: string): { linkId: string; verifier: VerifierKeyPair } {
  const sodium = sodiumReady();
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(secret);
  } catch (error) {
    // reason: the secret comes from a pasted code; re-label the base64 error as an invalid link.
    if (error instanceof SecureBaseError) throw new SecureBaseError('link-not-found', 'link secret is not base64url');
    throw error;
  }
  if (bytes.length !== LINK_SECRET_BYTES) throw new SecureBaseError('link-not-found', 'link secret has the wrong length');
  const linkId = toBase64Url(sodium.crypto_kdf_derive_from_key(16, 1, LINK_KDF_CONTEXT, bytes));
  const pair = sodium.crypto_sign_seed_keypair(sodium.crypto_kdf_derive_from_key(32, 2, LINK_KDF_CONTEXT, bytes));
  return { linkId, verifier: { publicKey: pair.publicKey, privateKey: pair.privateKey } };
}

/** Open a device link for `partnerId` (the issuer's own partner): a fresh secret and a signed certificate. */
export function createDeviceLink(input: {
  spaceId: string;
  partnerId: string;
  issuer: DeviceKeys;
  ttlMs?: number;
  now: number;
}): CreatedDeviceLink {
  const secret = toBase64Url(randomBytes(LINK_SECRET_BYTES));
  const { linkId, verifier } = deriveDeviceLinkKeys(secret);
  const unsigned: Omit<LinkCertificate, 'signature'> = {
    version: MEMBERSHIP_VERSION,
    spaceId: input.spaceId,
    linkId,
    verifierKey: verifier.publicKey,
    partnerId: input.partnerId,
    expiresAt: input.now + (input.ttlMs ?? DEVICE_LINK_TTL_MS),
    issuer: input.issuer.signPublicKey,
  };
  const signature = signWithContext(CONTEXT.deviceLink, encodeLinkCertificateUnsigned(unsigned), input.issuer.signSecretKey);
  const certificate = { ...unsigned, signature };
  return { secret, linkId, certificate, encodedCertificate: encodeLinkCertificate(certificate) };
}

/** True if the certificate's signature is by its named issuer (membership is checked by the chain rules). */
export function verifyLinkCertificateSignature(cert: LinkCertificate): boolean {
  return verifyWithContext(CONTEXT.deviceLink, encodeLinkCertificateUnsigned(cert), cert.signature, cert.issuer);
}

/** The new device's request to be linked, signed by the link verifier key and by the device. */
export function createLinkRequest(input: { secret: string; spaceId: string; device: DeviceKeys }): Uint8Array {
  const { linkId, verifier } = deriveDeviceLinkKeys(input.secret);
  const unsigned = {
    version: MEMBERSHIP_VERSION,
    spaceId: input.spaceId,
    linkId,
    deviceKey: input.device.signPublicKey,
    boxKey: input.device.boxPublicKey,
  };
  const bytes = encodeLinkRequestUnsigned(unsigned);
  return encodeLinkRequest({
    ...unsigned,
    verifierSignature: signWithContext(CONTEXT.linkRequest, bytes, verifier.privateKey),
    deviceSignature: signWithContext(CONTEXT.linkRequest, bytes, input.device.signSecretKey),
  });
}

/** The bytes a link-device cosignature covers: rebuilt from the op so the chain alone can check it. */
export function linkRequestSignedBytes(input: { spaceId: string; linkId: string; deviceKey: Uint8Array; boxKey: Uint8Array }): Uint8Array {
  return encodeLinkRequestUnsigned({ version: MEMBERSHIP_VERSION, ...input });
}

/**
 * Check a link request against its certificate: same space and link, signed by the link's
 * verifier key (the holder of the secret) and by the device it names.
 */
export function verifyLinkRequest(
  requestBytes: Uint8Array,
  certificate: LinkCertificate,
): Result<{ deviceKey: Uint8Array; boxKey: Uint8Array; deviceSignature: Uint8Array }> {
  let request: LinkRequest;
  try {
    request = decodeLinkRequest(requestBytes);
  } catch (error) {
    // reason: decoding untrusted bytes is expected to fail; only its typed error becomes a Result.
    if (error instanceof SecureBaseError) return { ok: false, error };
    throw error;
  }
  if (request.spaceId !== certificate.spaceId || request.linkId !== certificate.linkId) {
    return fail('link-not-found', 'request names another space or link');
  }
  const bytes = encodeLinkRequestUnsigned(request);
  if (!verifyWithContext(CONTEXT.linkRequest, bytes, request.verifierSignature, certificate.verifierKey)) {
    return fail('bad-signature', 'link request: verifier signature');
  }
  if (!verifyWithContext(CONTEXT.linkRequest, bytes, request.deviceSignature, request.deviceKey)) {
    return fail('bad-signature', 'link request: device signature');
  }
  return ok({ deviceKey: request.deviceKey, boxKey: request.boxKey, deviceSignature: request.deviceSignature });
}

/** The encoded link-device op: signed by the issuing device, cosigned by the new device's request signature. */
export function createLinkDeviceOp(input: {
  spaceId: string;
  prev: ChainHead;
  signer: DeviceKeys;
  request: Uint8Array;
  certificate: LinkCertificate;
  now: number;
}): Uint8Array {
  const checked = verifyLinkRequest(input.request, input.certificate);
  if (!checked.ok) throw checked.error;
  if (!bytesEqual(input.certificate.issuer, input.signer.signPublicKey)) {
    throw new TypeError('createLinkDeviceOp: the signer must be the certificate issuer');
  }
  const { deviceKey, boxKey, deviceSignature } = checked.value;
  const unsigned = nextUnsignedOp({
    spaceId: input.spaceId,
    prev: input.prev,
    signer: input.signer,
    body: { kind: 'link-device', device: { partnerId: input.certificate.partnerId, deviceKey, boxKey }, link: input.certificate },
    now: input.now,
  });
  const signature = signMembershipOpBytes(encodeMembershipOpUnsigned(unsigned), input.signer.signSecretKey);
  return encodeMembershipOp({ ...unsigned, signature, cosignature: deviceSignature });
}
