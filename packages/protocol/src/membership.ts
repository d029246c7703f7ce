/**
 * Membership op codec: one entry of the hash-chained membership log.
 *
 *   unsigned = varUint version | varUint kind | spaceId 16 | varUint seq | prevHash 32
 *              | varUint timestamp | signer 32 | body
 *   body     = create:        deviceRecord
 *            | add-partner:   deviceRecord | varUint8Array(invite certificate)
 *            | link-device:   deviceRecord | varUint8Array(link certificate)
 *            | remove-device: deviceKey 32
 *            | leave:         partnerId 16
 *            | rotate-key:    keyScope | varUint epoch
 *   deviceRecord = partnerId 16 | deviceKey 32 | boxKey 32
 *   op       = unsigned | signature 64 | (add-partner, link-device only) cosignature 64
 *
 * Signatures cover `unsigned` (plus a context string, added in packages/crypto); the chain hash
 * covers the whole encoded op. The encoding is canonical: decode → encode gives the same bytes.
 *
 *   const toSign = encodeMembershipOpUnsigned(op);
 *   const op2 = decodeMembershipOp(encodeMembershipOp(op));
 */
import * as encoding from 'lib0/encoding';
import { decodeLinkCertificate, encodeLinkCertificate, MAX_LINK_CERTIFICATE_BYTES } from './device-link.js';
import { decodeInviteCertificate, encodeInviteCertificate, MAX_INVITE_CERTIFICATE_BYTES } from './invite-certificate.js';
import { readKeyScope, writeKeyScope } from './key-scope.js';
import { HASH_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from './sizes.js';
import {
  COSIGNED_OP_KINDS,
  MEMBERSHIP_OP,
  MEMBERSHIP_VERSION,
  type DeviceRecord,
  type MembershipBody,
  type MembershipOp,
  type MembershipOpKind,
} from './types.js';
import {
  createDecoder,
  expectEnd,
  malformed,
  readFixedBytes,
  readRandomId,
  readVarBytes,
  readVarUintOneOf,
  readVarUintStrict,
  type Decoder,
} from './wire-decoding.js';
import { writeFixedBytes, writeRandomId, writeVarBytes, writeVarUintChecked, type Encoder } from './wire-encoding.js';

const KIND_BY_NUMBER = new Map<number, MembershipOpKind>(
  (Object.keys(MEMBERSHIP_OP) as MembershipOpKind[]).map((kind) => [MEMBERSHIP_OP[kind], kind]),
);

function writeDeviceRecord(e: Encoder, device: DeviceRecord): void {
  writeRandomId(e, device.partnerId, 'partnerId');
  writeFixedBytes(e, device.deviceKey, PUBLIC_KEY_BYTES, 'deviceKey');
  writeFixedBytes(e, device.boxKey, PUBLIC_KEY_BYTES, 'boxKey');
}

function readDeviceRecord(d: Decoder): DeviceRecord {
  return {
    partnerId: readRandomId(d, 'partnerId'),
    deviceKey: readFixedBytes(d, PUBLIC_KEY_BYTES, 'deviceKey'),
    boxKey: readFixedBytes(d, PUBLIC_KEY_BYTES, 'boxKey'),
  };
}

function writeBody(e: Encoder, body: MembershipBody): void {
  switch (body.kind) {
    case 'create':
      writeDeviceRecord(e, body.device);
      return;
    case 'link-device':
      writeDeviceRecord(e, body.device);
      writeVarBytes(e, encodeLinkCertificate(body.link), 'link certificate', MAX_LINK_CERTIFICATE_BYTES);
      return;
    case 'add-partner':
      writeDeviceRecord(e, body.device);
      writeVarBytes(e, encodeInviteCertificate(body.invite), 'invite certificate', MAX_INVITE_CERTIFICATE_BYTES);
      return;
    case 'remove-device':
      writeFixedBytes(e, body.deviceKey, PUBLIC_KEY_BYTES, 'deviceKey');
      return;
    case 'leave':
      writeRandomId(e, body.partnerId, 'partnerId');
      return;
    case 'rotate-key':
      writeKeyScope(e, body.scope);
      writeVarUintChecked(e, body.epoch, 'epoch');
      return;
    default:
      throw new TypeError(`unknown membership op kind ${String((body as { kind: unknown }).kind)}`);
  }
}

function readBody(d: Decoder, kind: MembershipOpKind): MembershipBody {
  switch (kind) {
    case 'create':
      return { kind, device: readDeviceRecord(d) };
    case 'link-device': {
      const device = readDeviceRecord(d);
      const link = decodeLinkCertificate(readVarBytes(d, 'link certificate', MAX_LINK_CERTIFICATE_BYTES));
      return { kind, device, link };
    }
    case 'add-partner': {
      const device = readDeviceRecord(d);
      const invite = decodeInviteCertificate(readVarBytes(d, 'invite certificate', MAX_INVITE_CERTIFICATE_BYTES));
      return { kind, device, invite };
    }
    case 'remove-device':
      return { kind, deviceKey: readFixedBytes(d, PUBLIC_KEY_BYTES, 'deviceKey') };
    case 'leave':
      return { kind, partnerId: readRandomId(d, 'partnerId') };
    case 'rotate-key':
      return { kind, scope: readKeyScope(d), epoch: readVarUintStrict(d, 'epoch') };
  }
}

type UnsignedOp = Omit<MembershipOp, 'signature' | 'cosignature'>;

function writeUnsigned(e: Encoder, op: UnsignedOp): void {
  if (op.version !== MEMBERSHIP_VERSION) throw new RangeError('membership op: unsupported version');
  const kind = MEMBERSHIP_OP[op.body.kind];
  if (kind === undefined) throw new TypeError('membership op: unknown kind');
  writeVarUintChecked(e, op.version, 'version');
  writeVarUintChecked(e, kind, 'kind');
  writeRandomId(e, op.spaceId, 'spaceId');
  writeVarUintChecked(e, op.seq, 'seq');
  writeFixedBytes(e, op.prevHash, HASH_BYTES, 'prevHash');
  writeVarUintChecked(e, op.timestamp, 'timestamp');
  writeFixedBytes(e, op.signer, PUBLIC_KEY_BYTES, 'signer');
  writeBody(e, op.body);
}

/** The canonical bytes every signer of `op` signs: all fields but the signatures. */
export function encodeMembershipOpUnsigned(op: UnsignedOp): Uint8Array {
  return encoding.encode((e) => writeUnsigned(e, op));
}

/** Encode a signed op; `cosignature` must be present exactly for add-partner and link-device. */
export function encodeMembershipOp(op: MembershipOp): Uint8Array {
  const needsCosignature = COSIGNED_OP_KINDS.includes(op.body.kind);
  if (needsCosignature !== (op.cosignature !== undefined)) {
    throw new TypeError('membership op: cosignature is required for add-partner and link-device, and only there');
  }
  return encoding.encode((e) => {
    writeUnsigned(e, op);
    writeFixedBytes(e, op.signature, SIGNATURE_BYTES, 'signature');
    if (op.cosignature !== undefined) writeFixedBytes(e, op.cosignature, SIGNATURE_BYTES, 'cosignature');
  });
}

/** Decode a signed op (signatures not checked); throws SecureBaseError('malformed-frame'). */
export function decodeMembershipOp(bytes: Uint8Array): MembershipOp {
  const d = createDecoder(bytes, 'membership op');
  const version = readVarUintOneOf(d, 'membership version', [MEMBERSHIP_VERSION]);
  const kindNumber = readVarUintStrict(d, 'membership kind');
  const kind = KIND_BY_NUMBER.get(kindNumber);
  if (kind === undefined) throw malformed(`membership kind: unknown value ${kindNumber}`);
  const spaceId = readRandomId(d, 'spaceId');
  const seq = readVarUintStrict(d, 'seq');
  const prevHash = readFixedBytes(d, HASH_BYTES, 'prevHash');
  const timestamp = readVarUintStrict(d, 'timestamp');
  const signer = readFixedBytes(d, PUBLIC_KEY_BYTES, 'signer');
  const body = readBody(d, kind);
  const signature = readFixedBytes(d, SIGNATURE_BYTES, 'signature');
  const op: MembershipOp = { version, spaceId, seq, prevHash, timestamp, signer, body, signature };
  if (COSIGNED_OP_KINDS.includes(kind)) op.cosignature = readFixedBytes(d, SIGNATURE_BYTES, 'cosignature');
  expectEnd(d, 'membership op');
  return op;
}
