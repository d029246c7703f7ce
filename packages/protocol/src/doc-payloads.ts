/**
 * Plaintext containers inside `update` and `snapshot` envelopes (encrypted and signed by the
 * envelope, so the relay never sees them).
 *
 *   update   = varUint(version = 1 | 2) · varUint8Array(yjs update)
 *              · ( varUint(0) | varUint(1) · varUint(head.seq) · hash32(head.hash) )
 *              · ( version 2 only: hash32(prev) )
 *   snapshot = varUint(version = 1) · varUint8Array(yjs state) · varUint(coversSeq) · hash32(logHash)
 *              · clocks · varUint8Array(parentHash: 0 or 32 bytes)
 *            | varUint(version = 2) · varUint(coversSeq) · hash32(logHash) · clocks
 *              · varUint8Array(parentHash) · varUint(parts) · parts × part
 *   clocks   = varUint(count) · count × ( key32(author) · varUint(clock) )
 *   part     = varUint8Array(snapshot-part envelope) · varUint(n) · n × varUint8Array(update envelope)
 *   snapshot-part plaintext = varUint(version = 1) · varUint8Array(yjs update) · clocks
 *              · varUint(count) · count × ( varUint(yjs client id) · key32(device) )
 *
 * A v2 snapshot holds one part per partner: that partner's own structs, sealed by one of THEIR
 * devices (a `snapshot-part` envelope, the clocks of their devices it covers and which device
 * each Yjs client id belongs to), followed by their update envelopes since, exactly as their
 * authors sealed them. So whoever writes the snapshot, every word in it is vouched for by a
 * signature of the partner who wrote it (see sync's snapshot-parts.ts).
 *
 * `prev` (version 2) is BLAKE2b-256 of the same device's previous update envelope in this document:
 * the author's signature over this one then vouches for that one's bytes, so a reader verifies
 * one signature per unbroken chain instead of one per entry (sync's update-envelopes.ts).
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

/** Version of an update plaintext that also names the author's previous envelope (`prev`). */
export const UPDATE_CHAINED_VERSION = 2;

/** Version of a snapshot plaintext made of per-partner parts. */
export const SNAPSHOT_PARTS_VERSION = 2;

/** Parts one snapshot may hold: one per partner, and a space has two. */
export const MAX_SNAPSHOT_PARTS = 2;

/** A log position and the log hash after folding it. */
export interface LogHead {
  seq: number;
  hash: Uint8Array; // 32
}

export interface UpdatePayload {
  update: Uint8Array;
  head?: LogHead;
  /** Version 2: BLAKE2b-256 of this device's previous update envelope in the document. */
  prev?: Uint8Array;
}

/** One partner's words in a v2 snapshot. */
export interface SnapshotPart {
  /** A `snapshot-part` envelope sealed by a device of the partner it covers. */
  envelope: Uint8Array;
  /** That partner's update envelopes after the part, in log order, as their devices sealed them. */
  updates: Uint8Array[];
}

/** The plaintext of a `snapshot-part` envelope. */
export interface SnapshotPartPayload {
  /** Every struct under this partner's Yjs client ids (and the document's delete set). */
  update: Uint8Array;
  /** The update clock of each of this partner's devices the part covers. */
  clocks: { author: Uint8Array; clock: number }[];
  /** Which device introduced each Yjs client id in `update`. */
  bindings: { client: number; device: Uint8Array }[];
}

export interface SnapshotPayload {
  /** Version 1 only: the whole Yjs state, as the snapshot's writer states it. */
  state?: Uint8Array;
  /** Version 2 only: one part per partner. */
  parts?: SnapshotPart[];
  coversSeq: number;
  logHash: Uint8Array; // 32, H at coversSeq
  clocks: { author: Uint8Array; clock: number }[];
  parentHash: Uint8Array; // 32, or empty for the first snapshot
}

/** Encode the plaintext of an update envelope. */
export function encodeUpdatePayload(payload: UpdatePayload): Uint8Array {
  return encoding.encode((e) => {
    writeVarUintChecked(e, payload.prev === undefined ? DOC_PAYLOAD_VERSION : UPDATE_CHAINED_VERSION, 'version');
    writeVarBytes(e, payload.update, 'update');
    if (payload.head === undefined) {
      writeVarUintChecked(e, 0, 'has head');
    } else {
      writeVarUintChecked(e, 1, 'has head');
      writeVarUintChecked(e, payload.head.seq, 'head seq');
      writeFixedBytes(e, payload.head.hash, HASH_BYTES, 'head hash');
    }
    if (payload.prev !== undefined) writeFixedBytes(e, payload.prev, HASH_BYTES, 'prev');
  });
}

/** Decode the plaintext of an update envelope; throws SecureBaseError('malformed-frame'). */
export function decodeUpdatePayload(bytes: Uint8Array): UpdatePayload {
  const d = createDecoder(bytes, 'update payload');
  const version = readVarUintOneOf(d, 'update payload version', [DOC_PAYLOAD_VERSION, UPDATE_CHAINED_VERSION]);
  const update = readVarBytes(d, 'update');
  const hasHead = readVarUintOneOf(d, 'has head', [0, 1]);
  const payload: UpdatePayload = { update };
  if (hasHead === 1) {
    payload.head = { seq: readVarUintStrict(d, 'head seq'), hash: readFixedBytes(d, HASH_BYTES, 'head hash') };
  }
  if (version === UPDATE_CHAINED_VERSION) payload.prev = readFixedBytes(d, HASH_BYTES, 'prev');
  expectEnd(d, 'update payload');
  return payload;
}

function checkParentHash(parentHash: Uint8Array, fail: (detail: string) => Error): void {
  if (parentHash.length !== 0 && parentHash.length !== HASH_BYTES) throw fail('parentHash: must be 0 or 32 bytes');
}

function writeClocks(e: encoding.Encoder, clocks: { author: Uint8Array; clock: number }[], what: string): void {
  const authors = new Set(clocks.map((c) => toBase64Url(c.author)));
  if (authors.size !== clocks.length) throw new RangeError(`${what} clocks: duplicate author`);
  writeVarUintChecked(e, clocks.length, 'clocks count');
  for (const { author, clock } of clocks) {
    writeFixedBytes(e, author, PUBLIC_KEY_BYTES, 'author');
    writeVarUintChecked(e, clock, 'clock');
  }
}

function readClocks(d: ReturnType<typeof createDecoder>, what: string): { author: Uint8Array; clock: number }[] {
  const count = readVarUintStrict(d, 'clocks count');
  // Each clock takes at least 33 bytes: refuse counts the input cannot hold before looping.
  if (count * 33 > d.arr.length - d.pos) throw malformed('clocks count: more than the payload holds');
  const clocks: { author: Uint8Array; clock: number }[] = [];
  const authors = new Set<string>();
  for (let i = 0; i < count; i++) {
    const author = readFixedBytes(d, PUBLIC_KEY_BYTES, 'author');
    const clock = readVarUintStrict(d, 'clock');
    const id = toBase64Url(author);
    if (authors.has(id)) throw malformed(`${what} clocks: duplicate author`);
    authors.add(id);
    clocks.push({ author, clock });
  }
  return clocks;
}

/** Encode the plaintext of a snapshot envelope: version 2 when it has parts, else version 1. */
export function encodeSnapshotPayload(payload: SnapshotPayload): Uint8Array {
  checkParentHash(payload.parentHash, (detail) => new RangeError(detail));
  if ((payload.parts === undefined) === (payload.state === undefined)) throw new RangeError('snapshot: exactly one of state and parts');
  return encoding.encode((e) => {
    if (payload.parts) {
      writeVarUintChecked(e, SNAPSHOT_PARTS_VERSION, 'version');
      writeVarUintChecked(e, payload.coversSeq, 'coversSeq');
      writeFixedBytes(e, payload.logHash, HASH_BYTES, 'logHash');
      writeClocks(e, payload.clocks, 'snapshot');
      writeVarBytes(e, payload.parentHash, 'parentHash', HASH_BYTES);
      writeVarUintChecked(e, payload.parts.length, 'parts count');
      for (const part of payload.parts) {
        writeVarBytes(e, part.envelope, 'part envelope');
        writeVarUintChecked(e, part.updates.length, 'part updates count');
        for (const update of part.updates) writeVarBytes(e, update, 'part update');
      }
      return;
    }
    writeVarUintChecked(e, DOC_PAYLOAD_VERSION, 'version');
    writeVarBytes(e, payload.state as Uint8Array, 'state');
    writeVarUintChecked(e, payload.coversSeq, 'coversSeq');
    writeFixedBytes(e, payload.logHash, HASH_BYTES, 'logHash');
    writeClocks(e, payload.clocks, 'snapshot');
    writeVarBytes(e, payload.parentHash, 'parentHash', HASH_BYTES);
  });
}

/** Decode the plaintext of a snapshot envelope (version 1 or 2); throws SecureBaseError('malformed-frame'). */
export function decodeSnapshotPayload(bytes: Uint8Array): SnapshotPayload {
  const d = createDecoder(bytes, 'snapshot payload');
  const version = readVarUintOneOf(d, 'snapshot payload version', [DOC_PAYLOAD_VERSION, SNAPSHOT_PARTS_VERSION]);
  if (version === DOC_PAYLOAD_VERSION) {
    const state = readVarBytes(d, 'state');
    const coversSeq = readVarUintStrict(d, 'coversSeq');
    const logHash = readFixedBytes(d, HASH_BYTES, 'logHash');
    const clocks = readClocks(d, 'snapshot');
    const parentHash = readVarBytes(d, 'parentHash', HASH_BYTES);
    checkParentHash(parentHash, malformed);
    expectEnd(d, 'snapshot payload');
    return { state, coversSeq, logHash, clocks, parentHash };
  }
  const coversSeq = readVarUintStrict(d, 'coversSeq');
  const logHash = readFixedBytes(d, HASH_BYTES, 'logHash');
  const clocks = readClocks(d, 'snapshot');
  const parentHash = readVarBytes(d, 'parentHash', HASH_BYTES);
  checkParentHash(parentHash, malformed);
  const count = readVarUintStrict(d, 'parts count');
  // A space has two partners; a part per partner at most (the reader checks which).
  if (count > MAX_SNAPSHOT_PARTS) throw malformed(`parts count: more than ${MAX_SNAPSHOT_PARTS}`);
  const parts: SnapshotPart[] = [];
  for (let i = 0; i < count; i++) {
    const envelope = readVarBytes(d, 'part envelope');
    const n = readVarUintStrict(d, 'part updates count');
    // Each update takes at least one length byte.
    if (n > d.arr.length - d.pos) throw malformed('part updates count: more than the payload holds');
    const updates: Uint8Array[] = [];
    for (let j = 0; j < n; j++) updates.push(readVarBytes(d, 'part update'));
    parts.push({ envelope, updates });
  }
  expectEnd(d, 'snapshot payload');
  return { parts, coversSeq, logHash, clocks, parentHash };
}

/** Encode the plaintext of a `snapshot-part` envelope. */
export function encodeSnapshotPartPayload(part: SnapshotPartPayload): Uint8Array {
  const clients = new Set(part.bindings.map((b) => b.client));
  if (clients.size !== part.bindings.length) throw new RangeError('snapshot part: a client id bound twice');
  return encoding.encode((e) => {
    writeVarUintChecked(e, DOC_PAYLOAD_VERSION, 'version');
    writeVarBytes(e, part.update, 'update');
    writeClocks(e, part.clocks, 'snapshot part');
    writeVarUintChecked(e, part.bindings.length, 'bindings count');
    for (const { client, device } of part.bindings) {
      writeVarUintChecked(e, client, 'client id');
      writeFixedBytes(e, device, PUBLIC_KEY_BYTES, 'device');
    }
  });
}

/** Decode the plaintext of a `snapshot-part` envelope; throws SecureBaseError('malformed-frame'). */
export function decodeSnapshotPartPayload(bytes: Uint8Array): SnapshotPartPayload {
  const d = createDecoder(bytes, 'snapshot part');
  readVarUintOneOf(d, 'snapshot part version', [DOC_PAYLOAD_VERSION]);
  const update = readVarBytes(d, 'update');
  const clocks = readClocks(d, 'snapshot part');
  const count = readVarUintStrict(d, 'bindings count');
  if (count * 33 > d.arr.length - d.pos) throw malformed('bindings count: more than the payload holds');
  const bindings: SnapshotPartPayload['bindings'] = [];
  const clients = new Set<number>();
  for (let i = 0; i < count; i++) {
    const client = readVarUintStrict(d, 'client id');
    const device = readFixedBytes(d, PUBLIC_KEY_BYTES, 'device');
    if (clients.has(client)) throw malformed('snapshot part: a client id bound twice');
    clients.add(client);
    bindings.push({ client, device });
  }
  expectEnd(d, 'snapshot part');
  return { update, clocks, bindings };
}
