/**
 * The merge window as a leading-edge throttle, against a real relay: a change after a quiet spell
 * goes out at once, changes inside the window of the last envelope wait for it and share one
 * envelope, and what a doc held before the provider was attached is sent like any local edit,
 * with or without a store. The window is set to a minute, far beyond every wait here, so "sent"
 * can only mean "sent without waiting for the window".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readyCrypto } from '@securebase/crypto';
import { MemoryStateStore } from '@securebase/sync';
import { eventually, startHarness, type Harness } from './relay-harness.js';

const A_MINUTE = 60_000;

let h: Harness;

beforeEach(async () => {
  await readyCrypto();
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

const text = (doc: Y.Doc): string => doc.getText('t').toString();

function append(doc: Y.Doc, value: string): void {
  const t = doc.getText('t');
  t.insert(t.length, value);
}

describe('the merge window', () => {
  it('sends a lone edit after a quiet spell at once, and merges what follows inside the window', async () => {
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const a = h.provider(h.alice, docA, { mergeWindowMs: A_MINUTE });
    const b = h.provider(h.bob, docB);
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);

    append(docA, 'hello');
    await eventually(() => expect(text(docB)).toBe('hello'));
    expect(b.provider.lastSeq).toBe(1);

    // Inside the minute that 'hello' opened: held back and merged.
    append(docA, ' there');
    append(docA, ', love');
    // A full round trip through the relay later, Bob still has only the first envelope.
    append(docB, '!');
    await b.provider.flush();
    await eventually(() => expect(text(docA)).toContain('!'));
    expect(text(docB)).not.toContain('there');
    expect(a.provider.pendingCount).toBe(0);

    // Closing the window (flush) sends both as one envelope.
    await a.provider.flush();
    await eventually(() => expect(text(docB)).toBe(text(docA)));
    expect(text(docB)).toContain(' there, love');
    // seq 1 'hello', seq 2 Bob's '!', seq 3 both held-back edits together.
    expect(b.provider.lastSeq).toBe(3);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it.each(['without', 'with'] as const)('sends what the doc held before the provider was attached (%s a store) without waiting for an edit', async (store) => {
    const docA = new Y.Doc();
    docA.getText('t').insert(0, 'written before attaching');
    const a = h.provider(h.alice, docA, { mergeWindowMs: A_MINUTE, ...(store === 'with' ? { store: new MemoryStateStore() } : {}) });
    const docB = new Y.Doc();
    const b = h.provider(h.bob, docB);
    await eventually(() => expect(text(docB)).toBe('written before attaching'));
    await eventually(() => expect(a.provider.pendingCount).toBe(0));
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});
