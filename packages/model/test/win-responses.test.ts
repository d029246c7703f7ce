import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workbook, mayRespond } from '@securebase/model';
import { A, B, exchange, expectInvalid, fixedClock, sync } from './helpers.js';

function couple() {
  const [da, db] = [new Y.Doc(), new Y.Doc()];
  const bindings = new Map([
    [da.clientID, A],
    [db.clientID, B],
  ]);
  const authorOfClient = (c: number): string | undefined => bindings.get(c);
  return { da, db, maya: new Workbook(da, { now: fixedClock(), authorOfClient }), jonah: new Workbook(db, { now: fixedClock(), authorOfClient }) };
}

describe('responses to a win', () => {
  it('the partner responds with a warm reaction or a word, under their own name; both see it', () => {
    const { da, db, maya, jonah } = couple();
    const win = maya.wins.add({ text: 'I said what I needed, calmly' }, A);
    exchange(da, db);
    jonah.wins.respond(win.id, B, { reaction: 'proud' });
    sync(db, da);
    expect(maya.wins.responses(win.id)).toMatchObject([{ by: B, reaction: 'proud', word: '' }]);
    // A later response replaces the earlier one: one each, no tally.
    jonah.wins.respond(win.id, B, { word: 'It made the evening' });
    sync(db, da);
    expect(maya.wins.responses(win.id)).toMatchObject([{ by: B, reaction: undefined, word: 'It made the evening' }]);
    jonah.wins.withdrawResponse(win.id, B);
    sync(db, da);
    expect(maya.wins.responses(win.id)).toEqual([]);
  });

  it('follows the ownership rule: nobody responds to their own win, the partner never edits it', () => {
    const { da, db, maya, jonah } = couple();
    const win = maya.wins.add({ text: 'We laughed again' }, A);
    exchange(da, db);
    expect(mayRespond('wins', B, A)).toBe(true);
    expect(mayRespond('wins', A, A)).toBe(false);
    expectInvalid(() => maya.wins.respond(win.id, A, { reaction: 'warmed' }), 'id', 'not-allowed');
    expectInvalid(() => jonah.wins.update(win.id, B, { text: 'Edited' }), 'id', 'not-allowed');
    expectInvalid(() => jonah.wins.respond(win.id, B, {}), 'word', 'required');
    expectInvalid(() => jonah.wins.respond(win.id, B, { word: 'w'.repeat(281) }), 'word', 'too-long');
    expect(maya.wins.get(win.id)?.text).toBe('We laughed again');
  });

  it('ignores a response written by someone other than the responder it names (a modified client)', () => {
    const { da, db, maya } = couple();
    const win = maya.wins.add({ text: 'A quiet morning' }, A);
    exchange(da, db);
    // Maya's modified client writes a "response from Jonah" straight into the document.
    (da.getMap('wins').get(win.id) as Y.Map<unknown>).set(`response:${B}`, { reaction: 'proud', word: 'Fake', at: 1 });
    expect(maya.wins.responses(win.id)).toEqual([]);
    // And one in her own name to her own win does not count either.
    (da.getMap('wins').get(win.id) as Y.Map<unknown>).set(`response:${A}`, { reaction: 'proud', word: '', at: 1 });
    expect(maya.wins.responses(win.id)).toEqual([]);
  });
});
