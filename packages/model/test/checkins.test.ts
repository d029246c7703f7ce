import { toBase64Url } from '@securebase/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commitToAnswers, readyCrypto, verifyAnswerCommitment } from '@securebase/crypto';
import {
  PrivateWorkbook,
  Workbook,
  checkInAnswerBytes,
  revealPhase,
  type CheckInAnswers,
} from '@securebase/model';
import { visibleEntries } from '@securebase/model/testing';
import { A, B, exchange, expectInvalid, fixedClock } from './helpers.js';

beforeAll(readyCrypto);

const answersA: CheckInAnswers = { safety: 4, closeness: 3, stress: 2, appreciation: ' You made dinner ', need: 'A walk together' };
const answersB: CheckInAnswers = { safety: 2, closeness: 2, stress: 4, appreciation: 'You listened', need: 'More time' };

function commitAs(wb: Workbook, id: string, partnerId: string, answers: CheckInAnswers): string {
  const { commitment, salt } = commitToAnswers(checkInAnswerBytes(answers));
  wb.checkins.commit(id, partnerId, toBase64Url(commitment));
  return toBase64Url(salt);
}

describe('open check-ins', () => {
  it('store each partner’s own answers, visible to both, and feed the trend', () => {
    const wb = new Workbook(new Y.Doc(), { now: fixedClock() });
    const later = wb.checkins.create({ date: '2025-03-09' }, A);
    const first = wb.checkins.create({ date: '2025-03-02' }, B);
    expect(wb.checkins.list().map((c) => c.id)).toEqual([first.id, later.id]);
    wb.checkins.setEntry(first.id, A, answersA);
    wb.checkins.setEntry(first.id, B, answersB);
    wb.checkins.setEntry(later.id, A, { ...answersA, safety: 5 });
    const c = wb.checkins.get(first.id)!;
    expect(c.entries[A]).toMatchObject({ appreciation: 'You made dinner', safety: 4 });
    expect(visibleEntries(c, B).map((e) => e.state)).toEqual(['visible', 'visible']);
    expect(wb.checkins.trend()).toEqual([
      { date: '2025-03-02', partnerId: A, safety: 4, closeness: 3, stress: 2 },
      { date: '2025-03-02', partnerId: B, safety: 2, closeness: 2, stress: 4 },
      { date: '2025-03-09', partnerId: A, safety: 5, closeness: 3, stress: 2 },
    ]);
    expectInvalid(() => wb.checkins.commit(first.id, A, 'abc'), 'reveal', 'not-allowed');
  });

  it('validates every write', () => {
    const wb = new Workbook(new Y.Doc());
    expectInvalid(() => wb.checkins.create({ date: '2025-02-30' }, A), 'date', 'invalid-value');
    expectInvalid(() => wb.checkins.create({ date: '3 March' }, A), 'date', 'invalid-value');
    expectInvalid(() => wb.checkins.create({ date: '2025-03-02', reveal: 'secret' as never }, A), 'reveal', 'invalid-value');
    const c = wb.checkins.create({ date: '2025-03-02' }, A);
    expectInvalid(() => wb.checkins.setEntry(c.id, A, { ...answersA, safety: 0 as never }), 'safety', 'invalid-value');
    expectInvalid(() => wb.checkins.setEntry(c.id, A, { ...answersA, stress: 2.5 as never }), 'stress', 'invalid-value');
    expectInvalid(() => wb.checkins.setEntry(c.id, A, { ...answersA, need: 'n'.repeat(1001) }), 'need', 'too-long');
    expectInvalid(() => wb.checkins.setEntry('missing', A, answersA), 'id', 'unknown-id');
    expect(wb.checkins.get(c.id)!.entries).toEqual({});
    // Only the creator removes, and never while it holds the other's answers.
    wb.checkins.setEntry(c.id, B, answersB);
    expectInvalid(() => wb.checkins.remove(c.id, A), 'id', 'not-allowed');
    wb.checkins.clearEntry(c.id, B);
    expectInvalid(() => wb.checkins.remove(c.id, B), 'id', 'not-allowed');
    wb.checkins.remove(c.id, A);
    expect(wb.checkins.list()).toEqual([]);
  });
});

describe('simultaneous reveal', () => {
  it('accepts a reveal only after both committed, and shows the other’s answers only once both revealed', () => {
    const [da, db] = [new Y.Doc(), new Y.Doc()];
    const [wa, wb] = [new Workbook(da, { now: fixedClock() }), new Workbook(db, { now: fixedClock(2e12) })];
    const c = wa.checkins.create({ date: '2025-03-02', reveal: 'simultaneous' }, A);
    exchange(da, db);
    expect(revealPhase(wa.checkins.get(c.id)!, A)).toBe('commit');
    expectInvalid(() => wa.checkins.setEntry(c.id, A, answersA), 'reveal', 'not-allowed');

    const saltA = commitAs(wa, c.id, A, answersA);
    expect(revealPhase(wa.checkins.get(c.id)!, A)).toBe('waiting-for-partner');
    // A alone cannot reveal: B has not committed.
    expectInvalid(() => wa.checkins.reveal(c.id, A, answersA, saltA, verifyAnswerCommitment), 'reveal', 'not-allowed');
    expectInvalid(() => commitAs(wa, c.id, A, answersB), 'commitment', 'not-allowed');

    const saltB = commitAs(wb, c.id, B, answersB);
    exchange(da, db);
    expect(revealPhase(wa.checkins.get(c.id)!, A)).toBe('reveal');
    wa.checkins.reveal(c.id, A, answersA, saltA, verifyAnswerCommitment);
    exchange(da, db);
    expect(revealPhase(wa.checkins.get(c.id)!, A)).toBe('waiting-for-reveal');

    // B's device holds A's reveal now, but B's view still hides it until B reveals too.
    const beforeB = wb.checkins.get(c.id)!;
    expect(visibleEntries(beforeB, B, verifyAnswerCommitment)).toEqual([
      { partnerId: A, state: 'hidden', answers: null },
      { partnerId: B, state: 'hidden', answers: null },
    ]);
    expect(visibleEntries(beforeB, A, verifyAnswerCommitment).map((e) => e.state)).toEqual(['visible', 'hidden']);
    expect(wb.toJSON({ viewer: B }).checkins[0]!.entries).toEqual([]);
    expect(wb.checkins.trend({ viewer: B })).toEqual([]);
    expect(wa.checkins.trend({ viewer: A }).map((p) => p.partnerId)).toEqual([A]);

    wb.checkins.reveal(c.id, B, answersB, saltB, verifyAnswerCommitment);
    exchange(da, db);
    const done = wa.checkins.get(c.id)!;
    expect(revealPhase(done, A)).toBe('revealed');
    expect(visibleEntries(done, A, verifyAnswerCommitment)).toEqual([
      { partnerId: A, state: 'visible', answers: { ...answersA, appreciation: 'You made dinner' } },
      { partnerId: B, state: 'visible', answers: answersB },
    ]);
    expect(wa.checkins.trend().map((p) => p.partnerId)).toEqual([A, B]);
    expect(wa.toJSON({ viewer: A }).checkins[0]!.entries.map((e) => e.partnerId)).toEqual([A, B]);
    expectInvalid(() => wa.checkins.reveal(c.id, A, answersA, saltA), 'reveal', 'not-allowed');
  });

  it('tampering: a reveal that does not open its commitment is refused, and read as invalid', () => {
    const doc = new Y.Doc();
    const wb = new Workbook(doc);
    const c = wb.checkins.create({ date: '2025-03-02', reveal: 'simultaneous' }, A);
    const saltA = commitAs(wb, c.id, A, answersA);
    const saltB = commitAs(wb, c.id, B, answersB);
    // Changed answers, or the other's salt, do not open A's commitment.
    expectInvalid(() => wb.checkins.reveal(c.id, A, { ...answersA, safety: 5 }, saltA, verifyAnswerCommitment), 'salt', 'invalid-value');
    expectInvalid(() => wb.checkins.reveal(c.id, A, answersA, saltB, verifyAnswerCommitment), 'salt', 'invalid-value');
    wb.checkins.reveal(c.id, A, answersA, saltA, verifyAnswerCommitment);
    wb.checkins.reveal(c.id, B, answersB, saltB, verifyAnswerCommitment);
    expect(visibleEntries(wb.checkins.get(c.id)!, A, verifyAnswerCommitment).map((e) => e.state)).toEqual(['visible', 'visible']);

    // A peer rewrites B's revealed answers in the CRDT after the fact.
    const revealed = (doc.getMap('checkins').get(c.id) as Y.Map<unknown>).get('revealed') as Y.Map<Record<string, unknown>>;
    const real = revealed.get(B)!;
    revealed.set(B, { ...real, answers: { ...answersB, safety: 5 } });
    expect(visibleEntries(wb.checkins.get(c.id)!, A, verifyAnswerCommitment)).toEqual([
      { partnerId: A, state: 'visible', answers: expect.objectContaining({ safety: 4 }) },
      { partnerId: B, state: 'invalid', answers: null },
    ]);
    expect(wb.toJSON({ viewer: A, verifyCommitment: verifyAnswerCommitment }).checkins[0]!.entries.map((e) => e.partnerId)).toEqual([A]);
    // Plain entries smuggled into a simultaneous check-in are never read.
    (doc.getMap('checkins').get(c.id) as Y.Map<unknown>).set('entries', new Y.Map());
    expect(wb.checkins.get(c.id)!.entries).toEqual({});
  });

  it('check-in answer bytes are canonical: trimmed, field order fixed', () => {
    const bytes = checkInAnswerBytes(answersA);
    expect(checkInAnswerBytes({ need: 'A walk together', appreciation: 'You made dinner', stress: 2, closeness: 3, safety: 4 })).toEqual(bytes);
    expect(checkInAnswerBytes({ ...answersA, stress: 3 })).not.toEqual(bytes);
    expectInvalid(() => checkInAnswerBytes({ ...answersA, closeness: 6 as never }), 'closeness', 'invalid-value');
  });

  it('holds answers privately between commit and reveal', () => {
    const mine = new PrivateWorkbook(new Y.Doc());
    const held = mine.heldCheckIns.hold('checkin-1', answersA, 'c2FsdA');
    expect(mine.heldCheckIns.get('checkin-1')).toEqual(held);
    expect(held.answers.appreciation).toBe('You made dinner');
    expectInvalid(() => mine.heldCheckIns.hold('checkin-2', answersA, 'not base64!'), 'salt', 'invalid-value');
    mine.heldCheckIns.remove('checkin-1');
    expect(mine.heldCheckIns.get('checkin-1')).toBeUndefined();
  });
});
