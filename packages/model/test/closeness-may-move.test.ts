/**
 * ClosenessLadder.mayMoveStep answers, without writing, whether moveStep would be allowed, so a
 * screen offers only the moves the model accepts (the rule stays in the model).
 *
 *   ladder.mayMoveStep(id, me, before); // true exactly when moveStep(id, me, before) succeeds
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BUILT_IN_CLOSENESS_STEPS, ClosenessLadder, ModelValidationError } from '@securebase/model';
import { A, B, exchange, fixedClock } from './helpers.js';

const ids = BUILT_IN_CLOSENESS_STEPS.map((s) => s.id);

function agreedOn(stepId: string) {
  const da = new Y.Doc();
  const db = new Y.Doc();
  const a = new ClosenessLadder(da, { now: fixedClock() });
  const b = new ClosenessLadder(db, { now: fixedClock() });
  a.propose(A, { stepId, pace: 'monthly' });
  exchange(da, db);
  b.agree(B);
  exchange(da, db);
  return { a, da };
}

describe('closeness ladder: mayMoveStep', () => {
  it('agrees with moveStep for every move, and writes nothing', () => {
    const { a, da } = agreedOn(ids[2]!);
    const before = Y.encodeStateAsUpdate(da);
    const order = a.steps().map((s) => s.id);
    const verdicts = new Map<string, boolean>();
    for (const id of order) for (const target of [...order, undefined]) verdicts.set(`${id}>${target}`, a.mayMoveStep(id, A, target));
    expect(Y.encodeStateAsUpdate(da)).toEqual(before);
    // An included step may not move below an unagreed one, nor an unagreed step to or below the current one.
    expect(a.mayMoveStep(ids[2]!, A, ids[4])).toBe(false);
    expect(a.mayMoveStep(ids[5]!, A, ids[1])).toBe(false);
    expect(a.mayMoveStep(ids[1]!, A, ids[0])).toBe(true);
    expect(a.mayMoveStep(ids[8]!, A, ids[4])).toBe(true);
    for (const [key, allowed] of verdicts) {
      const [id, target] = key.split('>') as [string, string];
      const copy = new ClosenessLadder(new Y.Doc());
      Y.applyUpdate(copy.doc, Y.encodeStateAsUpdate(da));
      const moved = (() => {
        try {
          copy.moveStep(id, A, target === 'undefined' ? undefined : target);
          return true;
        } catch (err) {
          if (err instanceof ModelValidationError) return false;
          throw err;
        }
      })();
      expect(moved, key).toBe(allowed);
    }
  });
});
