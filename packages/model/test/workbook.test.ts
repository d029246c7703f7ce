import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelValidationError, SCHEMA_VERSION, SECTIONS, Workbook } from '@securebase/model';

const A = 'partner-a';
const B = 'partner-b';

function fixedClock(start = 1_700_000_000_000): () => number {
  let t = start;
  return () => t++;
}

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

function expectInvalid(fn: () => unknown, field: string, reason: ModelValidationError['reason']): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ModelValidationError);
  expect((caught as ModelValidationError).field).toBe(field);
  expect((caught as ModelValidationError).reason).toBe(reason);
}

describe('vocabulary', () => {
  it('adds, edits, orders and removes entries', () => {
    const wb = new Workbook(new Y.Doc(), { now: fixedClock() });
    const first = wb.vocabulary.add({ term: '  flooded  ', meaning: 'too much at once' }, A);
    const second = wb.vocabulary.add({ term: 'reassurance', category: 'need' }, B);
    expect(first).toMatchObject({ term: 'flooded', category: 'emotion', meanings: { [A]: 'too much at once' }, createdBy: A });
    expect(second.meanings).toEqual({});
    expect(wb.vocabulary.list().map((e) => e.id)).toEqual([first.id, second.id]);

    wb.vocabulary.setTerm(first.id, 'overwhelmed');
    wb.vocabulary.setMeaning(first.id, B, 'I go quiet');
    wb.vocabulary.setCategory(first.id, 'signal');
    const edited = wb.vocabulary.get(first.id);
    expect(edited).toMatchObject({ term: 'overwhelmed', category: 'signal', meanings: { [A]: 'too much at once', [B]: 'I go quiet' } });
    expect(edited!.updatedAt).toBeGreaterThan(first.updatedAt);

    wb.vocabulary.setMeaning(first.id, A, '');
    expect(wb.vocabulary.get(first.id)!.meanings).toEqual({ [B]: 'I go quiet' });

    wb.vocabulary.remove(second.id);
    expect(wb.vocabulary.list().map((e) => e.id)).toEqual([first.id]);
    expect(wb.vocabulary.get(second.id)).toBeUndefined();
  });

  it('orders by createdAt then id, the same on every replica', () => {
    const wb = new Workbook(new Y.Doc(), { now: () => 5 });
    const ids = [0, 1, 2, 3].map((i) => wb.vocabulary.add({ term: `t${i}` }, A).id);
    expect(wb.vocabulary.list().map((e) => e.id)).toEqual([...ids].sort());
  });

  it('validates every write', () => {
    const wb = new Workbook(new Y.Doc());
    expectInvalid(() => wb.vocabulary.add({ term: '   ' }, A), 'term', 'required');
    expectInvalid(() => wb.vocabulary.add({ term: 'x'.repeat(81) }, A), 'term', 'too-long');
    expect(wb.vocabulary.add({ term: '😀'.repeat(80) }, A).term).toHaveLength(160);
    expectInvalid(() => wb.vocabulary.add({ term: 'ok', category: 'feeling' as never }, A), 'category', 'invalid-value');
    expectInvalid(() => wb.vocabulary.add({ term: 'ok', meaning: 'm'.repeat(2001) }, A), 'meaning', 'too-long');
    expectInvalid(() => wb.vocabulary.add({ term: 'ok' }, ''), 'partnerId', 'invalid-value');
    const entry = wb.vocabulary.add({ term: 'ok' }, A);
    expectInvalid(() => wb.vocabulary.setTerm(entry.id, ''), 'term', 'required');
    expectInvalid(() => wb.vocabulary.setCategory(entry.id, 'nope' as never), 'category', 'invalid-value');
    expectInvalid(() => wb.vocabulary.setTerm('missing', 'x'), 'id', 'unknown-id');
    expectInvalid(() => wb.vocabulary.setMeaning('missing', A, 'x'), 'id', 'unknown-id');
    expectInvalid(() => wb.vocabulary.remove('missing'), 'id', 'unknown-id');
    expect(wb.vocabulary.list()).toHaveLength(2);
  });

  it('merges both partners writing their meanings of the same word at once', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const wa = new Workbook(a);
    const wbB = new Workbook(b);
    const entry = wa.vocabulary.add({ term: 'safe' }, A);
    sync(a, b);
    wa.vocabulary.setMeaning(entry.id, A, 'you answer when I call');
    wbB.vocabulary.setMeaning(entry.id, B, 'we can disagree without leaving');
    wbB.vocabulary.setCategory(entry.id, 'need');
    sync(a, b);
    sync(b, a);
    expect(wa.vocabulary.get(entry.id)).toEqual(wbB.vocabulary.get(entry.id));
    expect(wa.vocabulary.get(entry.id)).toMatchObject({
      category: 'need',
      meanings: { [A]: 'you answer when I call', [B]: 'we can disagree without leaving' },
    });
  });
});

describe('inbox', () => {
  it('adds, triages, edits and removes notes', () => {
    const wb = new Workbook(new Y.Doc(), { now: fixedClock() });
    const note = wb.inbox.add({ text: 'Thank you for the call' , kind: 'appreciation' }, A);
    const other = wb.inbox.add({ text: 'topic for Sunday' }, B);
    expect(note).toMatchObject({ text: 'Thank you for the call', kind: 'appreciation', status: 'new', createdBy: A });
    expect(other.kind).toBe('other');
    wb.inbox.setStatus(note.id, 'keep');
    wb.inbox.setText(note.id, 'Thank you for calling back');
    expect(wb.inbox.get(note.id)).toMatchObject({ status: 'keep', text: 'Thank you for calling back' });
    wb.inbox.remove(other.id);
    expect(wb.inbox.list().map((n) => n.id)).toEqual([note.id]);
  });

  it('validates every write', () => {
    const wb = new Workbook(new Y.Doc());
    expectInvalid(() => wb.inbox.add({ text: '' }, A), 'text', 'required');
    expectInvalid(() => wb.inbox.add({ text: 'n'.repeat(2001) }, A), 'text', 'too-long');
    expectInvalid(() => wb.inbox.add({ text: 'ok', kind: 'rant' as never }, A), 'kind', 'invalid-value');
    const note = wb.inbox.add({ text: 'ok' }, A);
    expectInvalid(() => wb.inbox.setStatus(note.id, 'done' as never), 'status', 'invalid-value');
    expectInvalid(() => wb.inbox.setText(note.id, ' '), 'text', 'required');
    expectInvalid(() => wb.inbox.setStatus('missing', 'keep'), 'id', 'unknown-id');
    expectInvalid(() => wb.inbox.remove('missing'), 'id', 'unknown-id');
  });
});

describe('members', () => {
  it('stores validated names', () => {
    const wb = new Workbook(new Y.Doc());
    wb.members.setName(A, ' Sam ');
    wb.members.setName(B, 'Alex');
    expect(wb.members.name(A)).toBe('Sam');
    expect(wb.members.name('nobody')).toBeUndefined();
    expect(wb.members.all()).toEqual({ [A]: 'Sam', [B]: 'Alex' });
    expectInvalid(() => wb.members.setName(A, ''), 'name', 'required');
    expectInvalid(() => wb.members.setName(A, 'n'.repeat(61)), 'name', 'too-long');
  });
});

describe('schema and reads of untrusted data', () => {
  it('stamps the schema version on first write only', () => {
    const doc = new Y.Doc();
    const wb = new Workbook(doc);
    expect(wb.schemaVersion).toBeUndefined();
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
    wb.inbox.add({ text: 'hi' }, A);
    expect(wb.schemaVersion).toBe(SCHEMA_VERSION);
    expect(wb.isNewerSchema).toBe(false);
    doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    expect(wb.isNewerSchema).toBe(true);
  });

  it('skips junk a buggy or malicious peer wrote instead of crashing', () => {
    const doc = new Y.Doc();
    const wb = new Workbook(doc, { now: fixedClock() });
    const good = wb.vocabulary.add({ term: 'calm', meaning: 'slow breath' }, A);
    const note = wb.inbox.add({ text: 'fine' }, A);
    // A peer writes directly into the CRDT, bypassing validation.
    doc.transact(() => {
      const vocab = doc.getMap('vocabulary');
      vocab.set('not-a-map', 'junk');
      const bad = new Y.Map<unknown>();
      bad.set('term', 'x'.repeat(500));
      bad.set('category', 'emotion');
      bad.set('createdBy', A);
      bad.set('createdAt', 1);
      bad.set('updatedAt', 1);
      vocab.set('too-long', bad);
      const wrongCat = new Y.Map<unknown>();
      wrongCat.set('term', 'ok');
      wrongCat.set('category', 42);
      vocab.set('bad-category', wrongCat);
      const meanings = (vocab.get(good.id) as Y.Map<Y.Map<unknown>>).get('meanings')!;
      meanings.set(B, 12345);
      const inbox = doc.getMap('inbox');
      (inbox.get(note.id) as Y.Map<unknown>).set('status', 'exploded');
      inbox.set('array', new Y.Array());
      doc.getMap('members').set(A, { evil: true });
    });
    expect(wb.vocabulary.list().map((e) => e.id)).toEqual([good.id]);
    expect(wb.vocabulary.get(good.id)!.meanings).toEqual({ [A]: 'slow breath' });
    expect(wb.vocabulary.get('too-long')).toBeUndefined();
    expect(wb.inbox.list()).toEqual([]);
    expect(wb.members.all()).toEqual({});
    expectInvalid(() => wb.inbox.setStatus(note.id, 'keep'), 'id', 'unknown-id');
    expect(() => wb.toMarkdown()).not.toThrow();
    // Removing junk is allowed, so a UI can clean up.
    wb.vocabulary.remove('not-a-map');
    expect(doc.getMap('vocabulary').has('not-a-map')).toBe(false);
  });
});

describe('export', () => {
  it('exports exactly the sections, with names resolved', () => {
    const wb = new Workbook(new Y.Doc(), { now: () => Date.UTC(2025, 0, 2) });
    wb.members.setName(A, 'Sam');
    const entry = wb.vocabulary.add({ term: 'pause', category: 'signal', meaning: 'Would it help if we pause?' }, A);
    wb.vocabulary.setMeaning(entry.id, B, 'yes, 20 minutes');
    wb.inbox.add({ text: 'thank you', kind: 'appreciation' }, B);
    const json = wb.toJSON();
    expect(Object.keys(json)).toEqual([...SECTIONS]);
    expect(json.boundaries).toEqual([]);
    const meanings = json.vocabulary[0]!.meanings;
    expect(meanings).toHaveLength(2);
    expect(meanings).toContainEqual({ partnerId: A, name: 'Sam', text: 'Would it help if we pause?' });
    expect(meanings).toContainEqual({ partnerId: B, name: 'Partner', text: 'yes, 20 minutes' });
    expect(json.inbox[0]).toMatchObject({ text: 'thank you', by: 'Partner', kind: 'appreciation' });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('renders Markdown with a heading per section and keeps text from becoming structure', () => {
    const wb = new Workbook(new Y.Doc(), { now: () => Date.UTC(2025, 0, 2) });
    wb.members.setName(A, 'Sam');
    wb.inbox.add({ text: '# not a heading\n- not an item' }, A);
    const md = wb.toMarkdown();
    for (const title of ['## Vocabulary', '## Boundaries', '## Inbox']) expect(md).toContain(title);
    expect(md.match(/Nothing here yet\./g)).toHaveLength(SECTIONS.length - 1);
    expect(md).toContain('- A note from Sam, 2025-01-02 (New): \\# not a heading\n    \\- not an item');
    expect(md.split('\n').filter((l) => l.startsWith('#'))).toHaveLength(SECTIONS.length + 1);
  });

  it('notifies onChange for local and remote changes until unsubscribed', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const wb = new Workbook(b);
    let calls = 0;
    const stop = wb.onChange(() => calls++);
    wb.inbox.add({ text: 'local' }, B);
    new Workbook(a).inbox.add({ text: 'remote' }, A);
    sync(a, b);
    expect(calls).toBe(2);
    stop();
    wb.inbox.add({ text: 'after' }, B);
    expect(calls).toBe(2);
  });
});
