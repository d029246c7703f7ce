// Invitations to talk about a fear or a desire (issue 17, part 4): sent in a built-in framing or
// own words, answered by the other partner only, with one of two answers ('later' can become
// 'yes'); nothing else is recorded (no "seen"); a forged answer (written by the sender's device
// under the invitee's name) does not count; only the sender withdraws.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { INVITATION_FRAMINGS, Invitations, invitationText } from '@securebase/model';
import { A, B, exchange, expectInvalid, fixedClock } from './helpers.js';

function couple() {
  const da = new Y.Doc({ gc: false });
  const db = new Y.Doc({ gc: false });
  const bindings = new Map<number, string>([
    [da.clientID, A],
    [db.clientID, B],
  ]);
  const authorOfClient = (c: number): string | undefined => bindings.get(c);
  return {
    da,
    a: new Invitations(da, { now: fixedClock(), authorOfClient }),
    b: new Invitations(db, { now: fixedClock(1_800_000_000_000), authorOfClient }),
    sync: () => exchange(da, db),
  };
}

describe('Invitations', () => {
  it('carries a framing and own words to the partner, who answers later, then yes', () => {
    const c = couple();
    const sent = c.a.send(A, { topic: 'fear', framingId: 'fear-listen', words: 'Maybe on Sunday?' });
    c.sync();
    const [received] = c.b.waitingFor(B);
    expect(received).toMatchObject({ id: sent.id, topic: 'fear', by: A, answer: undefined });
    expect(invitationText(received!)).toBe(`${INVITATION_FRAMINGS[0]!.text} Maybe on Sunday?`);
    // The sender's own list has it waiting, with no trace of it having been looked at.
    expect(c.a.waitingFor(A)).toEqual([]);
    expect(c.a.list()[0]?.answer).toBeUndefined();

    c.b.answer(sent.id, B, 'later');
    c.sync();
    expect(c.a.list()[0]?.answer?.answer).toBe('later');
    expect(c.b.waitingFor(B).map((i) => i.id)).toEqual([sent.id]);
    c.b.answer(sent.id, B, 'yes');
    c.sync();
    expect(c.a.list()[0]?.answer?.answer).toBe('yes');
    expect(c.b.waitingFor(B)).toEqual([]);
  });

  it('takes own words alone, and refuses an empty card, a framing of another topic, overlong words', () => {
    const c = couple();
    expect(c.a.send(A, { topic: 'desire', words: 'Could we dance in the kitchen again?' }).framingId).toBeUndefined();
    expectInvalid(() => c.a.send(A, { topic: 'desire' }), 'words', 'required');
    expectInvalid(() => c.a.send(A, { topic: 'desire', words: '   ' }), 'words', 'required');
    expectInvalid(() => c.a.send(A, { topic: 'desire', framingId: 'fear-listen' }), 'framingId', 'unknown-id');
    expectInvalid(() => c.a.send(A, { topic: 'desire', words: 'x'.repeat(401) }), 'words', 'too-long');
    expectInvalid(() => c.a.send(A, { topic: 'anger' as 'fear', framingId: 'fear-listen' }), 'topic', 'invalid-value');
  });

  it('lets only the invitee answer and only the sender withdraw', () => {
    const c = couple();
    const sent = c.a.send(A, { topic: 'desire', framingId: 'desire-wish' });
    expectInvalid(() => c.a.answer(sent.id, A, 'yes'), 'id', 'not-allowed');
    c.sync();
    expectInvalid(() => c.b.withdraw(sent.id, B), 'id', 'not-allowed');
    expectInvalid(() => c.b.answer('nope', B, 'yes'), 'id', 'unknown-id');
    expectInvalid(() => c.b.answer(sent.id, B, 'seen' as 'yes'), 'answer', 'invalid-value');
    c.a.withdraw(sent.id, A);
    c.sync();
    expect(c.b.list()).toEqual([]);
  });

  it('ignores an answer the sender’s device wrote in the invitee’s name', () => {
    const c = couple();
    const sent = c.a.send(A, { topic: 'fear', framingId: 'fear-us' });
    // A modified client on A's device writes "yes" as if from B.
    const fields = c.da.getMap('invitations').get(sent.id) as Y.Map<unknown>;
    c.da.transact(() => fields.set('answer', { answer: 'yes', by: B, at: 1 }));
    c.sync();
    expect(c.b.list()[0]?.answer).toBeUndefined();
    expect(c.b.waitingFor(B)).toHaveLength(1);
  });
});
