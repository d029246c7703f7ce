/**
 * Plaintext containers inside `update` and `snapshot` envelopes (encrypted and signed by the
 * envelope, so the relay never sees them).
 *
 *   update   = varUint(version = 1) · varUint8Array(yjs update)
 *              · ( varUint(0) | varUint(1) · varUint(head.seq) · hash32(head.hash) )
 *   snapshot = varUint(version = 1) · varUint8Array(yjs state) · varUint(coversSeq) · hash32(logHash)
 *              · varUint(count) · count × ( key32(author) · varUint(clock) )
 *              · varUint8Array(parentHash: 0 or 32 bytes)
 *
 * `head` is the author's view of the log (seq and log hash at that seq) when it wrote the update;
 * a partner that folded the same seq compares the hashes to detect a fork. A snapshot's clocks
 * list each author at most once.
 *
 *   const plain = encodeUpdatePayload({ update, head: { seq: 41, hash } });
 *   decodeSnapshotPayload(bytes).coversSeq;
 */
import * as encoding from 'lib0/encoding';
import { HASH_BYTES, PUBLIC_KEY_BYTES } from './sizes.js';
import { toBase64Url } from './base64url.js';
import {
  createDecoder,
  expectEnd,
  malformed,
  readFixedBytes,
  readVarBytes,
  readVarUintOneOf,
  readVarUintStrict,
} from './wire-decoding.js';
import { writeFixedBytes, writeVarBytes, writeVarUintChecked } from './wire-encoding.js';

/** Version byte at the start of update and snapshot plaintexts. */
export const DOC_PAYLOAD_VERSION = 1;

/** A log position and the log hash after folding it. */
export interface LogHead {
  seq: number;
  hash: Uint8Array; // 32
}

export interface UpdatePayload {
  update: Uint8Array;
  head?: LogHead;
}

export interface SnapshotPayload {
  state: Uint8Array;
  coversSeq: number;
  logHash: Uint8Array; // 32, H at coversSeq
  clocks: { author: Uint8Array; clock: number }[];
  parentHash: Uint8Array; // 32, or empty for the first snapshot
}

/** Encode the plaintext of an update envelope. */
export function encodeUpdatePayload(payload: UpdatePayload): Uint8Array {
  return encoding.encode((e) => {
    writeVarUintChecked(e, DOC_PAYLOAD_VERSION, 'version');
    writeVarBytes(e, payload.update, 'update');
    if (payload.head === undefined) {
      writeVarUintChecked(e, 0, 'has head');
      return;
    }
    writeVarUintChecked(e, 1, 'has head');
    writeVarUintChecked(e, payload.head.seq, 'head seq');
    writeFixedBytes(e, payload.head.hash, HASH_BYTES, 'head hash');
  });
}

/** Decode the plaintext of an update envelope; throws SecureBaseError('malformed-frame'). */
export function decodeUpdatePayload(bytes: Uint8Array): UpdatePayload {
  const d = createDecoder(bytes, 'update payload');
  readVarUintOneOf(d, 'update payload version', [DOC_PAYLOAD_VERSION]);
  const update = readVarBytes(d, 'update');
  const hasHead = readVarUintOneOf(d, 'has head', [0, 1]);
  const payload: UpdatePayload = { update };
  if (hasHead === 1) {
    payload.head = { seq: readVarUintStrict(d, 'head seq'), hash: readFixedBytes(d, HASH_BYTES, 'head hash') };
  }
  expectEnd(d, 'update payload');
  return payload;
}

function checkParentHash(parentHash: Uint8Array, fail: (detail: string) => Error): void {
  if (parentHash.length !== 0 && parentHash.length !== HASH_BYTES) throw fail('parentHash: must be 0 or 32 bytes');
}

/** Encode the plaintext of a snapshot envelope. */
export function encodeSnapshotPayload(payload: SnapshotPayload): Uint8Array {
  checkParentHash(payload.parentHash, (detail) => new RangeError(detail));
  const authors = new Set(payload.clocks.map((c) => toBase64Url(c.author)));
  if (authors.size !== payload.clocks.length) throw new RangeError('snapshot clocks: duplicate author');
  return encoding.encode((e) => {
    writeVarUintChecked(e, DOC_PAYLOAD_VERSION, 'version');
    writeVarBytes(e, payload.state, 'state');
    writeVarUintChecked(e, payload.coversSeq, 'coversSeq');
    writeFixedBytes(e, payload.logHash, HASH_BYTES, 'logHash');
    writeVarUintChecked(e, payload.clocks.length, 'clocks count');
    for (const { author, clock } of payload.clocks) {
      writeFixedBytes(e, author, PUBLIC_KEY_BYTES, 'author');
      writeVarUintChecked(e, clock, 'clock');
    }
    writeVarBytes(e, payload.parentHash, 'parentHash', HASH_BYTES);
  });
}

/** Decode the plaintext of a snapshot envelope; throws SecureBaseError('malformed-frame'). */
export function decodeSnapshotPayload(bytes: Uint8Array): SnapshotPayload {
  const d = createDecoder(bytes, 'snapshot payload');
  readVarUintOneOf(d, 'snapshot payload version', [DOC_PAYLOAD_VERSION]);
  const state = readVarBytes(d, 'state');
  const coversSeq = readVarUintStrict(d, 'coversSeq');
  const logHash = readFixedBytes(d, HASH_BYTES, 'logHash');
  const count = readVarUintStrict(d, 'clocks count');
  // Each clock takes at least 33 bytes: refuse counts the input cannot hold before looping.
  if (count * 33 > d.arr.length - d.pos) throw malformed('clocks count: more than the payload holds');
  const clocks: SnapshotPayload['clocks'] = [];
  const authors = new Set<string>();
  for (let i = 0; i < count; i++) {
    const author = readFixedBytes(d, PUBLIC_KEY_BYTES, 'author');
    const clock = readVarUintStrict(d, 'clock');
    const id = toBase64Url(author);
    if (authors.has(id)) throw malformed('snapshot clocks: duplicate author');
    authors.add(id);
    clocks.push({ author, clock });
  }
  const parentHash = readVarBytes(d, 'parentHash', HASH_BYTES);
  checkParentHash(parentHash, malformed);
  expectEnd(d, 'snapshot payload');
  return { state, coversSeq, logHash, clocks, parentHash };
}
