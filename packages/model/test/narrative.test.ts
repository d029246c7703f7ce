import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NARRATIVE_PARTS, Workbook } from '@securebase/model';
import { renderFragment } from '@securebase/model/testing';
import { A, B, exchange, expectInvalid, fixedClock } from './helpers.js';

/** Builds content the way y-prosemirror stores a prosemirror-schema-basic/-list document. */
function text(parts: [string, Record<string, object>?][]): Y.XmlText {
  const t = new Y.XmlText();
  let at = 0;
  for (const [s, marks] of parts) {
    t.insert(at, s, marks ?? {});
    at += s.length;
  }
  return t;
}
function el(name: string, children: (Y.XmlElement | Y.XmlText)[], attrs: Record<string, string> = {}): Y.XmlElement {
  const e = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.insert(0, children);
  return e;
}

describe('narrative', () => {
  it('renders a perspective to plain text and Markdown: paragraphs, headings, bold/italic, lists, quotes', () => {
    const wb = new Workbook(new Y.Doc());
    const fragment = wb.narrative.perspectiveFragment('what-happened', A);
    fragment.insert(0, [
      el('heading', [text([['That winter']])], { level: '2' }),
      el('paragraph', [text([['I felt '], ['very', { strong: {} }], [' alone', { em: {} }], [', and # mid-line']])]),
      el('paragraph', [text([['# not a heading']])]),
      el('bullet_list', [
        el('list_item', [el('paragraph', [text([['late nights']])])]),
        el('list_item', [el('paragraph', [text([['the phone']])])]),
      ]),
      el('ordered_list', [el('list_item', [el('paragraph', [text([['first']])])])]),
      el('blockquote', [el('paragraph', [text([['you said: '], ['stay', { strong: {}, em: {} }]])])]),
      el('paragraph', [text([['line one']]), el('hard_break', []), text([['line two']])]),
      el('paragraph', []),
    ]);
    const { text: plain, markdown } = renderFragment(fragment);
    expect(markdown).toBe(
      [
        '## That winter',
        'I felt **very** *alone*, and # mid-line',
        '\\# not a heading',
        '- late nights\n- the phone',
        '1. first',
        '> you said: ***stay***',
        'line one\\\nline two',
      ].join('\n\n'),
    );
    expect(plain).toBe(
      ['That winter', 'I felt very alone, and # mid-line', '# not a heading', '- late nights\n- the phone', '1. first', 'you said: stay', 'line one\nline two'].join(
        '\n\n',
      ),
    );
    expect(wb.narrative.perspective('what-happened', A)).toEqual({ partnerId: A, text: plain, markdown });
  });

  it('keeps each partner’s perspective side by side and merges concurrent typing', () => {
    const [da, db] = [new Y.Doc(), new Y.Doc()];
    const [wa, wb] = [new Workbook(da), new Workbook(db)];
    // Both of A's devices start the same perspective offline: nothing is lost when they meet.
    const onA = wa.narrative.perspectiveFragment('unmet-needs', A);
    const onOtherDevice = wb.narrative.perspectiveFragment('unmet-needs', A);
    onA.insert(0, [el('paragraph', [text([['To be chosen.']])])]);
    onOtherDevice.insert(0, [el('paragraph', [text([['To be told.']])])]);
    wb.narrative.perspectiveFragment('unmet-needs', B).insert(0, [el('paragraph', [text([['To be trusted.']])])]);
    exchange(da, db);
    expect(wa.narrative.authors('unmet-needs')).toEqual([A, B]);
    expect(wa.narrative.authors('what-happened')).toEqual([]);
    const mine = wa.narrative.perspective('unmet-needs', A).text;
    expect(mine).toContain('To be chosen.');
    expect(mine).toContain('To be told.');
    expect(wa.narrative.list()).toEqual(wb.narrative.list());
    expect(wa.narrative.list().map((e) => e.part)).toEqual([...NARRATIVE_PARTS]);
  });

  it('acknowledges the other partner only, and only the author edits an acknowledgement', () => {
    const wb = new Workbook(new Y.Doc(), { now: fixedClock() });
    const ack = wb.narrative.acknowledge({ part: 'what-happened', of: A, text: ' I hear how alone you felt. ' }, B);
    expect(ack).toMatchObject({ part: 'what-happened', by: B, of: A, text: 'I hear how alone you felt.' });
    expect(wb.narrative.acknowledgements('what-happened')).toEqual([ack]);
    expect(wb.narrative.acknowledgements('unmet-needs')).toEqual([]);
    expectInvalid(() => wb.narrative.acknowledge({ part: 'what-happened', of: A, text: 'me' }, A), 'of', 'not-allowed');
    expectInvalid(() => wb.narrative.acknowledge({ part: 'chapter-9' as never, of: A, text: 'x' }, B), 'part', 'invalid-value');
    expectInvalid(() => wb.narrative.acknowledge({ part: 'what-happened', of: A, text: '' }, B), 'text', 'required');
    expectInvalid(() => wb.narrative.setAcknowledgementText(ack.id, A, 'rewritten'), 'id', 'not-allowed');
    expectInvalid(() => wb.narrative.removeAcknowledgement(ack.id, A), 'id', 'not-allowed');
    expectInvalid(() => wb.narrative.perspectiveFragment('nope' as never, A), 'part', 'invalid-value');
    wb.narrative.setAcknowledgementText(ack.id, B, 'I hear you.');
    expect(wb.narrative.acknowledgements()[0]!.text).toBe('I hear you.');
    wb.narrative.removeAcknowledgement(ack.id, B);
    expect(wb.narrative.acknowledgements()).toEqual([]);
  });

  it('exports perspectives quoted under their part, so their headings stay inside', () => {
    const wb = new Workbook(new Y.Doc());
    wb.members.setName(A, 'Sam');
    wb.narrative.perspectiveFragment('still-possible', A).insert(0, [el('heading', [text([['Hope']])], { level: '1' })]);
    wb.narrative.acknowledge({ part: 'still-possible', of: A, text: 'Me too' }, B);
    const json = wb.toJSON();
    expect(json.narrative).toHaveLength(1);
    expect(json.narrative[0]).toMatchObject({
      part: 'still-possible',
      perspectives: [{ partnerId: A, name: 'Sam', markdown: '# Hope', text: 'Hope' }],
      acknowledgements: [{ by: B, byName: 'Partner', of: A, ofName: 'Sam', text: 'Me too' }],
    });
    const md = wb.toMarkdown();
    expect(md).toContain('### What is still possible\n\nSam wrote:\n\n> # Hope\n');
    expect(md).toContain('- Partner acknowledged Sam: Me too');
  });
});
