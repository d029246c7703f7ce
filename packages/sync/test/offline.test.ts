import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SecureBaseError } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import {
  EncryptedStateStore,
  LOCAL_KEY_RECORD,
  MemoryStateStore,
  hasPassphrase,
  openLocalKey,
  removePassphrase,
  setPassphrase,
} from '@securebase/sync';
import { eventually, startHarness, type Harness } from './relay-harness.js';

function text(doc: Y.Doc): string {
  return doc.getText('t').toString();
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Every raw value in `store` that contains `needle`. */
async function keysHolding(store: MemoryStateStore, needle: Uint8Array): Promise<string[]> {
  const hits: string[] = [];
  for (const key of store.keys()) if (contains((await store.get(key))!, needle)) hits.push(key);
  return hits;
}

describe('EncryptedStateStore and the local key', () => {
  beforeEach(async () => {
    await readyCrypto();
  });

  it('round-trips values, binds each to its record key, and reports tampering', async () => {
    const inner = new MemoryStateStore();
    const store = new EncryptedStateStore(inner, await openLocalKey(inner));
    await store.set('a', utf8('first value'));
    expect(await store.get('a')).toEqual(utf8('first value'));
    expect(await store.get('missing')).toBeUndefined();

    const sealed = (await inner.get('a'))!;
    await inner.set('b', sealed);
    await expect(store.get('b')).rejects.toMatchObject({ code: 'decrypt-failed' });
    const flipped = sealed.slice();
    flipped[flipped.length - 1]! ^= 1;
    await inner.set('a', flipped);
    await expect(store.get('a')).rejects.toBeInstanceOf(SecureBaseError);
    await store.delete('a');
    expect(await inner.get('a')).toBeUndefined();
    await expect(store.set(LOCAL_KEY_RECORD, utf8('x'))).rejects.toThrow(RangeError);
  });

  it('keeps the same local key across opens, and another store cannot read it', async () => {
    const inner = new MemoryStateStore();
    const key = await openLocalKey(inner);
    expect(await openLocalKey(inner)).toEqual(key);
    await new EncryptedStateStore(inner, key).set('k', utf8('v'));
    const other = await openLocalKey(new MemoryStateStore());
    await expect(new EncryptedStateStore(inner, other).get('k')).rejects.toMatchObject({ code: 'decrypt-failed' });
  });

  it('passphrase lock: none or a wrong one is local-store-locked, the right one opens, removal unlocks', async () => {
    const inner = new MemoryStateStore();
    const key = await openLocalKey(inner);
    await new EncryptedStateStore(inner, key).set('k', utf8('v'));
    await setPassphrase(inner, key, 'our quiet place', { strength: 'interactive' });
    expect(await hasPassphrase(inner)).toBe(true);
    // The local key is no longer in the clear.
    expect(contains((await inner.get(LOCAL_KEY_RECORD))!, key)).toBe(false);

    await expect(openLocalKey(inner)).rejects.toMatchObject({ code: 'local-store-locked', fatal: true });
    await expect(openLocalKey(inner, { passphrase: 'our loud place' })).rejects.toMatchObject({ code: 'local-store-locked' });
    const opened = await openLocalKey(inner, { passphrase: 'our quiet place' });
    expect(opened).toEqual(key);
    expect(await new EncryptedStateStore(inner, opened).get('k')).toEqual(utf8('v'));

    await removePassphrase(inner, opened);
    expect(await hasPassphrase(inner)).toBe(false);
    expect(await openLocalKey(inner)).toEqual(key);
  });

  it('reports a corrupt key record as a typed error', async () => {
    const inner = new MemoryStateStore();
    await inner.set(LOCAL_KEY_RECORD, new Uint8Array([1, 7]));
    await expect(openLocalKey(inner)).rejects.toMatchObject({ code: 'invalid-request' });
  });
});

describe('offline against a real relay', () => {
  let h: Harness;

  beforeEach(async () => {
    await readyCrypto();
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  it('concurrent offline edits by both partners merge after reconnect', async () => {
    const a = h.provider(h.alice, new Y.Doc());
    const b = h.provider(h.bob, new Y.Doc());
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
    a.provider.doc.getText('t').insert(0, 'shared ');
    await a.provider.flush();
    await eventually(() => expect(text(b.provider.doc)).toBe('shared '));

    a.provider.disconnect();
    b.provider.disconnect();
    a.provider.doc.getText('t').insert(7, 'alice-offline ');
    b.provider.doc.getText('t').insert(0, 'bob-offline ');
    b.provider.doc.getMap('m').set('pace', 'slow');
    a.provider.connect();
    b.provider.connect();
    await Promise.all([a.provider.flush(), b.provider.flush()]);
    await eventually(() => expect(text(a.provider.doc)).toBe(text(b.provider.doc)));
    expect(text(a.provider.doc)).toContain('alice-offline');
    expect(text(a.provider.doc)).toContain('bob-offline');
    expect(a.provider.doc.getMap('m').get('pace')).toBe('slow');
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('restart from an EncryptedStateStore keeps unsynced edits and sends them; nothing readable at rest', async () => {
    const inner = new MemoryStateStore();
    const canary = 'canary-we-promised-to-pause';
    const store1 = new EncryptedStateStore(inner, await openLocalKey(inner));
    const a1 = h.provider(h.alice, new Y.Doc(), { store: store1, connect: false });
    a1.provider.doc.getText('t').insert(0, canary);
    await a1.provider.persistNow();
    expect(a1.provider.pendingCount).toBe(1);
    await a1.provider.destroy();
    expect(await keysHolding(inner, utf8(canary))).toEqual([]);

    // The control: the same state in a plain store does hold the canary, so the check can fail.
    const plain = new MemoryStateStore();
    const control = h.provider(h.alice, new Y.Doc(), { store: plain, connect: false });
    control.provider.doc.getText('t').insert(0, canary);
    await control.provider.persistNow();
    expect((await keysHolding(plain, utf8(canary))).length).toBeGreaterThan(0);
    await control.provider.destroy();

    const store2 = new EncryptedStateStore(inner, await openLocalKey(inner));
    const a2 = h.provider(h.alice, new Y.Doc(), { store: store2 });
    const b = h.provider(h.bob, new Y.Doc());
    await a2.provider.flush();
    expect(text(a2.provider.doc)).toBe(canary);
    await eventually(() => expect(text(b.provider.doc)).toBe(canary));
    expect([...a1.errors, ...a2.errors, ...b.errors]).toEqual([]);
  });

  it('persistNow seals edits still inside the merge window, so a closed tab keeps them', async () => {
    const inner = new MemoryStateStore();
    const store = new EncryptedStateStore(inner, await openLocalKey(inner));
    const a1 = h.provider(h.alice, new Y.Doc(), { store, connect: false, mergeWindowMs: 600_000, persistDebounceMs: 600_000 });
    const t = a1.provider.doc.getText('t');
    // The first edit after a quiet spell is sealed at once; the next one waits inside the window.
    t.insert(0, 'typed ');
    await new Promise((resolve) => setTimeout(resolve, 0));
    t.insert(t.length, 'just before closing');
    await a1.provider.persistNow();
    // The tab is gone without a destroy(): only what persistNow wrote survives.
    a1.provider.disconnect();
    const a2 = h.provider(h.alice, new Y.Doc(), { store });
    await a2.provider.flush();
    expect(text(a2.provider.doc)).toBe('typed just before closing');
    const b = h.provider(h.bob, new Y.Doc());
    await eventually(() => expect(text(b.provider.doc)).toBe('typed just before closing'));
  });
});
