/**
 * The bytes one relay node publishes to the others on a space's channel. Binary, so an envelope
 * travels as itself (no base64), and small: a hint is a few dozen bytes plus the envelope.
 *
 *   kind u8 | origin: u8 length + UTF-8 | docId: u16 length + UTF-8 | seq: f64 | envelope: rest
 *
 * `origin` names the publishing node's instance, so a node drops what it published itself.
 * Membership messages carry no document, seq or envelope (empty docId, seq 0, no bytes).
 *
 *   const bytes = encodeBusMessage({ kind: 'update', origin, docId, seq, envelope });
 *   const message = decodeBusMessage(bytes); // throws on bytes no node wrote
 */

export type BusMessage =
  | { kind: 'update'; origin: string; docId: string; seq: number; envelope?: Uint8Array }
  | { kind: 'ephemeral'; origin: string; docId: string; envelope: Uint8Array }
  | { kind: 'membership'; origin: string };

const KIND_CODE = { update: 1, ephemeral: 2, membership: 3 } as const;
const UPDATE_WITHOUT_ENVELOPE = 4;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Encode one message for a space's channel. */
export function encodeBusMessage(message: BusMessage): Uint8Array {
  const origin = encoder.encode(message.origin);
  const docId = encoder.encode(message.kind === 'membership' ? '' : message.docId);
  if (origin.length > 0xff || docId.length > 0xffff) throw new RangeError('bus message origin or document id too long');
  const envelope = message.kind === 'membership' ? undefined : message.envelope;
  const seq = message.kind === 'update' ? message.seq : 0;
  const kind = message.kind === 'update' && !envelope ? UPDATE_WITHOUT_ENVELOPE : KIND_CODE[message.kind];
  const bytes = new Uint8Array(1 + 1 + origin.length + 2 + docId.length + 8 + (envelope?.length ?? 0));
  const view = new DataView(bytes.buffer);
  let at = 0;
  view.setUint8(at++, kind);
  view.setUint8(at++, origin.length);
  bytes.set(origin, at);
  at += origin.length;
  view.setUint16(at, docId.length);
  at += 2;
  bytes.set(docId, at);
  at += docId.length;
  view.setFloat64(at, seq);
  at += 8;
  if (envelope) bytes.set(envelope, at);
  return bytes;
}

/** Decode a message from a space's channel; throws on bytes that are not one (RangeError, or TypeError for bad UTF-8). */
export function decodeBusMessage(bytes: Uint8Array): BusMessage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (at: number, length: number): void => {
    if (at + length > bytes.length) throw new RangeError('truncated bus message');
  };
  need(0, 2);
  const kind = view.getUint8(0);
  const originLength = view.getUint8(1);
  let at = 2;
  need(at, originLength + 2);
  const origin = decoder.decode(bytes.subarray(at, at + originLength));
  at += originLength;
  const docIdLength = view.getUint16(at);
  at += 2;
  need(at, docIdLength + 8);
  const docId = decoder.decode(bytes.subarray(at, at + docIdLength));
  at += docIdLength;
  const seq = view.getFloat64(at);
  at += 8;
  // A copy: the receiver keeps the envelope past this message's buffer.
  const rest = bytes.slice(at);
  switch (kind) {
    case KIND_CODE.update:
      return { kind: 'update', origin, docId, seq, envelope: rest };
    case UPDATE_WITHOUT_ENVELOPE:
      return { kind: 'update', origin, docId, seq };
    case KIND_CODE.ephemeral:
      return { kind: 'ephemeral', origin, docId, envelope: rest };
    case KIND_CODE.membership:
      return { kind: 'membership', origin };
    default:
      throw new RangeError(`unknown bus message kind ${kind}`);
  }
}
