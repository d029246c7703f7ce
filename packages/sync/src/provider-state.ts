/**
 * What an EncryptedProvider keeps in its LocalStateStore, and the codecs for it (lib0 encoding,
 * versioned). Three records per document, written at different moments on purpose:
 *
 * - `outbox`: own clock + sealed envelopes not yet acknowledged. Written BEFORE anything is
 *   sent, so a restart never reuses a clock and re-sends exactly the same bytes.
 * - `doc`: the Yjs state (Y.encodeStateAsUpdate), written debounced.
 * - `inbox`: last applied seq, per-author clocks, the verified membership head. Written only
 *   right after `doc`, so progress is never recorded ahead of the state it describes (a crash in
 *   between merely re-fetches a few updates, which Yjs applies idempotently).
 *
 *   const keys = stateKeys(spaceId, 'shared');
 *   await store.set(keys.outbox, encodeOutbox({ ownClock: 3, pending: [] }));
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { SecureBaseError } from '@securebase/protocol';

const OUTBOX_VERSION = 1;
const INBOX_VERSION = 1;

/** A sealed own update waiting for the relay's ack. */
export interface PendingEnvelope {
  clock: number;
  envelope: Uint8Array;
}

export interface OutboxState {
  /** Highest clock this device has used in this document (0 = none). */
  ownClock: number;
  /** Sealed, unacknowledged envelopes in clock order. */
  pending: PendingEnvelope[];
}

export interface InboxState {
  /** Highest relay seq applied without a hole before it. */
  lastSeq: number;
  /** Author device key (base64url) → highest clock applied from that device. */
  authorClocks: Map<string, number>;
  /** The membership head this device last verified, to detect a rolled-back or forked chain. */
  membershipHead: { seq: number; hash: Uint8Array } | undefined;
}

/** Store keys of one document's sync state. */
export function stateKeys(spaceId: string, docId: string): { doc: string; inbox: string; outbox: string } {
  const prefix = `sync/${spaceId}/${docId}`;
  return { doc: `${prefix}/doc`, inbox: `${prefix}/inbox`, outbox: `${prefix}/outbox` };
}

/** Encode the outbox record. */
export function encodeOutbox(state: OutboxState): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, OUTBOX_VERSION);
    encoding.writeVarUint(e, state.ownClock);
    encoding.writeVarUint(e, state.pending.length);
    for (const p of state.pending) {
      encoding.writeVarUint(e, p.clock);
      encoding.writeVarUint8Array(e, p.envelope);
    }
  });
}

/** Decode the outbox record; throws SecureBaseError('invalid-request') if it is corrupt. */
export function decodeOutbox(bytes: Uint8Array): OutboxState {
  return readRecord(bytes, 'outbox', OUTBOX_VERSION, (d) => {
    const ownClock = decoding.readVarUint(d);
    const pending: PendingEnvelope[] = [];
    for (let n = decoding.readVarUint(d); n > 0; n--) {
      pending.push({ clock: decoding.readVarUint(d), envelope: decoding.readVarUint8Array(d).slice() });
    }
    return { ownClock, pending };
  });
}

/** Encode the inbox record. */
export function encodeInbox(state: InboxState): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, INBOX_VERSION);
    encoding.writeVarUint(e, state.lastSeq);
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
  });
}

/** Decode the inbox record; throws SecureBaseError('invalid-request') if it is corrupt. */
export function decodeInbox(bytes: Uint8Array): InboxState {
  return readRecord(bytes, 'inbox', INBOX_VERSION, (d) => {
    const lastSeq = decoding.readVarUint(d);
    const authorClocks = new Map<string, number>();
    for (let n = decoding.readVarUint(d); n > 0; n--) {
      const author = decoding.readVarString(d);
      authorClocks.set(author, decoding.readVarUint(d));
    }
    const hasHead = decoding.readUint8(d) === 1;
    const membershipHead = hasHead
      ? { seq: decoding.readVarUint(d), hash: decoding.readVarUint8Array(d).slice() }
      : undefined;
    return { lastSeq, authorClocks, membershipHead };
  });
}

/**
 * Reads a versioned record. lib0's decoder throws plain Errors on truncated input; those become
 * a SecureBaseError so a corrupt local store is reported like any other bad input.
 */
function readRecord<T>(bytes: Uint8Array, what: string, version: number, read: (d: decoding.Decoder) => T): T {
  const d = decoding.createDecoder(bytes);
  let value: T;
  try {
    const v = decoding.readVarUint(d);
    if (v !== version) throw new SecureBaseError('invalid-request', `${what} record version ${v} is not supported`);
    value = read(d);
  } catch (err) {
    if (err instanceof SecureBaseError) throw err;
    throw new SecureBaseError('invalid-request', `${what} record is corrupt: ${(err as Error).message}`);
  }
  if (decoding.hasContent(d)) throw new SecureBaseError('invalid-request', `${what} record has trailing bytes`);
  return value;
}
