import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PrivateWorkbook, Workbook, shareBoundaryDraft } from '@securebase/model';
import { A, B, exchange, expectInvalid, fixedClock } from './helpers.js';

describe('boundaries', () => {
  it('keeps each partner’s answer under their own key and surfaces every no', () => {
    const wb = new Workbook(new Y.Doc(), { now: fixedClock() });
    const item = wb.boundaries.add({ topic: ' Talking after 9pm ', answer: { preference: 'maybe' } }, A);
    expect(item).toMatchObject({ topic: 'Talking after 9pm', hasNo: false, answers: { [A]: { preference: 'maybe', note: '' } } });
    wb.boundaries.setAnswer(item.id, B, { preference: 'no', note: ' I am too tired then ' });
    const read = wb.boundaries.get(item.id)!;
    expect(read.answers[A]!.preference).toBe('maybe');
    expect(read.answers[B]).toMatchObject({ preference: 'no', note: 'I am too tired then' });
    expect(read.hasNo).toBe(true);
    expect(wb.boundaries.list().filter((b) => b.hasNo).map((b) => b.id)).toEqual([item.id]);
    wb.boundaries.clearAnswer(item.id, A);
    expect(Object.keys(wb.boundaries.get(item.id)!.answers)).toEqual([B]);
  });

  it('gives no way to change, reword away or delete the other partner’s answer', () => {
    const wb = new Workbook(new Y.Doc(), { now: fixedClock() });
    const item = wb.boundaries.add({ topic: 'Seeing my colleague', answer: { preference: 'no', note: 'please not' } }, A);
    // B writing "as B" only ever touches B's key.
    wb.boundaries.setAnswer(item.id, B, { preference: 'yes' });
    wb.boundaries.clearAnswer(item.id, B);
    expect(wb.boundaries.get(item.id)!.answers[A]).toMatchObject({ preference: 'no', note: 'please not' });
    // B may not reword A's topic, nor delete it while it holds A's answer.
    expectInvalid(() => wb.boundaries.setTopic(item.id, B, 'Seeing my colleague is fine'), 'topic', 'not-allowed');
    expectInvalid(() => wb.boundaries.remove(item.id, B), 'id', 'not-allowed');
    // A may not reword their own topic once B answered it: it would change what B's answer means.
    wb.boundaries.setAnswer(item.id, B, { preference: 'maybe' });
    expectInvalid(() => wb.boundaries.setTopic(item.id, A, 'Something else'), 'topic', 'not-allowed');
    expectInvalid(() => wb.boundaries.remove(item.id, A), 'id', 'not-allowed');
    expect(wb.boundaries.get(item.id)!.topic).toBe('Seeing my colleague');
    wb.boundaries.clearAnswer(item.id, B);
    wb.boundaries.setTopic(item.id, A, 'Seeing my colleague alone');
    wb.boundaries.remove(item.id, A);
    expect(wb.boundaries.list()).toEqual([]);
  });

  it('validates every write', () => {
    const wb = new Workbook(new Y.Doc());
    expectInvalid(() => wb.boundaries.add({ topic: ' ' }, A), 'topic', 'required');
    expectInvalid(() => wb.boundaries.add({ topic: 't'.repeat(201) }, A), 'topic', 'too-long');
    expectInvalid(() => wb.boundaries.add({ topic: 'ok', answer: { preference: 'never' as never } }, A), 'preference', 'invalid-value');
    expectInvalid(() => wb.boundaries.add({ topic: 'ok' }, ''), 'partnerId', 'invalid-value');
    const item = wb.boundaries.add({ topic: 'ok' }, A);
    expectInvalid(() => wb.boundaries.setAnswer(item.id, A, { preference: 'no', note: 'n'.repeat(4001) }), 'note', 'too-long');
    expectInvalid(() => wb.boundaries.setAnswer('missing', A, { preference: 'no' }), 'id', 'unknown-id');
    expect(wb.boundaries.get(item.id)!.answers).toEqual({});
  });

  it('merges both partners answering at once', () => {
    const [da, db] = [new Y.Doc(), new Y.Doc()];
    const [wa, wb] = [new Workbook(da), new Workbook(db)];
    const item = wa.boundaries.add({ topic: 'Phones at dinner' }, A);
    exchange(da, db);
    wa.boundaries.setAnswer(item.id, A, { preference: 'yes' });
    wb.boundaries.setAnswer(item.id, B, { preference: 'no' });
    exchange(da, db);
    expect(wa.boundaries.get(item.id)).toEqual(wb.boundaries.get(item.id));
    expect(wa.boundaries.get(item.id)).toMatchObject({ hasNo: true, answers: { [A]: { preference: 'yes' }, [B]: { preference: 'no' } } });
  });

  it('a no written while the topic is being removed is never lost', () => {
    const [da, db] = [new Y.Doc(), new Y.Doc()];
    const [wa, wb] = [new Workbook(da), new Workbook(db)];
    const item = wa.boundaries.add({ topic: 'Weekend away with friends', answer: { preference: 'yes' } }, A);
    exchange(da, db);
    wa.boundaries.remove(item.id, A);
    wb.boundaries.setAnswer(item.id, B, { preference: 'no', note: 'not this year' });
    expect(wa.boundaries.list()).toEqual([]);
    exchange(da, db);
    for (const w of [wa, wb]) {
      expect(w.boundaries.list()).toEqual([expect.objectContaining({ id: item.id, hasNo: true, topic: 'Weekend away with friends' })]);
    }
  });

  it('ignores a malformed answer a peer wrote, keeping the rest', () => {
    const doc = new Y.Doc();
    const wb = new Workbook(doc);
    const item = wb.boundaries.add({ topic: 'ok', answer: { preference: 'no' } }, A);
    const answers = (doc.getMap('boundaries').get(item.id) as Y.Map<unknown>).get('answers') as Y.Map<unknown>;
    answers.set(B, { preference: 'absolutely', note: '', updatedAt: 1 });
    answers.set('x'.repeat(65), { preference: 'yes', note: '', updatedAt: 1 });
    expect(wb.boundaries.get(item.id)!.answers).toEqual({ [A]: expect.objectContaining({ preference: 'no' }) });
  });
});

describe('private boundary drafts', () => {
  it('stay in the private document until shared, and sharing copies them', () => {
    const shared = new Y.Doc();
    const privateDoc = new Y.Doc();
    const wb = new Workbook(shared, { now: fixedClock() });
    const mine = new PrivateWorkbook(privateDoc, { now: fixedClock() });
    const draft = mine.boundaryDrafts.add({ topic: 'Contact with my ex', preference: 'no', note: 'not yet' });
    expect(wb.boundaries.list()).toEqual([]);
    // Nothing of the draft is in the shared document's bytes.
    expect(new TextDecoder().decode(Y.encodeStateAsUpdate(shared))).not.toContain('Contact with my ex');

    const item = shareBoundaryDraft(mine, wb, draft.id, A);
    expect(item).toMatchObject({ topic: 'Contact with my ex', hasNo: true, answers: { [A]: { preference: 'no', note: 'not yet' } } });
    expect(wb.boundaries.list().map((b) => b.id)).toEqual([item.id]);
    const kept = mine.boundaryDrafts.get(draft.id)!;
    expect(kept).toMatchObject({ topic: 'Contact with my ex', shared: { sharedId: item.id } });

    // Editing or deleting the private copy afterwards leaves the shared one as it was.
    mine.boundaryDrafts.update(draft.id, { note: 'changed privately' });
    mine.boundaryDrafts.remove(draft.id);
    expect(wb.boundaries.get(item.id)!.answers[A]!.note).toBe('not yet');
    expectInvalid(() => shareBoundaryDraft(mine, wb, draft.id, A), 'id', 'unknown-id');
  });
});
