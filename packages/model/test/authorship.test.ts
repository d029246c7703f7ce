/**
 * Authorship read from the signing device's binding, one ownership rule, attributed undoable
 * removal (issue 11, findings 1 and 5). Two Y.Docs exchanging updates are the two partners; the
 * resolver plays the verified client binding sync provides.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workbook, ownershipDecision, textDiff } from '@securebase/model';
import { exchange, expectInvalid, fixedClock } from './helpers.js';

const MAYA = 'maya-partner-id';
const JONAH = 'jonah-partner-id';

/** Two partners' replicas with gc off and a resolver naming each doc's client. */
function couple(): { maya: Workbook; jonah: Workbook; dm: Y.Doc; dj: Y.Doc; bindings: Map<number, string> } {
  const dm = new Y.Doc({ gc: false });
  const dj = new Y.Doc({ gc: false });
  const bindings = new Map<number, string>([
    [dm.clientID, MAYA],
    [dj.clientID, JONAH],
  ]);
  const authorOfClient = (c: number): string | undefined => bindings.get(c);
  return {
    maya: new Workbook(dm, { now: fixedClock(), authorOfClient }),
    jonah: new Workbook(dj, { now: fixedClock(2_000_000_000_000), authorOfClient }),
    dm,
    dj,
    bindings,
  };
}

describe('authorship comes from the writing device, not from a stored field', () => {
  it('a trigger Jonah writes with createdBy set to Maya still reads as Jonah’s', () => {
    const { maya, dm, dj } = couple();
    // A modified client: Jonah's device writes the item by hand, claiming Maya wrote it.
    dj.transact(() => {
      const f = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ trigger: 'She checks my phone', whatHappens: '', agreedResponse: '', createdBy: MAYA, createdAt: 1, updatedAt: 1 })) f.set(k, v);
      dj.getMap('triggers').set('forged1', f);
    });
    exchange(dm, dj);
    expect(maya.triggers.get('forged1')!.createdBy).toBe(JONAH);
    expect(maya.triggers.history('forged1')!.author).toEqual({ partnerId: JONAH, verified: true });
  });

  it('falls back to the stored author, marked unverified, when the binding does not know the client', () => {
    const dm = new Y.Doc({ gc: false });
    const wb = new Workbook(dm, { now: fixedClock(), authorOfClient: () => undefined });
    const t = wb.triggers.add({ trigger: 'Late replies' }, MAYA);
    expect(wb.triggers.history(t.id)!.author).toEqual({ partnerId: MAYA, verified: false });
  });

  it('Jonah editing Maya’s trigger shows as his edit, with her words before and his after', () => {
    const { maya, jonah, dm, dj } = couple();
    const t = maya.triggers.add({ trigger: 'Phone face down', whatHappens: 'I spiral', agreedResponse: '' }, MAYA);
    exchange(dm, dj);
    jonah.triggers.update(t.id, JONAH, { whatHappens: 'Maya gets suspicious and starts interrogating me' });
    exchange(dm, dj);
    const history = maya.triggers.history(t.id)!;
    expect(history.author).toEqual({ partnerId: MAYA, verified: true });
    expect(history.edits).toEqual([
      { field: 'whatHappens', by: { partnerId: JONAH, verified: true }, before: 'I spiral', beforeKnown: true, after: 'Maya gets suspicious and starts interrogating me' },
    ]);
    expect(maya.triggers.get(t.id)!.createdBy).toBe(MAYA);
    // Saving the same words again is not an edit.
    maya.triggers.update(t.id, MAYA, { trigger: 'Phone face down' });
    expect(maya.triggers.history(t.id)!.edits.map((e) => e.field)).toEqual(['whatHappens']);
  });

  it('a modified client overwriting Maya’s win is ignored: her words stay hers', () => {
    const { maya, jonah, dm, dj } = couple();
    const win = maya.wins.add({ text: 'We laughed at dinner' }, MAYA);
    exchange(dm, dj);
    // The honest model refuses; a modified client writes straight into the document.
    expectInvalid(() => jonah.wins.update(win.id, JONAH, { text: 'nothing happened' }), 'id', 'not-allowed');
    (dj.getMap('wins').get(win.id) as Y.Map<unknown>).set('text', 'nothing happened');
    exchange(dm, dj);
    expect(maya.wins.get(win.id)!.text).toBe('We laughed at dinner');
    expect(jonah.wins.get(win.id)!.text).toBe('We laughed at dinner');
  });
});

describe('removal is attributed, undoable, and kept in a history', () => {
  it('Jonah removes Maya’s word: both see who removed it, and Maya puts it back on both screens', () => {
    const { maya, jonah, dm, dj } = couple();
    const entry = maya.vocabulary.add({ term: 'flooded', meaning: 'too much at once' }, MAYA);
    exchange(dm, dj);
    jonah.vocabulary.remove(entry.id, JONAH);
    exchange(dm, dj);
    expect(maya.vocabulary.list()).toEqual([]);
    const [removed] = maya.vocabulary.removed();
    expect(removed).toMatchObject({ item: { id: entry.id, term: 'flooded', meanings: { [MAYA]: 'too much at once' } }, removedBy: { partnerId: JONAH, verified: true } });
    maya.vocabulary.restore(entry.id, MAYA);
    exchange(dm, dj);
    expect(jonah.vocabulary.list().map((e) => e.term)).toEqual(['flooded']);
    expect(jonah.vocabulary.removed()).toEqual([]);
    const history = jonah.vocabulary.history(entry.id);
    expect(history?.author?.partnerId).toBe(MAYA);
    // The removal history is still readable after the undo: removed by Jonah, put back by Maya.
    jonah.vocabulary.remove(entry.id, JONAH);
    expect(jonah.vocabulary.removed()[0]!.history.map((h) => [h.action, h.by?.partnerId])).toEqual([
      ['removed', JONAH],
      ['restored', MAYA],
      ['removed', JONAH],
    ]);
  });

  it('a removal names the device that made it, whatever removedBy says', () => {
    const { maya, dm, dj } = couple();
    const t = maya.triggers.add({ trigger: 'Silence after a fight' }, MAYA);
    exchange(dm, dj);
    const f = dj.getMap('triggers').get(t.id) as Y.Map<unknown>;
    dj.transact(() => {
      f.set('removedAt', 5);
      f.set('removedBy', MAYA);
    });
    exchange(dm, dj);
    expect(maya.triggers.removed()[0]!.removedBy).toEqual({ partnerId: JONAH, verified: true });
  });

  it('the partner’s win cannot be removed (refused in words), and a forced removal is ignored', () => {
    const { maya, jonah, dm, dj } = couple();
    const win = maya.wins.add({ text: 'You waited for me' }, MAYA);
    exchange(dm, dj);
    expectInvalid(() => jonah.wins.remove(win.id, JONAH), 'id', 'not-allowed');
    (dj.getMap('wins').get(win.id) as Y.Map<unknown>).set('removedAt', 9);
    exchange(dm, dj);
    expect(maya.wins.list().map((w) => w.id)).toEqual([win.id]);
  });

  it('the partner’s inbox note cannot be removed or rewritten, only triaged', () => {
    const { maya, jonah, dm, dj } = couple();
    const note = jonah.inbox.add({ text: 'Can we talk about Sunday?' }, JONAH);
    exchange(dm, dj);
    expectInvalid(() => maya.inbox.remove(note.id, MAYA), 'id', 'not-allowed');
    expectInvalid(() => maya.inbox.setText(note.id, 'something else', MAYA), 'id', 'not-allowed');
    maya.inbox.setStatus(note.id, 'discussed');
    jonah.inbox.remove(note.id, JONAH);
    expect(jonah.inbox.removed()[0]!.removedBy?.partnerId).toBe(JONAH);
  });

  it('honest removal deletes no key: the partner’s item and meaning stay in the document', () => {
    const { maya, jonah, dm, dj } = couple();
    const t = maya.triggers.add({ trigger: 'Being late' }, MAYA);
    const e = maya.vocabulary.add({ term: 'space', meaning: 'an hour alone' }, MAYA);
    exchange(dm, dj);
    jonah.triggers.remove(t.id, JONAH);
    jonah.vocabulary.remove(e.id, JONAH);
    exchange(dm, dj);
    expect(dm.getMap('triggers').has(t.id)).toBe(true);
    const raw = dm.getMap('vocabulary').get(e.id) as Y.Map<unknown>;
    expect((raw.get('meanings') as Y.Map<unknown>).get(MAYA)).toBe('an hour alone');
    // Clearing your own meaning overwrites it rather than deleting the key.
    maya.vocabulary.restore(e.id, MAYA);
    maya.vocabulary.setMeaning(e.id, MAYA, '');
    expect((raw.get('meanings') as Y.Map<unknown>).has(MAYA)).toBe(true);
    expect(maya.vocabulary.get(e.id)!.meanings).toEqual({});
  });
});

describe('one rule for every section', () => {
  it('your own words are yours; the partner may answer, and edit only what you write together', () => {
    expect(ownershipDecision('own-words', 'edit', MAYA, MAYA)).toEqual({ allowed: true, attributed: false });
    expect(ownershipDecision('own-words', 'remove', JONAH, MAYA)).toEqual({ allowed: false, attributed: true });
    expect(ownershipDecision('own-words', 'respond', JONAH, MAYA)).toEqual({ allowed: true, attributed: false });
    expect(ownershipDecision('together', 'edit', JONAH, MAYA)).toEqual({ allowed: true, attributed: true });
    expect(ownershipDecision('together', 'remove', JONAH, MAYA)).toEqual({ allowed: true, attributed: true });
  });

  it('diffs words readably', () => {
    expect(textDiff('I spiral', 'Maya gets suspicious')).toEqual([
      { kind: 'removed', text: 'I spiral' },
      { kind: 'added', text: 'Maya gets suspicious' },
    ]);
    expect(textDiff('I wait five minutes', 'I wait ten minutes')).toEqual([
      { kind: 'same', text: 'I wait ' },
      { kind: 'removed', text: 'five' },
      { kind: 'added', text: 'ten' },
      { kind: 'same', text: ' minutes' },
    ]);
  });
});

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('random concurrent edits by both partners never change the author of an item', () => {
  it('holds over 40 seeded runs of 60 operations', () => {
    for (let run = 0; run < 40; run++) {
      const rand = seeded(run + 1);
      const { maya, jonah, dm, dj } = couple();
      const authors = new Map<string, string>();
      const sides = [
        { wb: maya, me: MAYA },
        { wb: jonah, me: JONAH },
      ];
      for (let step = 0; step < 60; step++) {
        const { wb, me } = sides[Math.floor(rand() * 2)]!;
        const pick = <T,>(xs: T[]): T | undefined => xs[Math.floor(rand() * xs.length)];
        const op = Math.floor(rand() * 9);
        const word = `w${Math.floor(rand() * 1000)}`;
        try {
          if (op === 0) authors.set(wb.triggers.add({ trigger: word }, me).id, me);
          else if (op === 1) {
            const t = pick(wb.triggers.list());
            if (t) wb.triggers.update(t.id, me, { whatHappens: word, trigger: rand() < 0.5 ? word : t.trigger });
          } else if (op === 2) {
            const t = pick(wb.triggers.list());
            if (t) wb.triggers.remove(t.id, me);
          } else if (op === 3) {
            const t = pick(wb.triggers.removed());
            if (t) wb.triggers.restore(t.item.id, me);
          } else if (op === 4) authors.set(wb.wins.add({ text: word }, me).id, me);
          else if (op === 5) {
            const w = pick(wb.wins.list());
            if (w) wb.wins.update(w.id, me, { text: word });
          } else if (op === 6) authors.set(wb.vocabulary.add({ term: word, meaning: word }, me).id, me);
          else if (op === 7) {
            const e = pick(wb.vocabulary.list());
            if (e) wb.vocabulary.setTerm(e.id, word, me);
          } else exchange(dm, dj);
        } catch (err) {
          // The rule refusing the partner's win is expected; anything else is a failure.
          expect((err as { reason?: string }).reason).toBe('not-allowed');
        }
      }
      exchange(dm, dj);
      for (const wb of [maya, jonah]) {
        const all = [
          ...wb.triggers.list().map((t) => [t.id, t.createdBy]),
          ...wb.triggers.removed().map((r) => [r.item.id, r.item.createdBy]),
          ...wb.wins.list().map((w) => [w.id, w.by]),
          ...wb.vocabulary.list().map((e) => [e.id, e.createdBy]),
        ];
        for (const [id, author] of all) expect(author, `run ${run}`).toBe(authors.get(id!));
        for (const w of wb.wins.list()) expect(wb.wins.get(w.id)!.by).toBe(authors.get(w.id));
      }
      expect(maya.toJSON()).toEqual(jonah.toJSON());
    }
  });
});

describe('each partner’s meaning of a word is their own', () => {
  it('a meaning written under Maya’s key by Jonah’s device is not read as hers', () => {
    const { maya, jonah, dm, dj } = couple();
    const entry = maya.vocabulary.add({ term: 'space', meaning: 'an hour alone' }, MAYA);
    exchange(dm, dj);
    // A modified client writes under Maya's key; the honest API only writes the caller's own key.
    const meanings = (dj.getMap('vocabulary').get(entry.id) as Y.Map<unknown>).get('meanings') as Y.Map<unknown>;
    meanings.set(MAYA, 'she wants to leave');
    jonah.vocabulary.setMeaning(entry.id, JONAH, 'time to think');
    exchange(dm, dj);
    expect(maya.vocabulary.get(entry.id)!.meanings).toEqual({ [MAYA]: 'an hour alone', [JONAH]: 'time to think' });
    expect(jonah.vocabulary.list()[0]!.meanings[MAYA]).toBe('an hour alone');
  });
});

describe('without a binding (data from before bindings existed)', () => {
  it('names the editor of an agreement field from their own claim, unverified', () => {
    const [dm, dj] = [new Y.Doc({ gc: false }), new Y.Doc({ gc: false })];
    const [maya, jonah] = [new Workbook(dm, { now: fixedClock() }), new Workbook(dj, { now: fixedClock() })];
    const a = maya.agreements.add({ kind: 'time-out', fields: { signal: 'pause', returnAfterMinutes: 20, selfSoothing: 'a walk' } }, MAYA);
    exchange(dm, dj);
    jonah.agreements.setField(a.id, JONAH, 'signal', 'breather');
    exchange(dm, dj);
    expect(maya.agreements.history(a.id)!.edits).toEqual([
      { field: 'fields.signal', by: { partnerId: JONAH, verified: false }, before: 'pause', beforeKnown: true, after: 'breather' },
    ]);
  });
});
