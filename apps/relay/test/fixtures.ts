/**
 * Real inputs for relay tests, built with @securebase/crypto's client-side functions: a space
 * with its genesis op, invites with a verifier key pair, add-partner ops and sealed envelopes.
 *
 *   await readyCrypto();
 *   const space = newSpace();
 *   const invite = newInvite(space, { expiresAt: Date.now() + 60_000 });
 */
import {
  createAddPartnerOp,
  createGenesisOp,
  generateDeviceKeys,
  generateSpaceKey,
  hashMembershipOp,
  randomBytes,
  randomId,
  sealEnvelope,
  type DeviceKeys,
  type VerifierKeyPair,
} from '@securebase/crypto';
import { createInviteCertificate } from '@securebase/crypto/testing';
import { encodeInviteCertificate, SHARED_DOC_ID, type EnvelopeKind, type InviteCertificate } from '@securebase/protocol';

export interface TestSpace {
  spaceId: string;
  /** The creator's partner id. */
  partnerId: string;
  owner: DeviceKeys;
  genesis: Uint8Array;
  spaceKey: Uint8Array;
}

export interface TestInvite {
  certificate: InviteCertificate;
  encodedCertificate: Uint8Array;
  verifier: VerifierKeyPair;
  payload: Uint8Array;
}

/** A new space: its owner device and signed genesis op. */
export function newSpace(now = Date.now()): TestSpace {
  const owner = generateDeviceKeys();
  const spaceId = randomId();
  const partnerId = randomId();
  return { spaceId, partnerId, owner, genesis: createGenesisOp({ spaceId, partnerId, device: owner, now }), spaceKey: generateSpaceKey() };
}

/** An invite certificate signed by `issuer` (default: the owner), with a fresh verifier key. */
export function newInvite(space: TestSpace, options: { expiresAt: number; issuer?: DeviceKeys; spaceId?: string }): TestInvite {
  const verifierKeys = generateDeviceKeys();
  const verifier = { publicKey: verifierKeys.signPublicKey, privateKey: verifierKeys.signSecretKey };
  const certificate = createInviteCertificate({
    spaceId: options.spaceId ?? space.spaceId,
    inviteId: randomId(),
    verifierKey: verifier.publicKey,
    expiresAt: options.expiresAt,
    issuer: options.issuer ?? space.owner,
  });
  return { certificate, encodedCertificate: encodeInviteCertificate(certificate), verifier, payload: randomBytes(80) };
}

/** An add-partner op redeeming `invite`, appended after `lastOp` (seq `lastSeq`). */
export function newAddPartnerOp(
  space: TestSpace,
  invite: TestInvite,
  prev: { lastOp: Uint8Array; lastSeq: number },
  now = Date.now(),
): { device: DeviceKeys; partnerId: string; op: Uint8Array } {
  const device = generateDeviceKeys();
  const partnerId = randomId();
  const op = createAddPartnerOp({
    spaceId: space.spaceId,
    prev: { seq: prev.lastSeq, hash: hashMembershipOp(prev.lastOp) },
    partnerId,
    device,
    certificate: invite.certificate,
    verifier: invite.verifier,
    now,
  });
  return { device, partnerId, op };
}

/** A sealed envelope from `device` (header fields overridable to build bad ones). */
export function newEnvelope(
  space: TestSpace,
  device: DeviceKeys,
  clock: number,
  options: { docId?: string; spaceId?: string; kind?: EnvelopeKind; size?: number; epoch?: number } = {},
): Uint8Array {
  return sealEnvelope({
    header: {
      spaceId: options.spaceId ?? space.spaceId,
      docId: options.docId ?? SHARED_DOC_ID,
      epoch: options.epoch ?? 0,
      author: device.signPublicKey,
      clock,
      kind: options.kind ?? 'update',
    },
    plaintext: randomBytes(options.size ?? 32),
    epochKey: space.spaceKey,
    device,
  });
}
