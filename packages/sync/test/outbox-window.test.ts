// A device that was offline for a long time comes back with hundreds of sealed edits. The relay
// holds each connection to a frame budget (burst 200, then 100 a second), so the provider keeps
// a bounded window of pushes in flight and sends the next as acks come back: the whole outbox
// arrives on one connection, in clock order, with no `rate-limited` refusal on the way.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readyCrypto } from '@securebase/crypto';
import { EncryptedStateStore, MemoryStateStore, openLocalKey } from '@securebase/sync';
import { eventually, startHarness, type Harness } from './relay-harness.js';

const OFFLINE_EDITS = 450;

describe('outbox after a long time offline', () => {
  let h: Harness;
  beforeEach(async () => {
    await readyCrypto();
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it(`sends ${OFFLINE_EDITS} queued envelopes within the relay's frame budget, all acked on one connection`, async () => {
    const inner = new MemoryStateStore();
    const store = new EncryptedStateStore(inner, await openLocalKey(inner));
    const offline = h.provider(h.alice, new Y.Doc(), { store, connect: false, mergeWindowMs: 0 });
    const notes = offline.provider.doc.getMap('notes');
    for (let i = 0; i < OFFLINE_EDITS; i++) {
      notes.set(`n${i}`, i);
      // Each edit in its own task: one envelope each, as hours of offline writing would make.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await offline.provider.persistNow();
    expect(offline.provider.pendingCount).toBe(OFFLINE_EDITS);
    await offline.provider.destroy();

    const back = h.provider(h.alice, new Y.Doc(), { store });
    const statuses: string[] = [];
    back.provider.on('status', ({ status }) => statuses.push(status));
    await back.provider.flush();
    expect(back.provider.pendingCount).toBe(0);
    expect(back.errors.map((e) => e.code)).toEqual([]);
    // One connection did it all: no refusal made it reconnect.
    expect(statuses.filter((s) => s === 'connected')).toHaveLength(1);
    const partner = h.provider(h.bob, new Y.Doc());
    await eventually(() => expect(partner.provider.doc.getMap('notes').size).toBe(OFFLINE_EDITS), 20_000);
  }, 60_000);
});
