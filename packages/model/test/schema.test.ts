import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION, Workbook } from '@securebase/model';
import { isNewerSchema, migrateWorkbook } from '@securebase/model/testing';
import { A, B, exchange, expectInvalid } from './helpers.js';

/** A document exactly as a schema-1 app wrote it (vocabulary, inbox without updatedAt, names). */
function schemaOneDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const s of ['vocabulary', 'boundaries', 'narrative', 'agreements', 'triggers', 'checkins', 'wins', 'reframes', 'inbox']) doc.getMap(s);
    doc.getMap('meta').set('schemaVersion', 1);
    const term = new Y.Map<unknown>();
    const meanings = new Y.Map<unknown>();
    meanings.set(A, 'too much at once');
    for (const [k, v] of Object.entries({ term: 'flooded', category: 'emotion', meanings, createdBy: A, createdAt: 10, updatedAt: 11 })) term.set(k, v);
    doc.getMap('vocabulary').set('term-1', term);
    const note = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ text: 'thank you', kind: 'appreciation', status: 'keep', createdBy: B, createdAt: 20 })) note.set(k, v);
    doc.getMap('inbox').set('note-1', note);
    doc.getMap('members').set(A, 'Sam');
  });
  return doc;
}

describe('schema version 2', () => {
  it('migrates a schema-1 document, keeping every item', () => {
    const doc = schemaOneDoc();
    const wb = new Workbook(doc);
    expect(wb.schemaVersion).toBe(1);
    // Reading a v1 document works before migration (updatedAt falls back to createdAt).
    expect(wb.inbox.get('note-1')!.updatedAt).toBe(20);
    expect(migrateWorkbook(doc)).toEqual({ from: 1, to: 2, changed: true });
    expect(wb.schemaVersion).toBe(SCHEMA_VERSION);
    expect((doc.getMap('inbox').get('note-1') as Y.Map<unknown>).get('updatedAt')).toBe(20);
    expect(wb.inbox.list()).toEqual([
      { id: 'note-1', text: 'thank you', kind: 'appreciation', status: 'keep', createdBy: B, createdAt: 20, updatedAt: 20 },
    ]);
    expect(wb.vocabulary.get('term-1')).toMatchObject({ term: 'flooded', meanings: { [A]: 'too much at once' } });
    expect(wb.members.name(A)).toBe('Sam');
    expect(migrateWorkbook(doc)).toEqual({ from: 2, to: 2, changed: false });
  });

  it('migrates on the first write, and two partners migrating at once converge', () => {
    const da = schemaOneDoc();
    const db = new Y.Doc();
    exchange(da, db);
    new Workbook(da).wins.add({ text: 'first v2 write' }, A);
    new Workbook(db).inbox.setStatus('note-1', 'discussed');
    exchange(da, db);
    expect(Y.encodeStateVector(da)).toEqual(Y.encodeStateVector(db));
    const [wa, wb] = [new Workbook(da), new Workbook(db)];
    expect(wa.schemaVersion).toBe(2);
    expect(wa.toJSON()).toEqual(wb.toJSON());
    expect(wa.inbox.get('note-1')!.status).toBe('discussed');
  });

  it('leaves an empty document untouched and stamps the version on first write', () => {
    const doc = new Y.Doc();
    expect(migrateWorkbook(doc)).toEqual({ from: undefined, to: undefined, changed: false });
    const wb = new Workbook(doc);
    wb.triggers.add({ trigger: 'x' }, A);
    expect(wb.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('refuses to write to a document from a newer app, and writes nothing', () => {
    const doc = new Y.Doc();
    const wb = new Workbook(doc);
    doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    expect(wb.isNewerSchema).toBe(true);
    expect(isNewerSchema(doc)).toBe(true);
    const before = Y.encodeStateVector(doc);
    expectInvalid(() => wb.inbox.add({ text: 'hi' }, A), 'schemaVersion', 'newer-schema');
    expectInvalid(() => wb.boundaries.add({ topic: 'x' }, A), 'schemaVersion', 'newer-schema');
    expectInvalid(() => wb.members.setName(A, 'Sam'), 'schemaVersion', 'newer-schema');
    expectInvalid(() => migrateWorkbook(doc), 'schemaVersion', 'newer-schema');
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(wb.inbox.list()).toEqual([]);
  });
});
