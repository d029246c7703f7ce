import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PrivateWorkbook, Workbook, publishStoryDraft, reviseSharedStory, wordDiff } from '@securebase/model';
import { A, B, exchange, expectInvalid, fixedClock } from './helpers.js';

/** Writes paragraphs into a fragment the way y-prosemirror stores them. */
function writeParagraphs(fragment: Y.XmlFragment, paragraphs: string[]): void {
  fragment.insert(
    fragment.length,
    paragraphs.map((words) => {
      const p = new Y.XmlElement('paragraph');
      const t = new Y.XmlText();
      t.insert(0, words);
      p.insert(0, [t]);
      return p;
    }),
  );
}

function setup() {
  const clock = fixedClock();
  const mayaShared = new Workbook(new Y.Doc(), { now: clock });
  const jonahShared = new Workbook(new Y.Doc(), { now: clock });
  const mayaPrivate = new PrivateWorkbook(new Y.Doc(), { now: clock });
  return { mayaShared, jonahShared, mayaPrivate };
}

const KITCHEN = 'I read them standing in the kitchen.';

describe('story: compose in private, publish when ready', () => {
  it('a draft never reaches the shared document before it is published', () => {
    const { mayaShared, jonahShared, mayaPrivate } = setup();
    writeParagraphs(mayaPrivate.storyDrafts.fragment('what-happened'), [KITCHEN]);
    exchange(mayaShared.doc, jonahShared.doc);
    const sharedBytes = new TextDecoder().decode(Y.encodeStateAsUpdate(mayaShared.doc));
    expect(sharedBytes).not.toContain('kitchen');
    expect(jonahShared.narrative.perspective('what-happened', A).text).toBe('');
    expect(jonahShared.narrative.authors('what-happened')).toEqual([]);
    expect(mayaPrivate.storyDrafts.hasDraft('what-happened')).toBe(true);
  });

  it('publishing copies the draft into the shared perspective in one transaction and empties the draft', () => {
    const { mayaShared, jonahShared, mayaPrivate } = setup();
    const draft = mayaPrivate.storyDrafts.fragment('what-happened');
    writeParagraphs(draft, [KITCHEN, 'I could not breathe.']);
    let updates = 0;
    // One update: the partner receives the whole new text at once, or nothing of it.
    mayaShared.doc.on('update', () => updates++);
    expect(publishStoryDraft(mayaPrivate, mayaShared, 'what-happened', A)).toBe(1);
    expect(updates).toBe(1);
    exchange(mayaShared.doc, jonahShared.doc);
    expect(jonahShared.narrative.perspective('what-happened', A).text).toBe(`${KITCHEN}\n\nI could not breathe.`);
    expect(jonahShared.narrative.publishedRevision('what-happened', A)).toBe(1);
    expect(mayaPrivate.storyDrafts.hasDraft('what-happened')).toBe(false);
  });

  it('a revision starts from the shared words and replaces them when published', () => {
    const { mayaShared, mayaPrivate } = setup();
    writeParagraphs(mayaPrivate.storyDrafts.fragment('unmet-needs'), ['To be chosen.']);
    publishStoryDraft(mayaPrivate, mayaShared, 'unmet-needs', A);
    reviseSharedStory(mayaPrivate, mayaShared, 'unmet-needs', A);
    expect(mayaPrivate.storyDrafts.rendered('unmet-needs').text).toBe('To be chosen.');
    writeParagraphs(mayaPrivate.storyDrafts.fragment('unmet-needs'), ['To be told the truth.']);
    // Until published, the shared words are the old ones.
    expect(mayaShared.narrative.perspective('unmet-needs', A).text).toBe('To be chosen.');
    expect(publishStoryDraft(mayaPrivate, mayaShared, 'unmet-needs', A)).toBe(2);
    expect(mayaShared.narrative.perspective('unmet-needs', A).text).toBe('To be chosen.\n\nTo be told the truth.');
  });

  it('refuses to publish an empty draft, and nobody publishes as the other partner through the model', () => {
    const { mayaShared, mayaPrivate } = setup();
    expectInvalid(() => publishStoryDraft(mayaPrivate, mayaShared, 'what-happened', A), 'text', 'required');
    expect(mayaShared.narrative.publishedRevision('what-happened', A)).toBe(0);
  });
});

describe('story: acknowledgements follow edits', () => {
  it('an acknowledgement of an earlier revision says so, with a word diff of what changed', () => {
    const { mayaShared, jonahShared, mayaPrivate } = setup();
    writeParagraphs(mayaPrivate.storyDrafts.fragment('what-happened'), [KITCHEN]);
    publishStoryDraft(mayaPrivate, mayaShared, 'what-happened', A);
    exchange(mayaShared.doc, jonahShared.doc);
    const ack = jonahShared.narrative.acknowledge({ part: 'what-happened', of: A, text: 'I hear how alone you were.' }, B);
    expect(ack.revision).toBe(1);
    expect(jonahShared.narrative.changesSince(ack)).toBeUndefined();

    exchange(mayaShared.doc, jonahShared.doc);
    reviseSharedStory(mayaPrivate, mayaShared, 'what-happened', A);
    writeParagraphs(mayaPrivate.storyDrafts.fragment('what-happened'), ['Then I called my sister.']);
    publishStoryDraft(mayaPrivate, mayaShared, 'what-happened', A);
    exchange(mayaShared.doc, jonahShared.doc);

    const [seen] = jonahShared.narrative.acknowledgements('what-happened');
    expect(seen?.revision).toBe(1);
    const since = jonahShared.narrative.changesSince(seen!);
    expect(since?.acknowledged).toBe(1);
    expect(since?.current).toBe(2);
    expect(since?.changes).toEqual([
      { kind: 'same', text: KITCHEN },
      { kind: 'added', text: '\n\nThen I called my sister.' },
    ]);
    // Maya sees the same from her side.
    expect(mayaShared.narrative.changesSince(mayaShared.narrative.acknowledgements('what-happened')[0]!)?.current).toBe(2);
  });

  it('words written before revisions existed count as revision 0 and stay diffable', () => {
    const { mayaShared, jonahShared, mayaPrivate } = setup();
    writeParagraphs(mayaShared.narrative.perspectiveFragment('still-possible', A), ['Sundays together.']);
    exchange(mayaShared.doc, jonahShared.doc);
    const ack = jonahShared.narrative.acknowledge({ part: 'still-possible', of: A, text: 'I want that too.' }, B);
    expect(ack.revision).toBe(0);
    exchange(mayaShared.doc, jonahShared.doc);
    reviseSharedStory(mayaPrivate, mayaShared, 'still-possible', A);
    mayaPrivate.storyDrafts.fragment('still-possible').delete(0, 1);
    writeParagraphs(mayaPrivate.storyDrafts.fragment('still-possible'), ['Saturdays together.']);
    publishStoryDraft(mayaPrivate, mayaShared, 'still-possible', A);
    exchange(mayaShared.doc, jonahShared.doc);
    expect(jonahShared.narrative.changesSince(ack)?.changes).toEqual([
      { kind: 'removed', text: 'Sundays' },
      { kind: 'added', text: 'Saturdays' },
      { kind: 'same', text: ' together.' },
    ]);
  });
});

describe('wordDiff', () => {
  it('keeps every word of both texts, in order', () => {
    const before = 'one two three four five';
    const after = 'zero one three four six five';
    const diff = wordDiff(before, after);
    expect(diff.filter((c) => c.kind !== 'added').map((c) => c.text).join('')).toBe(before);
    expect(diff.filter((c) => c.kind !== 'removed').map((c) => c.text).join('')).toBe(after);
    expect(wordDiff('same', 'same')).toEqual([{ kind: 'same', text: 'same' }]);
    expect(wordDiff('', 'new words')).toEqual([{ kind: 'added', text: 'new words' }]);
  });
});
