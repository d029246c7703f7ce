/**
 * The Markdown export is a page a couple keeps (issue 11, finding 8): a de-escalation script's
 * steps stay on separate numbered lines, fields keep their labels, and no internal value
 * ("sunday", "(signal)", "trigger from Maya") is shown where a readable name belongs.
 *
 *   npx vitest run packages/model/test/export-readable.test.ts
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workbook } from '@securebase/model';
import { A, B } from './helpers.js';

function filled(): Workbook {
  const wb = new Workbook(new Y.Doc(), { now: () => Date.UTC(2025, 2, 2) });
  wb.members.setName(A, 'Jonah');
  wb.members.setName(B, 'Maya');
  wb.vocabulary.add({ term: 'Red card', category: 'signal', meaning: 'I need twenty minutes.' }, A);
  wb.agreements.add({ kind: 'de-escalation', fields: { steps: ['Say the pause word', 'Breathe for a minute', 'Come back and listen'] } }, A);
  wb.agreements.add({ kind: 'check-in-rhythm', fields: { cadence: 'twice-weekly', day: 'sunday', time: '19:00' } }, A);
  wb.wins.add({ text: 'We laughed', kind: 'micro-repair' }, B);
  wb.inbox.add({ text: 'The phone at dinner', kind: 'trigger' }, B);
  return wb;
}

describe('Markdown export worth keeping', () => {
  it('keeps each step of a de-escalation script on its own numbered line under its label', () => {
    const md = filled().toMarkdown({ viewer: A });
    expect(md).toContain('  - Our steps:\n    1. Say the pause word\n    2. Breathe for a minute\n    3. Come back and listen');
  });

  it('shows readable names, never internal labels', () => {
    const md = filled().toMarkdown({ viewer: A });
    for (const internal of ['sunday', 'twice-weekly', '(signal)', 'trigger from', '[micro-repair]', '[new]', '[unread]']) {
      expect(md, internal).not.toContain(internal);
    }
    for (const readable of ['Day: Sunday', 'How often: Twice a week', '**Red card** (pause signal)', 'A trigger Maya noticed', 'Micro-repair']) {
      expect(md, readable).toContain(readable);
    }
  });
});
