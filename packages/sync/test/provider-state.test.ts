import { describe, expect, it } from 'vitest';
import { SecureBaseError } from '@securebase/protocol';
import { MemoryStateStore } from '@securebase/sync';
import * as encoding from 'lib0/encoding';
import {
  decodeInbox,
  decodeOutbox,
  emptyInbox,
  encodeInbox,
  encodeOutbox,
  stateKeys,
  type InboxState,
} from '../src/provider-state.js';

describe('provider state records', () => {
  it('round-trip the outbox and inbox', () => {
    const outbox = {
      ownClock: 7,
      pending: [
        { clock: 6, update: new Uint8Array([7, 7]), envelope: new Uint8Array([1, 2, 3]) },
        { clock: 7, update: new Uint8Array(0), envelope: new Uint8Array(300).fill(9) },
      ],
    };
    expect(decodeOutbox(encodeOutbox(outbox))).toEqual(outbox);
    const inbox: InboxState = {
      lastSeq: 42,
      logHash: new Uint8Array(32).fill(4),
      recentHashes: new Map([
        [41, new Uint8Array(32).fill(1)],
        [42, new Uint8Array(32).fill(4)],
      ]),
      authorClocks: new Map([['author-a', 3], ['author-b', 19]]),
      membershipHead: { seq: 1, hash: new Uint8Array(32).fill(5) },
      newestSnapshot: { coversSeq: 40, logHash: new Uint8Array(32).fill(6), envelopeHash: new Uint8Array(32).fill(7) },
      sinceSnapshot: { updates: 2, bytes: 900 },
      skippedEntries: 1,
      sharedHead: { seq: 39, hash: new Uint8Array(32).fill(8) },
    };
    expect(decodeInbox(encodeInbox(inbox))).toEqual(inbox);
    expect(decodeInbox(encodeInbox(emptyInbox()))).toEqual(emptyInbox());
  });

  it('reads v1 records: outbox envelopes without updates, and an inbox that restarts the log', () => {
    const v1Outbox = encoding.encode((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 4);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 4);
      encoding.writeVarUint8Array(e, new Uint8Array([9, 9]));
    });
    expect(decodeOutbox(v1Outbox)).toEqual({ ownClock: 4, pending: [{ clock: 4, update: undefined, envelope: new Uint8Array([9, 9]) }] });
    const v1Inbox = encoding.encode((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 42);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, 'author-a');
      encoding.writeVarUint(e, 3);
      encoding.writeUint8(e, 1);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, new Uint8Array(32).fill(5));
    });
    // Without a log hash the old progress cannot be trusted: start over from seq 0, keep the membership head.
    expect(decodeInbox(v1Inbox)).toEqual({ ...emptyInbox(), membershipHead: { seq: 2, hash: new Uint8Array(32).fill(5) } });
  });

  it('reads a v2 inbox (before skip counting) as having skipped nothing', () => {
    const state: InboxState = { ...emptyInbox(), lastSeq: 5, authorClocks: new Map([['author-a', 2]]), skippedEntries: 4 };
    const v3 = encodeInbox(state);
    // v2 is v3 without the trailing skip count and shared-head flag (one byte each here).
    const v2 = new Uint8Array([2, ...v3.slice(1, -2)]);
    expect(v3[0]).toBe(3);
    expect(decodeInbox(v2)).toEqual({ ...state, skippedEntries: 0 });
  });

  it('rejects corrupt records with a typed error', () => {
    const bytes = encodeOutbox({ ownClock: 2, pending: [{ clock: 2, update: new Uint8Array(3), envelope: new Uint8Array(40) }] });
    for (const bad of [bytes.slice(0, 10), new Uint8Array([...bytes, 1]), new Uint8Array([9, ...bytes.slice(1)])]) {
      expect(() => decodeOutbox(bad)).toThrow(SecureBaseError);
    }
    expect(() => decodeInbox(new Uint8Array([1, 5]))).toThrow(SecureBaseError);
    const inbox = encodeInbox(emptyInbox());
    for (const bad of [inbox.slice(0, 20), new Uint8Array([...inbox, 0]), new Uint8Array([4, ...inbox.slice(1)])]) {
      expect(() => decodeInbox(bad)).toThrow(SecureBaseError);
    }
  });

  it('namespaces keys per space and document', () => {
    expect(stateKeys('S', 'shared')).toEqual({ doc: 'sync/S/shared/doc', inbox: 'sync/S/shared/inbox', outbox: 'sync/S/shared/outbox', authorship: 'sync/S/shared/authorship' });
  });

  it('MemoryStateStore copies values in and out', async () => {
    const store = new MemoryStateStore();
    const value = new Uint8Array([1, 2]);
    await store.set('k', value);
    value[0] = 9;
    const read = (await store.get('k'))!;
    expect(read).toEqual(new Uint8Array([1, 2]));
    read[1] = 9;
    expect(await store.get('k')).toEqual(new Uint8Array([1, 2]));
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
    expect(store.keys()).toEqual([]);
  });
});
