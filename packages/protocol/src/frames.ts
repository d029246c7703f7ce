/**
 * WebSocket frame codec: one frame per binary WebSocket message. The first varuint is the
 * message type (MSG in types.ts); the rest is that type's fields, in the order below, with
 * nothing after them. docs/PROTOCOL.md gives the grammar.
 *
 * `hello` and `challenge` start with the protocol version and keep their layout in every
 * version, so a peer can always read the version and answer `unsupported-version`.
 *
 *   socket.send(encodeFrame({ type: 'subscribe', docId: 'shared', afterSeq: 0 }));
 *   const frame = decodeFrame(new Uint8Array(event.data)); // throws SecureBaseError('malformed-frame')
 */
import * as encoding from 'lib0/encoding';
import { CHALLENGE_NONCE_BYTES, HASH_BYTES, MAX_ERROR_DETAIL_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from './sizes.js';
import { MSG, type Frame, type SequencedEnvelope } from './types.js';
import {
  createDecoder,
  expectEnd,
  malformed,
  readDocId,
  readFixedBytes,
  readRandomId,
  readVarBytes,
  readVarStringStrict,
  readVarUintStrict,
  type Decoder,
} from './wire-decoding.js';
import {
  writeDocId,
  writeFixedBytes,
  writeRandomId,
  writeVarBytes,
  writeVarStringChecked,
  writeVarUintChecked,
  type Encoder,
} from './wire-encoding.js';

/** Encode one frame; throws RangeError/TypeError if a field is out of its domain. */
export function encodeFrame(frame: Frame): Uint8Array {
  return encoding.encode((e) => {
    writeVarUintChecked(e, MSG[frame.type], 'type');
    writeFrameBody(e, frame);
  });
}

function writeFrameBody(e: Encoder, frame: Frame): void {
  switch (frame.type) {
    case 'hello':
      writeVarUintChecked(e, frame.protocolVersion, 'protocolVersion');
      writeRandomId(e, frame.spaceId, 'spaceId');
      writeFixedBytes(e, frame.deviceKey, PUBLIC_KEY_BYTES, 'deviceKey');
      return;
    case 'challenge':
      writeVarUintChecked(e, frame.protocolVersion, 'protocolVersion');
      writeFixedBytes(e, frame.nonce, CHALLENGE_NONCE_BYTES, 'nonce');
      return;
    case 'auth':
      writeFixedBytes(e, frame.signature, SIGNATURE_BYTES, 'signature');
      return;
    case 'welcome':
      writeVarUintChecked(e, frame.membershipHead, 'membershipHead');
      return;
    case 'subscribe':
      writeDocId(e, frame.docId);
      writeVarUintChecked(e, frame.afterSeq, 'afterSeq');
      return;
    case 'updates':
      writeDocId(e, frame.docId);
      writeVarUintChecked(e, frame.entries.length, 'entries count');
      for (const entry of frame.entries) {
        writeVarUintChecked(e, entry.seq, 'seq');
        writeVarBytes(e, entry.envelope, 'envelope');
      }
      return;
    case 'synced':
      writeDocId(e, frame.docId);
      writeVarUintChecked(e, frame.headSeq, 'headSeq');
      return;
    case 'push':
      writeDocId(e, frame.docId);
      writeVarUintChecked(e, frame.ref, 'ref');
      writeVarBytes(e, frame.envelope, 'envelope');
      return;
    case 'ack':
      writeDocId(e, frame.docId);
      writeVarUintChecked(e, frame.ref, 'ref');
      writeVarUintChecked(e, frame.seq, 'seq');
      return;
    case 'error':
      writeVarUintChecked(e, frame.code, 'code');
      writeVarUintChecked(e, frame.ref, 'ref');
      writeVarStringChecked(e, frame.detail, 'detail', MAX_ERROR_DETAIL_BYTES);
      return;
    case 'ephemeral':
      writeDocId(e, frame.docId);
      writeVarBytes(e, frame.envelope, 'envelope');
      return;
    case 'put-snapshot':
      if (frame.parentHash.length !== 0 && frame.parentHash.length !== HASH_BYTES) {
        throw new RangeError('parentHash: must be 0 or 32 bytes');
      }
      writeDocId(e, frame.docId);
      writeVarUintChecked(e, frame.ref, 'ref');
      writeVarBytes(e, frame.parentHash, 'parentHash', HASH_BYTES);
      writeVarUintChecked(e, frame.coversSeq, 'coversSeq');
      writeVarBytes(e, frame.envelope, 'envelope');
      return;
    case 'snapshot':
      writeDocId(e, frame.docId);
      writeVarUintChecked(e, frame.coversSeq, 'coversSeq');
      writeVarBytes(e, frame.envelope, 'envelope');
      return;
    default:
      throw new TypeError(`unknown frame type ${String((frame as { type: unknown }).type)}`);
  }
}

/** Decode and validate one frame; throws SecureBaseError('malformed-frame') on any defect. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const d = createDecoder(bytes, 'frame');
  const type = readVarUintStrict(d, 'frame type');
  const frame = readFrameBody(d, type);
  expectEnd(d, `frame ${frame.type}`);
  return frame;
}

function readFrameBody(d: Decoder, type: number): Frame {
  switch (type) {
    case MSG.hello:
      return {
        type: 'hello',
        protocolVersion: readVarUintStrict(d, 'protocolVersion'),
        spaceId: readRandomId(d, 'spaceId'),
        deviceKey: readFixedBytes(d, PUBLIC_KEY_BYTES, 'deviceKey'),
      };
    case MSG.challenge:
      return {
        type: 'challenge',
        protocolVersion: readVarUintStrict(d, 'protocolVersion'),
        nonce: readFixedBytes(d, CHALLENGE_NONCE_BYTES, 'nonce'),
      };
    case MSG.auth:
      return { type: 'auth', signature: readFixedBytes(d, SIGNATURE_BYTES, 'signature') };
    case MSG.welcome:
      return { type: 'welcome', membershipHead: readVarUintStrict(d, 'membershipHead') };
    case MSG.subscribe:
      return { type: 'subscribe', docId: readDocId(d), afterSeq: readVarUintStrict(d, 'afterSeq') };
    case MSG.updates: {
      const docId = readDocId(d);
      const count = readVarUintStrict(d, 'entries count');
      // Each entry takes at least 2 bytes: refuse absurd counts before looping.
      if (count * 2 > d.arr.length - d.pos) throw malformed('entries count: more than the frame holds');
      const entries: SequencedEnvelope[] = [];
      for (let i = 0; i < count; i++) {
        entries.push({ seq: readVarUintStrict(d, 'seq'), envelope: readVarBytes(d, 'envelope') });
      }
      return { type: 'updates', docId, entries };
    }
    case MSG.synced:
      return { type: 'synced', docId: readDocId(d), headSeq: readVarUintStrict(d, 'headSeq') };
    case MSG.push:
      return {
        type: 'push',
        docId: readDocId(d),
        ref: readVarUintStrict(d, 'ref'),
        envelope: readVarBytes(d, 'envelope'),
      };
    case MSG.ack:
      return { type: 'ack', docId: readDocId(d), ref: readVarUintStrict(d, 'ref'), seq: readVarUintStrict(d, 'seq') };
    case MSG.error:
      return {
        type: 'error',
        code: readVarUintStrict(d, 'code'),
        ref: readVarUintStrict(d, 'ref'),
        detail: readVarStringStrict(d, 'detail', MAX_ERROR_DETAIL_BYTES),
      };
    case MSG.ephemeral:
      return { type: 'ephemeral', docId: readDocId(d), envelope: readVarBytes(d, 'envelope') };
    case MSG['put-snapshot']: {
      const docId = readDocId(d);
      const ref = readVarUintStrict(d, 'ref');
      const parentHash = readVarBytes(d, 'parentHash', HASH_BYTES);
      if (parentHash.length !== 0 && parentHash.length !== HASH_BYTES) throw malformed('parentHash: must be 0 or 32 bytes');
      const coversSeq = readVarUintStrict(d, 'coversSeq');
      return { type: 'put-snapshot', docId, ref, parentHash, coversSeq, envelope: readVarBytes(d, 'envelope') };
    }
    case MSG.snapshot:
      return {
        type: 'snapshot',
        docId: readDocId(d),
        coversSeq: readVarUintStrict(d, 'coversSeq'),
        envelope: readVarBytes(d, 'envelope'),
      };
    default:
      throw malformed(`frame type: unknown value ${type}`);
  }
}
