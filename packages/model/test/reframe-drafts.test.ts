import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PrivateWorkbook, Workbook, shareReframeDraft } from '@securebase/model';
import { A, B, exchange, expectInvalid, fixedClock } from './helpers.js';

describe('private reframes', () => {
  it('a private reframe stays out of the shared workbook until it is shared, then is copied once', () => {
    const clock = fixedClock();
    const maya = new Workbook(new Y.Doc(), { now: clock });
    const jonah = new Workbook(new Y.Doc(), { now: clock });
    const mine = new PrivateWorkbook(new Y.Doc(), { now: clock });
    const draft = mine.reframeDrafts.add({ thought: 'I’m unlovable.', evidence: 'He stayed up to talk.', reframe: 'I was loved today.' });
    exchange(maya.doc, jonah.doc);
    expect(jonah.reframes.list()).toEqual([]);
    expect(new TextDecoder().decode(Y.encodeStateAsUpdate(maya.doc))).not.toContain('unlovable');

    const shared = shareReframeDraft(mine, maya, draft.id, A);
    exchange(maya.doc, jonah.doc);
    expect(jonah.reframes.list()).toEqual([shared]);
    expect(shared).toMatchObject({ thought: 'I’m unlovable.', evidence: 'He stayed up to talk.', reframe: 'I was loved today.', by: A });
    expect(mine.reframeDrafts.get(draft.id)?.shared?.sharedId).toBe(shared.id);
    expectInvalid(() => shareReframeDraft(mine, maya, draft.id, A), 'id', 'not-allowed');
    expect(jonah.reframes.list()).toHaveLength(1);
    // The other partner cannot remove what was shared (the shared reframe is its author's).
    expectInvalid(() => jonah.reframes.remove(shared.id, B), 'id', 'not-allowed');
  });

  it('private reframes and unshared story drafts are in the person’s own export, so leaving loses nothing', () => {
    const mine = new PrivateWorkbook(new Y.Doc(), { now: fixedClock() });
    mine.reframeDrafts.add({ thought: 'Nothing I do is enough.', reframe: 'We paused tonight.' });
    const paragraph = new Y.XmlElement('paragraph');
    const words = new Y.XmlText();
    words.insert(0, 'Not ready to share this.');
    paragraph.insert(0, [words]);
    mine.storyDrafts.fragment('unmet-needs').insert(0, [paragraph]);
    const data = mine.toJSON();
    expect(data.reframes.map((r) => r.thought)).toEqual(['Nothing I do is enough.']);
    expect(data.storyDrafts).toEqual([{ part: 'unmet-needs', text: 'Not ready to share this.', markdown: 'Not ready to share this.' }]);
    const md = mine.toMarkdown();
    expect(md).toContain('## Private reframes');
    expect(md).toContain('Nothing I do is enough. → reframe: We paused tonight.');
    expect(md).toContain('### The needs that went unmet\n\nNot ready to share this.');
  });
});
