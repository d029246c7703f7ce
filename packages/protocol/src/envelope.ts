/**
 * Envelope container codec: the public header (used as AAD and signed) and the layout of a
 * sealed envelope. No crypto here: packages/crypto seals and opens; this only moves bytes.
 *
 *   header   = varUint version | varUint kind | spaceId 16 | varString docId
 *              | varUint epoch | author 32 | varUint clock
 *   envelope = varUint8Array(header) | nonce 24 | commitment 32 | varUint8Array(ciphertext)
 *              | signature 64
 *
 *   const headerBytes = encodeEnvelopeHeader(header);
 *   const bytes = encodeEnvelope({ headerBytes, nonce, commitment, ciphertext, signature });
 *   decodeEnvelope(bytes).header.clock;
 */
import * as encoding from 'lib0/encoding';
import {
  COMMITMENT_BYTES,
  ENVELOPE_NONCE_BYTES,
  MAX_ENVELOPE_HEADER_BYTES,
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
} from './sizes.js';
import { ENVELOPE_KIND, ENVELOPE_VERSION, type EnvelopeHeader, type EnvelopeKind, type EnvelopeParts } from './types.js';
import {
  createDecoder,
  expectEnd,
  malformed,
  readDocId,
  readFixedBytes,
  readFixedView,
  readRandomId,
  readVarUintOneOf,
  readVarView,
  readVarUintStrict,
} from './wire-decoding.js';
import { writeDocId, writeFixedBytes, writeRandomId, writeVarBytes, writeVarUintChecked } from './wire-encoding.js';

const KIND_BY_NUMBER = new Map<number, EnvelopeKind>(
  (Object.keys(ENVELOPE_KIND) as EnvelopeKind[]).map((kind) => [ENVELOPE_KIND[kind], kind]),
);

/** Encode a header to the exact bytes that are signed and used as AAD. */
export function encodeEnvelopeHeader(header: EnvelopeHeader): Uint8Array {
  if (header.version !== ENVELOPE_VERSION) throw new RangeError('envelope header: unsupported version');
  const kind = ENVELOPE_KIND[header.kind];
  if (kind === undefined) throw new RangeError('envelope header: unknown kind');
  if (!Number.isSafeInteger(header.clock) || header.clock < 1) throw new RangeError('envelope header: clock must be >= 1');
  return encoding.encode((e) => {
    writeVarUintChecked(e, header.version, 'version');
    writeVarUintChecked(e, kind, 'kind');
    writeRandomId(e, header.spaceId, 'spaceId');
    writeDocId(e, header.docId);
    writeVarUintChecked(e, header.epoch, 'epoch');
    writeFixedBytes(e, header.author, PUBLIC_KEY_BYTES, 'author');
    writeVarUintChecked(e, header.clock, 'clock');
  });
}

/** Decode and validate header bytes; throws SecureBaseError('malformed-frame'). */
export function decodeEnvelopeHeader(bytes: Uint8Array): EnvelopeHeader {
  const d = createDecoder(bytes, 'envelope header');
  const version = readVarUintOneOf(d, 'envelope version', [ENVELOPE_VERSION]);
  const kindNumber = readVarUintStrict(d, 'envelope kind');
  const kind = KIND_BY_NUMBER.get(kindNumber);
  if (kind === undefined) throw malformed(`envelope kind: unknown value ${kindNumber}`);
  const spaceId = readRandomId(d, 'spaceId');
  const docId = readDocId(d);
  const epoch = readVarUintStrict(d, 'epoch');
  const author = readFixedBytes(d, PUBLIC_KEY_BYTES, 'author');
  const clock = readVarUintStrict(d, 'clock');
  if (clock < 1) throw malformed('clock: must be >= 1');
  expectEnd(d, 'envelope header');
  return { version, spaceId, docId, epoch, author, clock, kind };
}

/** Encode a sealed envelope from its parts; `headerBytes` must be a valid encoded header. */
export function encodeEnvelope(parts: Omit<EnvelopeParts, 'header'>): Uint8Array {
  // Refuse to emit an envelope that no peer could decode.
  decodeEnvelopeHeader(parts.headerBytes);
  return encoding.encode((e) => {
    writeVarBytes(e, parts.headerBytes, 'header', MAX_ENVELOPE_HEADER_BYTES);
    writeFixedBytes(e, parts.nonce, ENVELOPE_NONCE_BYTES, 'nonce');
    writeFixedBytes(e, parts.commitment, COMMITMENT_BYTES, 'commitment');
    writeVarBytes(e, parts.ciphertext, 'ciphertext');
    writeFixedBytes(e, parts.signature, SIGNATURE_BYTES, 'signature');
  });
}

/**
 * Decode a sealed envelope and its header; throws SecureBaseError('malformed-frame'). The raw
 * parts (headerBytes, nonce, commitment, ciphertext, signature) are views into `bytes`, used to
 * check and open the envelope and then dropped: a catch-up opens thousands, and a copy of each
 * part was most of the decode. `header` is decoded into copies and may be kept.
 */
export function decodeEnvelope(bytes: Uint8Array): EnvelopeParts {
  const d = createDecoder(bytes, 'envelope');
  const headerBytes = readVarView(d, 'header', MAX_ENVELOPE_HEADER_BYTES);
  const header = decodeEnvelopeHeader(headerBytes);
  const nonce = readFixedView(d, ENVELOPE_NONCE_BYTES, 'nonce');
  const commitment = readFixedView(d, COMMITMENT_BYTES, 'commitment');
  const ciphertext = readVarView(d, 'ciphertext');
  const signature = readFixedView(d, SIGNATURE_BYTES, 'signature');
  expectEnd(d, 'envelope');
  return { header, headerBytes, nonce, commitment, ciphertext, signature };
}
