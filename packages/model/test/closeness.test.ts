import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BUILT_IN_CLOSENESS_STEPS,
  ClosenessLadder,
  ClosenessPositions,
  PrivateWorkbook,
  Workbook,
  closenessLinks,
} from '@securebase/model';
import { A, B, exchange, expectInvalid, fixedClock } from './helpers.js';

const [PRESENCE, TIME, WORDS, HANDS, HUGS] = BUILT_IN_CLOSENESS_STEPS.map((s) => s.id) as [string, string, string, string, string];

/** Two partners, each with their own replica of the shared document and verified bindings. */
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
    db,
    a: new ClosenessLadder(da, { now: fixedClock(), authorOfClient }),
    b: new ClosenessLadder(db, { now: fixedClock(1_800_000_000_000), authorOfClient }),
    sync: () => exchange(da, db),
  };
}

/** Both partners on `stepId` at a monthly pace, agreed the normal way. */
function agreedOn(stepId: string) {
  const c = couple();
  c.a.propose(A, { stepId, pace: 'monthly' });
  c.sync();
  c.b.agree(B);
  c.sync();
  return c;
}

describe('closeness ladder: steps', () => {
  it('starts with the built-in graded steps, gentlest first, and nothing agreed', () => {
    const ladder = new ClosenessLadder(new Y.Doc());
    const steps = ladder.steps();
    expect(steps.map((s) => s.id)).toEqual(BUILT_IN_CLOSENESS_STEPS.map((s) => s.id));
    expect(steps[0]).toMatchObject({ title: 'Being in the same room', builtIn: true, boundaryIds: [] });
    expect(steps.at(-1)?.title).toBe('Sexual intimacy');
    expect(ladder.status()).toEqual({ currentStepId: null, pace: 'no-rush', proposals: [] });
  });

  it('lets the couple add their own steps, reorder, and keeps custom words the author’s', () => {
    const c = couple();
    const walk = c.a.addStep({ title: ' Evening walk, arm in arm ', after: HANDS }, A);
    expect(walk.title).toBe('Evening walk, arm in arm');
    c.sync();
    const ids = c.b.steps().map((s) => s.id);
    expect(ids.indexOf(walk.id)).toBe(ids.indexOf(HANDS) + 1);
    c.b.moveStep(walk.id, B, TIME); // just below TIME
    c.sync();
    expect(c.a.steps().map((s) => s.id).slice(0, 3)).toEqual([PRESENCE, walk.id, TIME]);
    expectInvalid(() => c.b.editStep(walk.id, B, { title: 'Something else' }), 'id', 'not-allowed');
    expectInvalid(() => c.b.removeStep(walk.id, B), 'id', 'not-allowed');
    expectInvalid(() => c.a.removeStep(PRESENCE, A), 'id', 'not-allowed');
    c.a.editStep(walk.id, A, { detail: 'After dinner' });
    c.sync();
    expect(c.b.step(walk.id)?.detail).toBe('After dinner');
    c.a.removeStep(walk.id, A);
    c.sync();
    expect(c.b.step(walk.id)).toBeUndefined();
    expectInvalid(() => c.a.addStep({ title: '' }, A), 'title', 'required');
    expectInvalid(() => c.a.moveStep('no-such-step', A), 'id', 'unknown-id');
  });

  it('merges two partners reordering different steps at the same time', () => {
    const c = couple();
    c.a.moveStep(HUGS, A, PRESENCE);
    c.b.moveStep(WORDS, B); // to the top
    c.sync();
    expect(c.a.steps().map((s) => s.id)).toEqual(c.b.steps().map((s) => s.id));
    const ids = c.a.steps().map((s) => s.id);
    expect(ids[0]).toBe(HUGS);
    expect(ids.at(-1)).toBe(WORDS);
  });
});

describe('closeness ladder: agreeing on a step and the pace', () => {
  it('a step becomes current only when both said yes; the proposal waits for the other', () => {
    const c = couple();
    c.a.propose(A, { stepId: HANDS, pace: 'monthly' });
    c.sync();
    expect(c.b.status().currentStepId).toBeNull();
    expect(c.b.proposalFor(B)).toMatchObject({ from: A, stepId: HANDS, pace: 'monthly' });
    expect(c.a.proposalFor(A)).toBeUndefined(); // A's own proposal is not one A can agree to
    expectInvalid(() => c.a.agree(A), 'proposal', 'not-allowed');
    c.b.agree(B);
    c.sync();
    expect(c.a.status()).toMatchObject({ currentStepId: HANDS, pace: 'monthly', proposals: [] });
    expect(c.a.includedStepIds()).toEqual([PRESENCE, TIME, WORDS, HANDS]);
  });

  it('the pace is the slower of the two, and a faster pace needs both', () => {
    const c = agreedOn(HANDS);
    c.a.propose(A, { stepId: HANDS, pace: 'weekly' });
    c.sync();
    expect(c.b.status().pace).toBe('monthly');
    expect(c.b.proposalFor(B)).toMatchObject({ stepId: HANDS, pace: 'weekly' });
    c.b.propose(B, { stepId: HANDS, pace: 'no-rush' }); // slowing down needs only B
    c.sync();
    expect(c.a.status().pace).toBe('no-rush');
  });

  it('either partner steps back with one call, no reason, and the other’s earlier yes no longer counts', () => {
    const c = agreedOn(HUGS);
    c.b.stepBack(B);
    expect(c.b.status().currentStepId).toBe(HANDS); // at once, on B's own device
    c.sync();
    expect(c.a.status()).toMatchObject({ currentStepId: HANDS, proposals: [] });
    expect(c.a.status().steppedBackAt).toBeGreaterThan(0);
    // B proposes HUGS again: A's old yes to HUGS (from before the step back) does not count.
    c.b.propose(B, { stepId: HUGS, pace: 'monthly' });
    c.sync();
    expect(c.a.status().currentStepId).toBe(HANDS);
    expect(c.a.proposalFor(A)).toMatchObject({ from: B, stepId: HUGS });
    c.a.agree(A);
    c.sync();
    expect(c.b.status().currentStepId).toBe(HUGS);
  });

  it('stepping back from the first step leaves nothing current; with nothing current it does nothing', () => {
    const c = agreedOn(PRESENCE);
    c.a.stepBack(A);
    c.sync();
    expect(c.b.status().currentStepId).toBeNull();
    c.b.stepBack(B);
    expect(c.b.status().currentStepId).toBeNull();
  });

  it('a proposal lower than the current step is a step back', () => {
    const c = agreedOn(HUGS);
    c.a.propose(A, { stepId: TIME, pace: 'monthly' });
    c.sync();
    expect(c.b.status().currentStepId).toBe(TIME);
    c.a.propose(A, { stepId: HUGS, pace: 'monthly' });
    c.sync();
    expect(c.b.status().currentStepId).toBe(TIME); // B's old yes to HUGS was withdrawn by A's step back
  });

  it('concurrent: both step back at the same time → both land on the same, lower step', () => {
    const c = agreedOn(HUGS);
    c.a.stepBack(A);
    c.b.stepBack(B);
    c.sync();
    expect(c.a.status().currentStepId).toBe(HANDS);
    expect(c.b.status().currentStepId).toBe(HANDS);
    c.a.propose(A, { stepId: HUGS, pace: 'monthly' });
    c.sync();
    expect(c.b.status().currentStepId).toBe(HANDS);
  });

  it('concurrent: one agrees while the other steps back → the step back wins', () => {
    const c = couple();
    c.a.propose(A, { stepId: HANDS, pace: 'monthly' });
    c.sync();
    c.b.agree(B);
    c.sync();
    c.a.propose(A, { stepId: HUGS, pace: 'monthly' });
    c.sync();
    c.b.agree(B); // B says yes to HUGS …
    c.a.stepBack(A); // … while A, not having seen it, steps back from HANDS
    c.sync();
    expect(c.a.status().currentStepId).toBe(WORDS);
    expect(c.b.status().currentStepId).toBe(WORDS);
  });

  it('concurrent: both propose different steps → nothing moves until one agrees', () => {
    const c = agreedOn(HANDS);
    c.a.propose(A, { stepId: HUGS, pace: 'monthly' });
    const walk = c.b.addStep({ title: 'Evening walk', after: HANDS }, B);
    c.b.propose(B, { stepId: walk.id, pace: 'monthly' });
    c.sync();
    expect(c.a.status().currentStepId).toBe(walk.id); // the lower of the two: both said yes to it or more
    expect(c.b.status().currentStepId).toBe(walk.id);
    expect(c.b.proposalFor(B)).toMatchObject({ from: A, stepId: HUGS });
  });

  it('reordering may not slip an unagreed step to or below the current step', () => {
    const c = agreedOn(HANDS);
    expectInvalid(() => c.a.moveStep(HUGS, A, PRESENCE), 'before', 'not-allowed');
    expectInvalid(() => c.a.addStep({ title: 'Dancing', after: PRESENCE }, A), 'after', 'not-allowed');
    c.a.moveStep(WORDS, A); // moving an agreed step further up is fine: it is no longer included
    c.sync();
    expect(c.b.includedStepIds()).toEqual([PRESENCE, TIME, HANDS]);
  });

  it('ignores a consent record the other partner’s device wrote under someone else’s key', () => {
    const c = couple();
    c.a.propose(A, { stepId: HUGS, pace: 'weekly' });
    // A modified client on A's device writes a "yes" under B's key.
    c.da.getMap('closenessConsent').set(B, { stepId: HUGS, pace: 'weekly', backs: 0, lastBackTo: null, lastBackAt: 0, seen: {}, at: 1 });
    c.sync();
    expect(c.b.status().currentStepId).toBeNull();
    expect(c.a.status().currentStepId).toBeNull();
  });
});

describe('closeness ladder: convergence', () => {
  /** mulberry32, so a failing seed can be replayed. */
  function prng(seed: number): () => number {
    let t = seed >>> 0;
    return () => {
      t = (t + 0x6d2b79f5) >>> 0;
      let r = Math.imul(t ^ (t >>> 15), 1 | t);
      r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
      return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('random concurrent proposals, agreements, step backs and moves converge (seeded)', () => {
    const steps = BUILT_IN_CLOSENESS_STEPS.map((s) => s.id);
    for (let seed = 1; seed <= 40; seed++) {
      const random = prng(seed);
      const c = couple();
      for (let op = 0; op < 25; op++) {
        const [ladder, who] = random() < 0.5 ? [c.a, A] : [c.b, B];
        const choice = random();
        const stepId = steps[Math.floor(random() * steps.length)] ?? null;
        if (choice < 0.35) ladder.propose(who, { stepId, pace: random() < 0.5 ? 'monthly' : 'weekly' });
        else if (choice < 0.6 && ladder.proposalFor(who)) ladder.agree(who);
        else if (choice < 0.8) ladder.stepBack(who);
        else if (stepId !== null) {
          try {
            ladder.moveStep(stepId, who, steps[Math.floor(random() * steps.length)]);
          } catch (error) {
            // A move that would include an unagreed step is refused; anything else is a bug.
            expect((error as { reason?: string }).reason, `seed ${seed}`).toBe('not-allowed');
          }
        }
        if (random() < 0.4) c.sync();
      }
      c.sync();
      expect(c.a.status(), `seed ${seed}`).toEqual(c.b.status());
      expect(c.a.steps(), `seed ${seed}`).toEqual(c.b.steps());
    }
  });
});

describe('closeness ladder: private positions and links', () => {
  it('keeps each partner’s ready / maybe soon / not yet in their own private document only', () => {
    const shared = couple();
    const privateA = new Y.Doc();
    const mine = new ClosenessPositions(privateA, { now: fixedClock() });
    mine.set(HANDS, 'ready');
    mine.set(HUGS, 'not-yet');
    mine.set(HUGS, 'maybe-soon');
    expect(mine.get(HUGS)).toMatchObject({ position: 'maybe-soon' });
    expect(Object.keys(mine.all()).sort()).toEqual([HANDS, HUGS].sort());
    expectInvalid(() => mine.set(HANDS, 'soon' as never), 'position', 'invalid-value');
    shared.sync();
    // Nothing of it reached the shared document, on either replica.
    const sharedJson = JSON.stringify(shared.db.toJSON());
    expect(sharedJson).not.toContain('maybe-soon');
    expect(sharedJson).not.toContain('not-yet');
    // It lives beside the rest of the private workbook, in the same document.
    const privateWorkbook = new PrivateWorkbook(privateA);
    expect(privateWorkbook.doc.getMap('closenessPositions').size).toBe(2);
    mine.clear(HUGS);
    expect(mine.get(HUGS)).toBeUndefined();
  });

  it('links steps to boundaries and the ladder to the pause signal', () => {
    const doc = new Y.Doc();
    const workbook = new Workbook(doc, { now: fixedClock() });
    const ladder = new ClosenessLadder(doc, { now: fixedClock() });
    const boundary = workbook.boundaries.add({ topic: 'No touching when I am upset', answer: { preference: 'no' } }, A);
    const signal = workbook.vocabulary.add({ term: 'Would it help if we pause?', category: 'signal' }, B);
    expect(closenessLinks(ladder, workbook).pauseSignal?.id).toBe(signal.id); // the couple's signal by default
    ladder.linkBoundary(HUGS, boundary.id, A);
    expect(ladder.step(HUGS)?.boundaryIds).toEqual([boundary.id]);
    const other = workbook.vocabulary.add({ term: 'Yellow', category: 'signal' }, A);
    ladder.setPauseSignal(other.id, B);
    const links = closenessLinks(ladder, workbook, HUGS);
    expect(links.pauseSignal?.term).toBe('Yellow');
    expect(links.boundaries.map((b) => [b.id, b.hasNo])).toEqual([[boundary.id, true]]);
    ladder.unlinkBoundary(HUGS, boundary.id, B);
    expect(ladder.step(HUGS)?.boundaryIds).toEqual([]);
    expectInvalid(() => ladder.linkBoundary('no-such-step', boundary.id, A), 'stepId', 'unknown-id');
  });
});
