import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PrivateWorkbook, Workbook, shareItem } from '@securebase/model';
import { A, B, exchange, expectInvalid, fixedClock } from './helpers.js';

describe('triggers', () => {
  it('adds, edits field by field (merging both partners), and validates', () => {
    const [da, db] = [new Y.Doc(), new Y.Doc()];
    const [wa, wb] = [new Workbook(da, { now: fixedClock() }), new Workbook(db, { now: fixedClock() })];
    const t = wa.triggers.add({ trigger: 'Phone face down' }, A);
    expect(t).toMatchObject({ trigger: 'Phone face down', whatHappens: '', agreedResponse: '', createdBy: A });
    exchange(da, db);
    wa.triggers.update(t.id, A, { whatHappens: 'I start to spiral' });
    wb.triggers.update(t.id, B, { agreedResponse: 'I turn it over and say who it is' });
    exchange(da, db);
    expect(wa.triggers.get(t.id)).toEqual(wb.triggers.get(t.id));
    expect(wa.triggers.get(t.id)).toMatchObject({ whatHappens: 'I start to spiral', agreedResponse: 'I turn it over and say who it is' });
    expectInvalid(() => wa.triggers.add({ trigger: '' }, A), 'trigger', 'required');
    expectInvalid(() => wa.triggers.update(t.id, A, { whatHappens: 'w'.repeat(4001) }), 'whatHappens', 'too-long');
    expectInvalid(() => wa.triggers.update('missing', A, { trigger: 'x' }), 'id', 'unknown-id');
    wb.triggers.remove(t.id, B);
    expect(wb.triggers.list()).toEqual([]);
  });
});

describe('wins and reframes', () => {
  it('keep their author’s words: only the author edits or removes', () => {
    const wb = new Workbook(new Y.Doc(), { now: fixedClock() });
    const win = wb.wins.add({ text: 'You texted when the train was late', kind: 'micro-repair' }, A);
    expect(wb.wins.add({ text: 'Dinner was easy' }, B).kind).toBe('win');
    expectInvalid(() => wb.wins.update(win.id, B, { text: 'changed' }), 'id', 'not-allowed');
    expectInvalid(() => wb.wins.remove(win.id, B), 'id', 'not-allowed');
    expectInvalid(() => wb.wins.add({ text: 'x', kind: 'loss' as never }, A), 'kind', 'invalid-value');
    wb.wins.update(win.id, A, { kind: 'win' });
    expect(wb.wins.get(win.id)).toMatchObject({ kind: 'win', by: A, text: 'You texted when the train was late' });

    const r = wb.reframes.add({ thought: 'They do not care', evidence: 'They called at lunch' }, B);
    expect(r).toMatchObject({ reframe: '', by: B });
    expectInvalid(() => wb.reframes.update(r.id, A, { reframe: 'x' }), 'id', 'not-allowed');
    expectInvalid(() => wb.reframes.add({ thought: ' ' }, B), 'thought', 'required');
    wb.reframes.update(r.id, B, { reframe: 'They think of me during the day' });
    expect(wb.reframes.get(r.id)!.reframe).toBe('They think of me during the day');
    wb.reframes.remove(r.id, B);
    wb.wins.remove(win.id, A);
    expect(wb.reframes.list()).toEqual([]);
    expect(wb.wins.list()).toHaveLength(1);
  });
});

describe('inbox in schema 2', () => {
  it('tracks when a note was last triaged', () => {
    const wb = new Workbook(new Y.Doc(), { now: fixedClock(1000) });
    const note = wb.inbox.add({ text: 'topic for Sunday', kind: 'checkin' }, A);
    expect(note.updatedAt).toBe(note.createdAt);
    wb.inbox.setStatus(note.id, 'archived');
    expect(wb.inbox.get(note.id)!.updatedAt).toBeGreaterThan(note.createdAt);
  });
});

describe('private workbook', () => {
  it('keeps journal and private notes; sharing a note copies it to the shared inbox', () => {
    const shared = new Y.Doc();
    const wb = new Workbook(shared, { now: fixedClock() });
    const mine = new PrivateWorkbook(new Y.Doc(), { now: fixedClock() });
    const entry = mine.journal.add({ text: 'Today was hard.\nI kept going.' });
    mine.journal.setText(entry.id, 'Today was hard. I kept going.');
    expectInvalid(() => mine.journal.add({ text: 'j'.repeat(20001) }), 'text', 'too-long');
    const item = mine.items.add({ text: 'I need more reassurance at night', kind: 'need' });
    expect(wb.inbox.list()).toEqual([]);
    const note = shareItem(mine, wb, item.id, A);
    expect(note).toMatchObject({ text: 'I need more reassurance at night', kind: 'need', status: 'new', createdBy: A });
    expect(mine.items.get(item.id)!.shared?.sharedId).toBe(note.id);
    expect(mine.toJSON()).toMatchObject({ journal: [{ text: 'Today was hard. I kept going.' }], items: [{ id: item.id }], boundaryDrafts: [] });
    // Private reframes and story drafts are part of the person's own export too (issue 11), and the tension log (issue 17).
    expect(Object.keys(mine.toJSON())).toEqual(['boundaryDrafts', 'journal', 'items', 'reframes', 'storyDrafts', 'tension']);
    expect(mine.toMarkdown()).toContain('## Journal');
    // Nothing of the journal ever reaches the shared document.
    expect(new TextDecoder().decode(Y.encodeStateAsUpdate(shared))).not.toContain('Today was hard');
    expectInvalid(() => shareItem(mine, wb, 'missing', A), 'id', 'unknown-id');
  });
});
