/**
 * The wire form of the mutual-reveal messages (docs/PROTOCOL.md, "Mutual reveal"), one encoder
 * and one decoder beside it. Fixed layout, no optional fields, so a decoded message re-encodes
 * to the same bytes (the transcript hashes the bytes as sent).
 *
 *   psi-message = u8 version · u8 type · roundId[16] · u8 side · transcript[32] · body
 *   body        = u16be count · commitment[32]        (set-commit, answer-commit)
 *               | u16be count · point[32] × count     (blinded-set, answer)
 *
 *   const bytes = encodePsiMessage({ type: 'set-commit', roundId, side: 'a', transcript, count, commitment });
 *   decodePsiMessage(bytes); // the same value, or SecureBaseError('reveal-malformed')
 */
import { SecureBaseError } from '@securebase/protocol';
import { PSI_ROUND_ID_BYTES } from './psi-items.js';

export const PSI_VERSION = 1;
/** Most items one side may bring to a round (a u16 count; the lists are short in practice). */
export const PSI_MAX_ITEMS = 1000;
export const PSI_POINT_BYTES = 32;
export const PSI_HASH_BYTES = 32;

export type PsiSide = 'a' | 'b';

/** Message types in the order each side sends them. */
export const PSI_MESSAGE_TYPES = ['set-commit', 'blinded-set', 'answer-commit', 'answer'] as const;
export type PsiMessageType = (typeof PSI_MESSAGE_TYPES)[number];

interface PsiHeader {
  roundId: Uint8Array;
  side: PsiSide;
  /** The transcript hash before this message's step (both sides compute the same one). */
  transcript: Uint8Array;
}

/** A commitment to what the side sends next: `count` items hashing to `commitment`. */
export interface PsiCommitMessage extends PsiHeader {
  type: 'set-commit' | 'answer-commit';
  count: number;
  commitment: Uint8Array;
}

/** A list of points: the blinded set (ascending) or the answer (in the order of the other's set). */
export interface PsiPointsMessage extends PsiHeader {
  type: 'blinded-set' | 'answer';
  points: Uint8Array[];
}

export type PsiMessage = PsiCommitMessage | PsiPointsMessage;

const HEADER_BYTES = 2 + PSI_ROUND_ID_BYTES + 1 + PSI_HASH_BYTES;
const SIDE_BYTE: Record<PsiSide, number> = { a: 1, b: 2 };

function malformed(detail: string): SecureBaseError {
  return new SecureBaseError('reveal-malformed', detail);
}

/** The one-byte wire value of a side (also hashed into commitments). */
export function psiSideByte(side: PsiSide): number {
  return SIDE_BYTE[side];
}

/** The other side. */
export function otherPsiSide(side: PsiSide): PsiSide {
  return side === 'a' ? 'b' : 'a';
}

/** True for the two commitment messages (set-commit, answer-commit). */
export function isPsiCommitMessage(message: PsiMessage): message is PsiCommitMessage {
  return message.type === 'set-commit' || message.type === 'answer-commit';
}

/** Encode a message; throws RangeError for values this side should never produce. */
export function encodePsiMessage(message: PsiMessage): Uint8Array {
  if (message.roundId.length !== PSI_ROUND_ID_BYTES || message.transcript.length !== PSI_HASH_BYTES) {
    throw new RangeError('psi message: round id or transcript has the wrong length');
  }
  const isCommit = isPsiCommitMessage(message);
  const count = isPsiCommitMessage(message) ? message.count : message.points.length;
  if (!Number.isInteger(count) || count < 0 || count > PSI_MAX_ITEMS) throw new RangeError(`psi message: at most ${PSI_MAX_ITEMS} items`);
  const bodyBytes = 2 + (isCommit ? PSI_HASH_BYTES : count * PSI_POINT_BYTES);
  const out = new Uint8Array(HEADER_BYTES + bodyBytes);
  const view = new DataView(out.buffer);
  out[0] = PSI_VERSION;
  out[1] = PSI_MESSAGE_TYPES.indexOf(message.type) + 1;
  out.set(message.roundId, 2);
  out[2 + PSI_ROUND_ID_BYTES] = SIDE_BYTE[message.side];
  out.set(message.transcript, 3 + PSI_ROUND_ID_BYTES);
  view.setUint16(HEADER_BYTES, count);
  if (isPsiCommitMessage(message)) {
    if (message.commitment.length !== PSI_HASH_BYTES) throw new RangeError('psi message: commitment has the wrong length');
    out.set(message.commitment, HEADER_BYTES + 2);
  } else {
    message.points.forEach((point, i) => {
      if (point.length !== PSI_POINT_BYTES) throw new RangeError('psi message: point has the wrong length');
      out.set(point, HEADER_BYTES + 2 + i * PSI_POINT_BYTES);
    });
  }
  return out;
}

/** Decode a message's structure; throws SecureBaseError('reveal-malformed') for anything else. */
export function decodePsiMessage(bytes: Uint8Array): PsiMessage {
  if (!(bytes instanceof Uint8Array)) throw malformed('not bytes');
  if (bytes.length < HEADER_BYTES + 2) throw malformed('truncated header');
  if (bytes[0] !== PSI_VERSION) throw malformed(`unsupported version ${bytes[0] ?? 0}`);
  const type = PSI_MESSAGE_TYPES[(bytes[1] ?? 0) - 1];
  if (type === undefined) throw malformed(`unknown message type ${bytes[1] ?? 0}`);
  const sideByte = bytes[2 + PSI_ROUND_ID_BYTES];
  const side: PsiSide | undefined = sideByte === 1 ? 'a' : sideByte === 2 ? 'b' : undefined;
  if (side === undefined) throw malformed('unknown side');
  const roundId = bytes.slice(2, 2 + PSI_ROUND_ID_BYTES);
  const transcript = bytes.slice(3 + PSI_ROUND_ID_BYTES, HEADER_BYTES);
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(HEADER_BYTES);
  const body = HEADER_BYTES + 2;
  if (type === 'set-commit' || type === 'answer-commit') {
    if (bytes.length !== body + PSI_HASH_BYTES) throw malformed(`${type}: wrong length`);
    return { type, roundId, side, transcript, count, commitment: bytes.slice(body) };
  }
  if (bytes.length !== body + count * PSI_POINT_BYTES) throw malformed(`${type}: length does not match its count`);
  const points: Uint8Array[] = [];
  for (let i = 0; i < count; i++) points.push(bytes.slice(body + i * PSI_POINT_BYTES, body + (i + 1) * PSI_POINT_BYTES));
  return { type, roundId, side, transcript, points };
}
