import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { openSqliteStorage } from '@securebase/relay';
import { MemoryStateStore, type EncryptedProvider } from '@securebase/sync';
import { eventually, startHarness, type Harness } from './relay-harness.js';

let h: Harness;

beforeEach(async () => {
  await readyCrypto();
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

function text(doc: Y.Doc): string {
  return doc.getText('t').toString();
}

/** One envelope per call: append `value` and wait for the relay's ack. */
async function type(provider: EncryptedProvider, value: string): Promise<void> {
  const t = provider.doc.getText('t');
  t.insert(t.length, value);
  await provider.flush();
}

/** What the relay stores for the shared doc, read through its own storage adapter. */
function relayView(): { coversSeq: number; firstStoredSeq: number | undefined; headSeq: number } {
  const storage = openSqliteStorage(h.dataDir);
  try {
    const { spaceId } = h.alice;
    return {
      coversSeq: storage.snapshotCoversSeq(spaceId, SHARED_DOC_ID),
      firstStoredSeq: storage.listUpdates(spaceId, SHARED_DOC_ID, 0, 1)[0]?.seq,
      headSeq: storage.headSeq(spaceId, SHARED_DOC_ID),
    };
  } finally {
    storage.close();
  }
}

describe('snapshots against a real relay', () => {
  it('writes a snapshot after N updates; the relay prunes; a fresh client opens from snapshot + tail', async () => {
    const a = h.provider(h.alice, new Y.Doc(), { snapshotPolicy: { everyUpdates: 5 } });
    await a.provider.whenSynced();
    for (let i = 0; i < 7; i++) await type(a.provider, `w${i} `);
    await eventually(() => expect(relayView().coversSeq).toBe(5));
    // Everything the snapshot covers is gone from the relay; the tail is still there.
    expect(relayView()).toEqual({ coversSeq: 5, firstStoredSeq: 6, headSeq: 7 });

    const fresh = h.provider(h.bob, new Y.Doc(), { snapshotPolicy: { everyUpdates: 1000 } });
    await fresh.provider.whenSynced();
    expect(text(fresh.provider.doc)).toBe(text(a.provider.doc));
    expect(fresh.provider.lastSeq).toBe(7);
    // And it keeps syncing live after opening from the snapshot.
    await type(fresh.provider, 'reply');
    await eventually(() => expect(text(a.provider.doc)).toBe(text(fresh.provider.doc)));
    expect([...a.errors, ...fresh.errors]).toEqual([]);
  });

  it('chains later snapshots to their parent and keeps writing them', async () => {
    const a = h.provider(h.alice, new Y.Doc(), { snapshotPolicy: { everyUpdates: 3 } });
    await a.provider.whenSynced();
    for (let i = 0; i < 10; i++) await type(a.provider, `${i}`);
    await eventually(() => expect(relayView().coversSeq).toBe(9));
    expect(relayView().firstStoredSeq).toBe(10);
    expect(a.errors).toEqual([]);
  });

  it('a client offline across a compaction catches up from the snapshot', async () => {
    const storeB = new MemoryStateStore();
    const a = h.provider(h.alice, new Y.Doc(), { snapshotPolicy: { everyUpdates: 4 } });
    const b = h.provider(h.bob, new Y.Doc(), { store: storeB, snapshotPolicy: { everyUpdates: 1000 } });
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
    await type(a.provider, 'start ');
    await eventually(() => expect(text(b.provider.doc)).toBe('start '));
    await b.provider.destroy();

    for (let i = 0; i < 9; i++) await type(a.provider, `${i}`);
    await eventually(() => expect(relayView().coversSeq).toBe(8));
    expect(relayView().firstStoredSeq).toBe(9);

    const b2 = h.provider(h.bob, new Y.Doc(), { store: storeB, snapshotPolicy: { everyUpdates: 1000 } });
    await b2.provider.whenSynced();
    expect(text(b2.provider.doc)).toBe('start 012345678');
    expect(b2.provider.lastSeq).toBe(10);
    expect([...a.errors, ...b.errors, ...b2.errors]).toEqual([]);
  });

  it('two clients racing to snapshot: the loser drops its own silently, learns the winner, nothing is lost', async () => {
    const a = h.provider(h.alice, new Y.Doc(), { snapshotPolicy: { everyUpdates: 5 } });
    const b = h.provider(h.bob, new Y.Doc(), { snapshotPolicy: { everyUpdates: 6 } });
    let bobConnects = 0;
    b.provider.on('status', ({ status }) => {
      if (status === 'connected') bobConnects += 1;
    });
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
    expect(bobConnects).toBe(1);
    for (let i = 0; i < 5; i++) await type(a.provider, `a${i} `);
    await eventually(() => expect(relayView().coversSeq).toBe(5));
    await eventually(() => expect(b.provider.lastSeq).toBe(5));

    // Bob never saw Alice's snapshot (it was written while he was live past it), so his own at
    // seq 6 names the wrong parent: the relay refuses it, he catches up from the snapshot he knows.
    await type(b.provider, 'b0 ');
    await eventually(() => expect(bobConnects).toBe(2));
    await b.provider.whenSynced();
    expect(relayView().coversSeq).toBe(5);

    // From now on his snapshots chain to Alice's.
    for (let i = 1; i < 7; i++) await type(b.provider, `b${i} `);
    await eventually(() => expect(relayView().coversSeq).toBeGreaterThan(5));
    await eventually(() => expect(text(a.provider.doc)).toBe(text(b.provider.doc)));
    expect(text(a.provider.doc)).toContain('a4 b0 b1');
    expect([...a.errors, ...b.errors]).toEqual([]);

    const fresh = h.provider(h.alice, new Y.Doc(), { connect: true, snapshotPolicy: { everyUpdates: 1000 } });
    await fresh.provider.whenSynced();
    expect(text(fresh.provider.doc)).toBe(text(a.provider.doc));
    expect(fresh.errors).toEqual([]);
  });
});
