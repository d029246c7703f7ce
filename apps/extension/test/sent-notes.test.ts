// The sent-notes list: newest first, capped, marked sent by id, and tolerant of a damaged record.
import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '@securebase/sync';
import { SENT_NOTES_KEY, SENT_NOTES_LIMIT, addSentNote, hasQueued, loadSentNotes, markSent, saveSentNotes, type SentNote } from '../src/sent-notes.js';

const note = (id: string, state: SentNote['state'] = 'queued'): SentNote => ({ id, kind: 'need', text: `note ${id}`, createdAt: 1, state });

describe('sent notes', () => {
  it('keeps the newest few, newest first, without duplicates', () => {
    let list: SentNote[] = [];
    for (let i = 0; i < SENT_NOTES_LIMIT + 3; i++) list = addSentNote(list, note(String(i)));
    list = addSentNote(list, note(String(SENT_NOTES_LIMIT + 2), 'sent'));
    expect(list.map((n) => n.id)).toEqual(Array.from({ length: SENT_NOTES_LIMIT }, (_, i) => String(SENT_NOTES_LIMIT + 2 - i)));
    expect(list[0]?.state).toBe('sent');
  });

  it('marks only the given ids sent', () => {
    const list = markSent([note('a'), note('b'), note('c')], new Set(['a', 'c']));
    expect(list.map((n) => n.state)).toEqual(['sent', 'queued', 'sent']);
    expect(hasQueued(list)).toBe(true);
    expect(hasQueued(markSent(list, new Set(['b'])))).toBe(false);
  });

  it('round-trips through a store and drops malformed entries', async () => {
    const store = new MemoryStateStore();
    expect(await loadSentNotes(store)).toEqual([]);
    await saveSentNotes(store, [note('a'), note('b', 'sent')]);
    expect(await loadSentNotes(store)).toEqual([note('a'), note('b', 'sent')]);
    const damaged = [note('ok'), { ...note('bad'), kind: 'gossip' }, { id: 3 }, null, { ...note('late'), state: 'lost' }];
    await store.set(SENT_NOTES_KEY, new TextEncoder().encode(JSON.stringify(damaged)));
    expect(await loadSentNotes(store)).toEqual([note('ok')]);
    await store.set(SENT_NOTES_KEY, new TextEncoder().encode('{"not":"a list"}'));
    expect(await loadSentNotes(store)).toEqual([]);
  });
});
