import { describe, expect, it } from 'vitest';
import { SecureBaseError } from '@securebase/protocol';
import { MemoryStateStore } from '@securebase/sync';
import { decodeInbox, decodeOutbox, encodeInbox, encodeOutbox, stateKeys } from '../src/provider-state.js';

describe('provider state records', () => {
  it('round-trip the outbox and inbox', () => {
    const outbox = { ownClock: 7, pending: [{ clock: 6, envelope: new Uint8Array([1, 2, 3]) }, { clock: 7, envelope: new Uint8Array(300).fill(9) }] };
    expect(decodeOutbox(encodeOutbox(outbox))).toEqual(outbox);
    const inbox = {
      lastSeq: 42,
      authorClocks: new Map([['author-a', 3], ['author-b', 19]]),
      membershipHead: { seq: 1, hash: new Uint8Array(32).fill(5) },
    };
    expect(decodeInbox(encodeInbox(inbox))).toEqual(inbox);
    const empty = { lastSeq: 0, authorClocks: new Map<string, number>(), membershipHead: undefined };
    expect(decodeInbox(encodeInbox(empty))).toEqual(empty);
  });

  it('rejects corrupt records with a typed error', () => {
    const bytes = encodeOutbox({ ownClock: 2, pending: [{ clock: 2, envelope: new Uint8Array(40) }] });
    for (const bad of [bytes.slice(0, 10), new Uint8Array([...bytes, 1]), new Uint8Array([9, ...bytes.slice(1)])]) {
      expect(() => decodeOutbox(bad)).toThrow(SecureBaseError);
    }
    expect(() => decodeInbox(new Uint8Array([1, 5]))).toThrow(SecureBaseError);
  });

  it('namespaces keys per space and document', () => {
    expect(stateKeys('S', 'shared')).toEqual({ doc: 'sync/S/shared/doc', inbox: 'sync/S/shared/inbox', outbox: 'sync/S/shared/outbox' });
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
