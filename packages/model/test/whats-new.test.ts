import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workbook, checkinTopics, decodeLastLooked, lastLookedMarker, whatsNew } from '@securebase/model';
import { A, B, exchange, fixedClock, sync } from './helpers.js';

/** Maya (A) and Jonah (B), each on their own replica, with the verified client binding. */
function couple() {
  const [da, db] = [new Y.Doc(), new Y.Doc()];
  const bindings = new Map([
    [da.clientID, A],
    [db.clientID, B],
  ]);
  const authorOfClient = (c: number): string | undefined => bindings.get(c);
  return {
    da,
    db,
    maya: new Workbook(da, { now: fixedClock(), authorOfClient }),
    // Jonah's clock is far behind Maya's: "new" must not depend on it.
    jonah: new Workbook(db, { now: fixedClock(1_000_000_000_000), authorOfClient }),
  };
}

describe('whatsNew', () => {
  it('shows exactly what arrived from the partner since this device last looked, and nothing after looking', () => {
    const { da, db, maya, jonah } = couple();
    const mine = maya.wins.add({ text: 'We walked after dinner' }, A);
    const mayasNote = maya.inbox.add({ text: 'My own note' }, A);
    exchange(da, db);
    // Maya looks: nothing new from Jonah yet.
    let seen = decodeLastLooked(lastLookedMarker(da));
    expect(whatsNew(maya, A, seen).total).toBe(0);

    const note = jonah.inbox.add({ text: 'Thank you for Sunday', kind: 'appreciation' }, B);
    const win = jonah.wins.add({ text: 'I asked instead of assuming' }, B);
    jonah.wins.respond(mine.id, B, { reaction: 'warmed', word: 'Me too' });
    const story = new Y.Doc().getXmlFragment('draft');
    story.insert(0, [new Y.XmlText('It started in March.')]);
    jonah.narrative.publish('what-happened', B, story);
    sync(db, da);
    const news = whatsNew(maya, A, seen);
    expect(news.notes.map((n) => n.id)).toEqual([note.id]);
    expect(news.wins.map((w) => w.id)).toEqual([win.id]);
    expect(news.winResponses.map((r) => [r.win.id, r.response.reaction, r.response.word])).toEqual([[mine.id, 'warmed', 'Me too']]);
    expect(news.stories).toEqual([{ part: 'what-happened', by: B, revision: 1 }]);
    expect(news.total).toBe(4);
    // Jonah sees none of his own writing as new, only Maya's.
    expect(whatsNew(jonah, B, new Map()).notes.map((n) => n.id)).toEqual([mayasNote.id]);

    // After looking, the same things are no longer new; the next one is.
    seen = decodeLastLooked(lastLookedMarker(da));
    expect(whatsNew(maya, A, seen).total).toBe(0);
    const ack = jonah.narrative.acknowledge({ part: 'what-happened', of: A, text: 'I hear how lonely it was' }, B);
    sync(db, da);
    expect(whatsNew(maya, A, seen)).toMatchObject({ total: 1, acknowledgements: [{ id: ack.id }] });
  });

  it('shows a check-in waiting for you until you answer it', () => {
    const { da, db, maya, jonah } = couple();
    const seen = decodeLastLooked(lastLookedMarker(da));
    const c = maya.checkins.create({ date: '2025-03-02' }, A);
    exchange(da, db);
    expect(whatsNew(maya, A, seen).checkinsWaiting).toEqual([]);
    jonah.checkins.setEntry(c.id, B, { safety: 4, closeness: 3, stress: 2, appreciation: '', need: '' });
    sync(db, da);
    expect(whatsNew(maya, A, seen).checkinsWaiting.map((x) => x.id)).toEqual([c.id]);
    maya.checkins.setEntry(c.id, A, { safety: 4, closeness: 4, stress: 2, appreciation: '', need: '' });
    expect(whatsNew(maya, A, seen).checkinsWaiting).toEqual([]);
  });

  it('counts a note written offline long ago as new when it arrives, and ignores a removed one', () => {
    const { da, db, maya, jonah } = couple();
    const old = jonah.inbox.add({ text: 'Written on the train, offline' }, B);
    const gone = jonah.inbox.add({ text: 'Never mind' }, B);
    jonah.inbox.remove(gone.id, B);
    const seen = decodeLastLooked(lastLookedMarker(da));
    sync(db, da);
    expect(whatsNew(maya, A, seen).notes.map((n) => n.id)).toEqual([old.id]);
    // An empty marker (this device never looked) makes everything from the partner new.
    expect(whatsNew(maya, A, decodeLastLooked(undefined)).notes.map((n) => n.id)).toEqual([old.id]);
  });
});

describe('inbox notes for the next check-in', () => {
  it('either partner marks a note for the next check-in; discussed takes it off; the words stay the writer’s', () => {
    const { da, db, maya, jonah } = couple();
    const topic = maya.inbox.add({ text: 'Holidays with my family', kind: 'checkin' }, A);
    const note = maya.inbox.add({ text: 'The late messages', kind: 'need' }, A);
    exchange(da, db);
    expect(checkinTopics(jonah).map((n) => n.id)).toEqual([topic.id]);
    jonah.inbox.markForCheckin(note.id, B, true);
    sync(db, da);
    expect(checkinTopics(maya).map((n) => n.id)).toEqual([topic.id, note.id]);
    maya.inbox.setStatus(topic.id, 'discussed');
    expect(checkinTopics(maya).map((n) => n.id)).toEqual([note.id]);
    maya.inbox.markForCheckin(note.id, A, false);
    expect(checkinTopics(maya)).toEqual([]);
    expect(maya.inbox.get(note.id)?.text).toBe('The late messages');
  });
});
