/**
 * Incremental persistence of the doc state (local-state.ts): edits are appended as small sealed
 * `doc-log/<n>` records, the full state is rewritten only on compaction (threshold or destroy),
 * and a store written with the older layout (one full `doc` record) still opens.
 *
 *   npx vitest run packages/sync/test/local-state.test.ts
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { EncryptedStateStore, MemoryStateStore, openLocalKey, type LocalStateStore } from '@securebase/sync';
import { COMPACT_AFTER_RECORDS } from '../src/local-state.js';
import { docLogKey, emptyInbox, encodeInbox, encodeOutbox, stateKeys } from '../src/provider-state.js';
import { startHarness, type Harness } from './relay-harness.js';

/** A MemoryStateStore that counts writes and bytes per key (what reaches the disk, sealed). */
class CountingStore extends MemoryStateStore {
  readonly writes = new Map<string, { count: number; bytes: number }>();

  override async set(key: string, value: Uint8Array): Promise<void> {
    const seen = this.writes.get(key) ?? { count: 0, bytes: 0 };
    this.writes.set(key, { count: seen.count + 1, bytes: seen.bytes + value.length });
    await super.set(key, value);
  }

  /** Writes and bytes summed over keys matching `test`. */
  total(test: (key: string) => boolean): { count: number; bytes: number } {
    let count = 0;
    let bytes = 0;
    for (const [key, w] of this.writes) {
      if (!test(key)) continue;
      count += w.count;
      bytes += w.bytes;
    }
    return { count, bytes };
  }
}

function text(doc: Y.Doc): string {
  return doc.getText('t').toString();
}

async function encryptedOver(inner: LocalStateStore): Promise<EncryptedStateStore> {
  return new EncryptedStateStore(inner, await openLocalKey(inner));
}

describe('incremental doc persistence', () => {
  let h: Harness;

  beforeEach(async () => {
    await readyCrypto();
    h = await startHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  it('typing into a ~300 KB doc appends small records and never rewrites the full state', async () => {
    const inner = new CountingStore();
    const store = await encryptedOver(inner);
    const keys = stateKeys(h.alice.spaceId, SHARED_DOC_ID);
    const isLog = (key: string): boolean => key.startsWith(`${keys.doc}-log/`);
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x'.repeat(300 * 1024));
    const a = h.provider(h.alice, doc, { store, persistDebounceMs: 600_000 });
    await a.provider.flush();
    await a.provider.persistNow();
    // The 300 KB already in the doc passes the threshold at once: one full write, no log.
    const fullWrites = inner.writes.get(keys.doc);
    expect(fullWrites?.count).toBe(1);
    expect(fullWrites!.bytes).toBeGreaterThan(300 * 1024);
    expect(inner.total(isLog).count).toBe(0);

    const edits = 30;
    for (let i = 0; i < edits; i++) {
      doc.getText('t').insert(i, 'k');
      await a.provider.flush();
      await a.provider.persistNow();
    }
    expect(inner.writes.get(keys.doc)?.count).toBe(1);
    const appended = inner.total(isLog);
    expect(appended.count).toBe(edits);
    // One keystroke, sealed: a few dozen bytes, not the 300 KB the full state takes.
    expect(appended.bytes / edits).toBeLessThan(256);
    expect(text(doc).length).toBe(300 * 1024 + edits);

    // A closed tab (no destroy) reopens with every edit: full record plus the appended ones.
    a.provider.disconnect();
    const reopened = h.provider(h.alice, new Y.Doc(), { store, connect: false });
    await reopened.provider.persistNow();
    expect(text(reopened.provider.doc)).toBe(text(doc));
    await reopened.provider.destroy();
    expect([...a.errors, ...reopened.errors]).toEqual([]);
  });

  it('compacts once the log passes its record limit, and on destroy', async () => {
    const inner = new CountingStore();
    const store = await encryptedOver(inner);
    const keys = stateKeys(h.alice.spaceId, SHARED_DOC_ID);
    const isLog = (key: string): boolean => key.startsWith(`${keys.doc}-log/`);
    const a = h.provider(h.alice, new Y.Doc(), { store, connect: false, mergeWindowMs: 0, persistDebounceMs: 600_000 });
    const t = a.provider.doc.getText('t');
    for (let i = 0; i < COMPACT_AFTER_RECORDS + 5; i++) {
      t.insert(t.length, `${i} `);
      await a.provider.persistNow();
    }
    // Record COMPACT_AFTER_RECORDS + 1 would pass the limit: that write was the full state.
    expect(inner.writes.get(keys.doc)?.count).toBe(1);
    const logKeys = inner.keys().filter(isLog);
    expect(logKeys.length).toBe(4);
    expect(logKeys.sort()).toEqual([0, 1, 2, 3].map((n) => docLogKey(h.alice.spaceId, SHARED_DOC_ID, n)).sort());

    await a.provider.destroy();
    expect(inner.writes.get(keys.doc)?.count).toBe(2);
    expect(inner.keys().filter(isLog)).toEqual([]);
    const reopened = h.provider(h.alice, new Y.Doc(), { store, connect: false });
    await reopened.provider.persistNow();
    expect(text(reopened.provider.doc)).toBe(text(a.provider.doc));
    await reopened.provider.destroy();
    expect([...a.errors, ...reopened.errors]).toEqual([]);
  });

  it('opens a store written with the older layout (one full doc record, no log)', async () => {
    const store = await encryptedOver(new MemoryStateStore());
    const keys = stateKeys(h.alice.spaceId, SHARED_DOC_ID);
    const old = new Y.Doc();
    old.getText('t').insert(0, 'written by the previous version');
    await store.set(keys.doc, Y.encodeStateAsUpdate(old));
    await store.set(keys.inbox, encodeInbox(emptyInbox()));
    await store.set(keys.outbox, encodeOutbox({ ownClock: 0, pending: [] }));

    const a = h.provider(h.alice, new Y.Doc(), { store, connect: false, persistDebounceMs: 600_000 });
    await a.provider.persistNow();
    expect(text(a.provider.doc)).toBe('written by the previous version');
    a.provider.doc.getText('t').insert(0, 'and more: ');
    await a.provider.persistNow();
    a.provider.disconnect();
    const b = h.provider(h.alice, new Y.Doc(), { store, connect: false });
    await b.provider.persistNow();
    expect(text(b.provider.doc)).toBe('and more: written by the previous version');
    await b.provider.destroy();
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('a compaction cut short leaves a prefix of applied records, which loads again harmlessly', async () => {
    const store = new MemoryStateStore();
    const keys = stateKeys(h.alice.spaceId, SHARED_DOC_ID);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getText('t').insert(0, 'one ');
    source.getText('t').insert(4, 'two');
    // The full record holds both; deletion stopped after removing doc-log/1 but not doc-log/0.
    await store.set(keys.doc, Y.encodeStateAsUpdate(source));
    await store.set(docLogKey(h.alice.spaceId, SHARED_DOC_ID, 0), updates[0]!);
    const a = h.provider(h.alice, new Y.Doc(), { store, connect: false });
    await a.provider.persistNow();
    expect(text(a.provider.doc)).toBe('one two');
    await a.provider.destroy();
    expect(a.errors).toEqual([]);
    expect(store.keys().filter((k) => k.includes('/doc-log/'))).toEqual([]);
  });

  it('a doc-log record moved to another index fails to open: reported, nothing synced', async () => {
    const inner = new MemoryStateStore();
    const store = await encryptedOver(inner);
    const a = h.provider(h.alice, new Y.Doc(), { store, connect: false, persistDebounceMs: 600_000 });
    const t = a.provider.doc.getText('t');
    t.insert(0, 'first ');
    await a.provider.persistNow();
    t.insert(t.length, 'second');
    await a.provider.persistNow();
    a.provider.disconnect();
    const [log0, log1] = [0, 1].map((n) => docLogKey(h.alice.spaceId, SHARED_DOC_ID, n));
    // Swap the sealed records: each is bound to its own key, so neither opens under the other.
    const [sealed0, sealed1] = [await inner.get(log0!), await inner.get(log1!)];
    await inner.set(log0!, sealed1!);
    await inner.set(log1!, sealed0!);

    const b = h.provider(h.alice, new Y.Doc(), { store, connect: false });
    await b.provider.persistNow();
    expect(b.errors.map((e) => e.code)).toEqual(['decrypt-failed']);
    expect(text(b.provider.doc)).toBe('');
  });
});
