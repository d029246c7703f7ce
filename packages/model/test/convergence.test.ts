import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { INBOX_KINDS, INBOX_STATUSES, LIMITS, VOCABULARY_CATEGORIES, Workbook, type WorkbookExport } from '@securebase/model';

const PARTNERS = ['partner-a', 'partner-b'] as const;

/** One replica's random operation; `pick` selects an existing item by index modulo the list. */
type Op =
  | { t: 'addTerm'; term: string; meaning: string }
  | { t: 'setTerm'; pick: number; term: string }
  | { t: 'setMeaning'; pick: number; meaning: string }
  | { t: 'setCategory'; pick: number; c: number }
  | { t: 'removeTerm'; pick: number }
  | { t: 'addNote'; text: string; k: number }
  | { t: 'setText'; pick: number; text: string }
  | { t: 'setStatus'; pick: number; s: number }
  | { t: 'removeNote'; pick: number }
  | { t: 'setName'; name: string }
  | { t: 'exchange' };

const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('addTerm' as const), term: text, meaning: fc.string({ maxLength: 8 }) }),
  fc.record({ t: fc.constant('setTerm' as const), pick: fc.nat(), term: text }),
  fc.record({ t: fc.constant('setMeaning' as const), pick: fc.nat(), meaning: fc.string({ maxLength: 8 }) }),
  fc.record({ t: fc.constant('setCategory' as const), pick: fc.nat(), c: fc.nat() }),
  fc.record({ t: fc.constant('removeTerm' as const), pick: fc.nat() }),
  fc.record({ t: fc.constant('addNote' as const), text, k: fc.nat() }),
  fc.record({ t: fc.constant('setText' as const), pick: fc.nat(), text }),
  fc.record({ t: fc.constant('setStatus' as const), pick: fc.nat(), s: fc.nat() }),
  fc.record({ t: fc.constant('removeNote' as const), pick: fc.nat() }),
  fc.record({ t: fc.constant('setName' as const), name: text }),
  fc.constant({ t: 'exchange' as const }),
);

function apply(wb: Workbook, me: string, op: Op): void {
  const terms = wb.vocabulary.list();
  const notes = wb.inbox.list();
  const term = 'pick' in op ? terms[op.pick % Math.max(1, terms.length)] : undefined;
  const note = 'pick' in op ? notes[op.pick % Math.max(1, notes.length)] : undefined;
  switch (op.t) {
    case 'addTerm':
      wb.vocabulary.add({ term: op.term, meaning: op.meaning }, me);
      return;
    case 'setTerm':
      if (term) wb.vocabulary.setTerm(term.id, op.term);
      return;
    case 'setMeaning':
      if (term) wb.vocabulary.setMeaning(term.id, me, op.meaning);
      return;
    case 'setCategory':
      if (term) wb.vocabulary.setCategory(term.id, VOCABULARY_CATEGORIES[op.c % VOCABULARY_CATEGORIES.length]!);
      return;
    case 'removeTerm':
      if (term) wb.vocabulary.remove(term.id);
      return;
    case 'addNote':
      wb.inbox.add({ text: op.text, kind: INBOX_KINDS[op.k % INBOX_KINDS.length]! }, me);
      return;
    case 'setText':
      if (note) wb.inbox.setText(note.id, op.text);
      return;
    case 'setStatus':
      if (note) wb.inbox.setStatus(note.id, INBOX_STATUSES[op.s % INBOX_STATUSES.length]!);
      return;
    case 'removeNote':
      if (note) wb.inbox.remove(note.id);
      return;
    case 'setName':
      wb.members.setName(me, op.name);
      return;
    case 'exchange':
      return;
  }
}

function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

function assertValid(json: WorkbookExport): void {
  for (const e of json.vocabulary) {
    expect(e.term.trim().length).toBeGreaterThan(0);
    expect([...e.term].length).toBeLessThanOrEqual(LIMITS.term);
    expect(VOCABULARY_CATEGORIES).toContain(e.category);
    for (const m of e.meanings) expect(m.text.length).toBeGreaterThan(0);
  }
  for (const n of json.inbox) {
    expect(INBOX_KINDS).toContain(n.kind);
    expect(INBOX_STATUSES).toContain(n.status);
  }
}

describe('convergence', () => {
  it('two replicas doing random concurrent ops converge and stay valid', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), opArb), { maxLength: 60, size: 'max' }), (ops) => {
        const docs = [new Y.Doc(), new Y.Doc()] as const;
        const books = docs.map((d) => new Workbook(d));
        for (const [second, op] of ops) {
          if (op.t === 'exchange') exchange(docs[0], docs[1]);
          else apply(books[second ? 1 : 0]!, PARTNERS[second ? 1 : 0], op);
          assertValid(books[0]!.toJSON());
          assertValid(books[1]!.toJSON());
        }
        exchange(docs[0], docs[1]);
        expect(books[0]!.toJSON()).toEqual(books[1]!.toJSON());
        expect(books[0]!.toMarkdown()).toBe(books[1]!.toMarkdown());
      }),
      { numRuns: 80 },
    );
  });
});
