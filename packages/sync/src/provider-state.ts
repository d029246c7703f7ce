/**
 * What an EncryptedProvider keeps in its LocalStateStore, and the codecs for it (lib0 encoding,
 * versioned). Three kinds of record per document, written at different moments on purpose:
 *
 * - `outbox`: own clock + every own change not yet acknowledged, as the raw Yjs update AND the
 *   sealed envelope. Written BEFORE anything is sent, so a restart never reuses a clock and
 *   re-sends exactly the same bytes; the raw update lets the provider re-seal under a new key
 *   epoch when the relay answers 'stale-epoch'.
 * - `doc` + `doc-log/<n>`: the Yjs state. `doc` is a full Y.encodeStateAsUpdate (rewritten only
 *   on compaction), each `doc-log/<n>` one raw Yjs update holding what the doc received during
 *   one debounce window, appended with n = 0, 1, 2, ... The state is `doc` plus the log records
 *   from 0 up to the first missing n. Compaction writes `doc` first, then deletes the log records
 *   from the highest n down, so a crash at any point leaves `doc` plus a gap-free prefix whose
 *   updates `doc` already holds (Yjs applies them again idempotently).
 * - `authorship`: which device introduced each Yjs client id, and the other partner's signed
 *   material for our next snapshot (authorship-state.ts). Written BEFORE the doc state, so the
 *   doc never holds a struct whose binding is not stored.
 * - `inbox`: the verified log position (last seq, log hash, recent hashes, per-author clocks, the
 *   newest snapshot seen), the membership head, and the snapshot counters. Written only right
 *   after the doc state, so progress is never recorded ahead of the state it describes (a crash
 *   in between merely re-fetches a few updates, which Yjs applies idempotently).
 *
 *   const keys = stateKeys(spaceId, 'shared');
 *   await store.set(keys.outbox, encodeOutbox({ ownClock: 3, pending: [] }));
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { HASH_BYTES, SecureBaseError, type LogHead } from '@securebase/protocol';

const OUTBOX_V1 = 1;
const OUTBOX_V2 = 2;
const INBOX_V1 = 1;
const INBOX_V2 = 2;
const INBOX_V3 = 3;

/** 32 zero bytes: the log hash before any entry (the same value as crypto's LOG_HASH_GENESIS). */
const ZERO_HASH = new Uint8Array(HASH_BYTES);

/** An own change waiting for the relay's ack. */
export interface PendingEnvelope {
  clock: number;
  /** The raw (merged) Yjs update; undefined only for records written by outbox v1. */
  update: Uint8Array | undefined;
  envelope: Uint8Array;
}

export interface OutboxState {
  /** Highest clock this device has used in this document (0 = none). */
  ownClock: number;
  /** Sealed, unacknowledged envelopes in clock order. */
  pending: PendingEnvelope[];
}

/** The newest snapshot this device has seen or written: what a rollback is measured against. */
export interface SnapshotAnchor {
  coversSeq: number;
  /** Log hash at coversSeq, as the snapshot states it. */
  logHash: Uint8Array;
  /** hashBytes(snapshot envelope): the parentHash of the next snapshot. */
  envelopeHash: Uint8Array;
}

export interface InboxState {
  /** Highest relay seq folded into the log hash (nothing missing before it). */
  lastSeq: number;
  /** Log hash H at lastSeq. */
  logHash: Uint8Array;
  /** Recent seq → H, oldest first, bounded: what partners' signed heads are compared against. */
  recentHashes: Map<number, Uint8Array>;
  /** Author device key (base64url) → highest clock consumed from that device. */
  authorClocks: Map<string, number>;
  /** The membership head this device last verified, to detect a rolled-back or forked chain. */
  membershipHead: { seq: number; hash: Uint8Array } | undefined;
  newestSnapshot: SnapshotAnchor | undefined;
  /** Entries and envelope bytes consumed since the newest snapshot: when to write the next. */
  sinceSnapshot: { updates: number; bytes: number };
  /**
   * Entries skipped for good (they failed every fetch) whose missing author clock has not shown up
   * yet: each one explains one later clock gap, from whichever author (see SyncLog.excuseGap).
   */
  skippedEntries: number;
  /**
   * Set once an entry was skipped for good: the last position whose H this device shares with its
   * partners (our H after it folds bytes the author never sent). Cleared when a partner's signed
   * head or a snapshot gives us the shared H again (see SyncLog.adoptPartnerHead).
   */
  sharedHead: LogHead | undefined;
}

/** A fresh inbox: nothing consumed, the genesis log hash. */
export function emptyInbox(): InboxState {
  return {
    lastSeq: 0,
    logHash: ZERO_HASH.slice(),
    recentHashes: new Map([[0, ZERO_HASH.slice()]]),
    authorClocks: new Map(),
    membershipHead: undefined,
    newestSnapshot: undefined,
    sinceSnapshot: { updates: 0, bytes: 0 },
    skippedEntries: 0,
    sharedHead: undefined,
  };
}

/** Store keys of one document's sync state. */
export function stateKeys(spaceId: string, docId: string): { doc: string; inbox: string; outbox: string; authorship: string } {
  const prefix = `sync/${spaceId}/${docId}`;
  return { doc: `${prefix}/doc`, inbox: `${prefix}/inbox`, outbox: `${prefix}/outbox`, authorship: `${prefix}/authorship` };
}

/** Store key of the n-th appended doc-update record of one document (n counts from 0). */
export function docLogKey(spaceId: string, docId: string, n: number): string {
  return `sync/${spaceId}/${docId}/doc-log/${n}`;
}

/** Encode the outbox record (always the newest version). */
export function encodeOutbox(state: OutboxState): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, OUTBOX_V2);
    encoding.writeVarUint(e, state.ownClock);
    encoding.writeVarUint(e, state.pending.length);
    for (const p of state.pending) {
      encoding.writeVarUint(e, p.clock);
      encoding.writeUint8(e, p.update ? 1 : 0);
      if (p.update) encoding.writeVarUint8Array(e, p.update);
      encoding.writeVarUint8Array(e, p.envelope);
    }
  });
}

/** Decode an outbox record (v1 or v2); throws SecureBaseError('invalid-request') if it is corrupt. */
export function decodeOutbox(bytes: Uint8Array): OutboxState {
  return readRecord(bytes, 'outbox', [OUTBOX_V1, OUTBOX_V2], (d, version) => {
    const ownClock = decoding.readVarUint(d);
    const pending: PendingEnvelope[] = [];
    for (let n = decoding.readVarUint(d); n > 0; n--) {
      const clock = decoding.readVarUint(d);
      // v1 kept only the envelope; the provider recovers the update by opening it.
      const update = version === OUTBOX_V2 && decoding.readUint8(d) === 1 ? decoding.readVarUint8Array(d).slice() : undefined;
      pending.push({ clock, update, envelope: decoding.readVarUint8Array(d).slice() });
    }
    return { ownClock, pending };
  });
}

/** Encode the inbox record (always the newest version). */
export function encodeInbox(state: InboxState): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, INBOX_V3);
    encoding.writeVarUint(e, state.lastSeq);
    encoding.writeUint8Array(e, fixedHash(state.logHash));
    encoding.writeVarUint(e, state.recentHashes.size);
    for (const [seq, hash] of state.recentHashes) {
      encoding.writeVarUint(e, seq);
      encoding.writeUint8Array(e, fixedHash(hash));
    }
    encoding.writeVarUint(e, state.authorClocks.size);
    for (const [author, clock] of state.authorClocks) {
      encoding.writeVarString(e, author);
      encoding.writeVarUint(e, clock);
    }
    encoding.writeUint8(e, state.membershipHead ? 1 : 0);
    if (state.membershipHead) {
      encoding.writeVarUint(e, state.membershipHead.seq);
      encoding.writeVarUint8Array(e, state.membershipHead.hash);
    }
    encoding.writeUint8(e, state.newestSnapshot ? 1 : 0);
    if (state.newestSnapshot) {
      encoding.writeVarUint(e, state.newestSnapshot.coversSeq);
      encoding.writeUint8Array(e, fixedHash(state.newestSnapshot.logHash));
      encoding.writeUint8Array(e, fixedHash(state.newestSnapshot.envelopeHash));
    }
    encoding.writeVarUint(e, state.sinceSnapshot.updates);
    encoding.writeVarUint(e, state.sinceSnapshot.bytes);
    encoding.writeVarUint(e, state.skippedEntries);
    encoding.writeUint8(e, state.sharedHead ? 1 : 0);
    if (state.sharedHead) {
      encoding.writeVarUint(e, state.sharedHead.seq);
      encoding.writeUint8Array(e, fixedHash(state.sharedHead.hash));
    }
  });
}

/**
 * Decode an inbox record; throws SecureBaseError('invalid-request') if it is corrupt. A v1 record
 * predates the log hash, so it restarts the log from seq 0 (a one-time full re-fetch that Yjs
 * applies idempotently) and keeps only the membership head. A v2 record predates skip tracking:
 * it reads as having no skip to account for.
 */
export function decodeInbox(bytes: Uint8Array): InboxState {
  return readRecord(bytes, 'inbox', [INBOX_V1, INBOX_V2, INBOX_V3], (d, version) => {
    if (version === INBOX_V1) {
      decoding.readVarUint(d); // lastSeq: meaningless without the log hash it would need
      for (let n = decoding.readVarUint(d); n > 0; n--) {
        decoding.readVarString(d);
        decoding.readVarUint(d);
      }
      return { ...emptyInbox(), membershipHead: readMembershipHead(d) };
    }
    const lastSeq = decoding.readVarUint(d);
    const logHash = decoding.readUint8Array(d, HASH_BYTES).slice();
    const recentHashes = new Map<number, Uint8Array>();
    for (let n = decoding.readVarUint(d); n > 0; n--) {
      const seq = decoding.readVarUint(d);
      recentHashes.set(seq, decoding.readUint8Array(d, HASH_BYTES).slice());
    }
    const authorClocks = new Map<string, number>();
    for (let n = decoding.readVarUint(d); n > 0; n--) {
      const author = decoding.readVarString(d);
      authorClocks.set(author, decoding.readVarUint(d));
    }
    const membershipHead = readMembershipHead(d);
    const newestSnapshot =
      decoding.readUint8(d) === 1
        ? {
            coversSeq: decoding.readVarUint(d),
            logHash: decoding.readUint8Array(d, HASH_BYTES).slice(),
            envelopeHash: decoding.readUint8Array(d, HASH_BYTES).slice(),
          }
        : undefined;
    const sinceSnapshot = { updates: decoding.readVarUint(d), bytes: decoding.readVarUint(d) };
    const skippedEntries = version === INBOX_V3 ? decoding.readVarUint(d) : 0;
    const sharedHead =
      version === INBOX_V3 && decoding.readUint8(d) === 1
        ? { seq: decoding.readVarUint(d), hash: decoding.readUint8Array(d, HASH_BYTES).slice() }
        : undefined;
    return { lastSeq, logHash, recentHashes, authorClocks, membershipHead, newestSnapshot, sinceSnapshot, skippedEntries, sharedHead };
  });
}

function readMembershipHead(d: decoding.Decoder): InboxState['membershipHead'] {
  return decoding.readUint8(d) === 1 ? { seq: decoding.readVarUint(d), hash: decoding.readVarUint8Array(d).slice() } : undefined;
}

function fixedHash(hash: Uint8Array): Uint8Array {
  if (hash.length !== HASH_BYTES) throw new RangeError(`inbox: a hash must be ${HASH_BYTES} bytes`);
  return hash;
}

/**
 * Reads a versioned record. lib0's decoder throws plain Errors on truncated input; those become
 * a SecureBaseError so a corrupt local store is reported like any other bad input.
 */
function readRecord<T>(
  bytes: Uint8Array,
  what: string,
  versions: number[],
  read: (d: decoding.Decoder, version: number) => T,
): T {
  const d = decoding.createDecoder(bytes);
  let value: T;
  try {
    const v = decoding.readVarUint(d);
    if (!versions.includes(v)) throw new SecureBaseError('invalid-request', `${what} record version ${v} is not supported`);
    value = read(d, v);
  } catch (err) {
    if (err instanceof SecureBaseError) throw err;
    throw new SecureBaseError('invalid-request', `${what} record is corrupt: ${(err as Error).message}`);
  }
  if (decoding.hasContent(d)) throw new SecureBaseError('invalid-request', `${what} record has trailing bytes`);
  return value;
}
