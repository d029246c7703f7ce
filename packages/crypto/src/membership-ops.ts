/**
 * Creating signed membership ops and invite certificates. Each signature covers the protocol's
 * canonical unsigned bytes after a context string: "securebase/membership/v1" for ops (by the
 * signing device, and for add-partner also by the invite verifier key as cosignature),
 * "securebase/invite/v1" for certificates (by the issuing member device). link-device ops are
 * built in device-link.ts.
 *
 *   const genesis = createGenesisOp({ spaceId, partnerId, device, now: Date.now() });
 *   const head = { seq: 0, hash: hashMembershipOp(genesis) };
 *   const op = createAddPartnerOp({ spaceId, prev: head, partnerId, device: joiner, certificate, verifier, now });
 *   const rotate = createRotateKeyOp({ spaceId, prev, signer: device, scope: 'space', epoch: 1, now });
 */
import {
  encodeInviteCertificateUnsigned,
  encodeMembershipOp,
  encodeMembershipOpUnsigned,
  HASH_BYTES,
  MEMBERSHIP_VERSION,
  type InviteCertificate,
  type MembershipBody,
  type MembershipOp,
} from '@securebase/protocol';
import type { DeviceKeys } from './keys.js';
import { CONTEXT, signWithContext } from './signing.js';
import { sodiumReady } from './sodium.js';

/** An Ed25519 key pair derived from an invite secret (see invite.ts). */
export interface VerifierKeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** BLAKE2b-256 of a full encoded op: the next op's `prevHash`. */
export function hashMembershipOp(encoded: Uint8Array): Uint8Array {
  return sodiumReady().crypto_generichash(HASH_BYTES, encoded, null);
}

/** Sign op bytes as a membership op (used for both the device and the verifier signature). */
export function signMembershipOpBytes(unsigned: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return signWithContext(CONTEXT.membership, unsigned, secretKey);
}

/** The encoded, signed genesis (`create`) op of a new space. */
export function createGenesisOp(input: { spaceId: string; partnerId: string; device: DeviceKeys; now: number }): Uint8Array {
  const unsigned: Omit<MembershipOp, 'signature'> = {
    version: MEMBERSHIP_VERSION,
    spaceId: input.spaceId,
    seq: 0,
    prevHash: new Uint8Array(HASH_BYTES),
    timestamp: input.now,
    signer: input.device.signPublicKey,
    body: {
      kind: 'create',
      device: { partnerId: input.partnerId, deviceKey: input.device.signPublicKey, boxKey: input.device.boxPublicKey },
    },
  };
  const signature = signMembershipOpBytes(encodeMembershipOpUnsigned(unsigned), input.device.signSecretKey);
  return encodeMembershipOp({ ...unsigned, signature });
}

/** A certificate, signed by a member device, that an invite with this verifier key exists. */
export function createInviteCertificate(input: {
  spaceId: string;
  inviteId: string;
  verifierKey: Uint8Array;
  expiresAt: number;
  issuer: DeviceKeys;
}): InviteCertificate {
  const unsigned: Omit<InviteCertificate, 'signature'> = {
    version: MEMBERSHIP_VERSION,
    spaceId: input.spaceId,
    inviteId: input.inviteId,
    verifierKey: input.verifierKey,
    expiresAt: input.expiresAt,
    issuer: input.issuer.signPublicKey,
  };
  const signature = signWithContext(CONTEXT.invite, encodeInviteCertificateUnsigned(unsigned), input.issuer.signSecretKey);
  return { ...unsigned, signature };
}

/** The encoded `add-partner` op a joiner posts, signed by its new device and the invite verifier. */
export function createAddPartnerOp(input: {
  spaceId: string;
  prev: { seq: number; hash: Uint8Array };
  partnerId: string;
  device: DeviceKeys;
  certificate: InviteCertificate;
  verifier: VerifierKeyPair;
  now: number;
}): Uint8Array {
  const unsigned: Omit<MembershipOp, 'signature' | 'cosignature'> = {
    version: MEMBERSHIP_VERSION,
    spaceId: input.spaceId,
    seq: input.prev.seq + 1,
    prevHash: input.prev.hash,
    timestamp: input.now,
    signer: input.device.signPublicKey,
    body: {
      kind: 'add-partner',
      device: { partnerId: input.partnerId, deviceKey: input.device.signPublicKey, boxKey: input.device.boxPublicKey },
      invite: input.certificate,
    },
  };
  const bytes = encodeMembershipOpUnsigned(unsigned);
  return encodeMembershipOp({
    ...unsigned,
    signature: signMembershipOpBytes(bytes, input.device.signSecretKey),
    cosignature: signMembershipOpBytes(bytes, input.verifier.privateKey),
  });
}

/** The position of a new op: the current head's seq and hash. */
export interface ChainHead {
  seq: number;
  hash: Uint8Array;
}

/** The unsigned op that follows `prev`, signed by `signer` (shared by every non-genesis builder). */
export function nextUnsignedOp(input: {
  spaceId: string;
  prev: ChainHead;
  signer: DeviceKeys;
  body: MembershipBody;
  now: number;
}): Omit<MembershipOp, 'signature' | 'cosignature'> {
  return {
    version: MEMBERSHIP_VERSION,
    spaceId: input.spaceId,
    seq: input.prev.seq + 1,
    prevHash: input.prev.hash,
    timestamp: input.now,
    signer: input.signer.signPublicKey,
    body: input.body,
  };
}

function signedOp(input: { spaceId: string; prev: ChainHead; signer: DeviceKeys; body: MembershipBody; now: number }): Uint8Array {
  const unsigned = nextUnsignedOp(input);
  const signature = signMembershipOpBytes(encodeMembershipOpUnsigned(unsigned), input.signer.signSecretKey);
  return encodeMembershipOp({ ...unsigned, signature });
}

/** A `remove-device` op: `signer` (a device of the same partner) removes `deviceKey`. */
export function createRemoveDeviceOp(input: {
  spaceId: string;
  prev: ChainHead;
  signer: DeviceKeys;
  deviceKey: Uint8Array;
  now: number;
}): Uint8Array {
  return signedOp({ ...input, body: { kind: 'remove-device', deviceKey: input.deviceKey } });
}

/** A `leave` op: `signer` (a device of `partnerId`) takes that partner and all their devices out. */
export function createLeaveOp(input: { spaceId: string; prev: ChainHead; signer: DeviceKeys; partnerId: string; now: number }): Uint8Array {
  return signedOp({ ...input, body: { kind: 'leave', partnerId: input.partnerId } });
}

/** A `rotate-key` op starting `epoch` (= current + 1) of `scope`. */
export function createRotateKeyOp(input: {
  spaceId: string;
  prev: ChainHead;
  signer: DeviceKeys;
  scope: string;
  epoch: number;
  now: number;
}): Uint8Array {
  return signedOp({ ...input, body: { kind: 'rotate-key', scope: input.scope, epoch: input.epoch } });
}
