/**
 * The Markdown export's frame in the reader's language: `renderMarkdown(data, words)` takes its
 * headings, labels and phrases from `words`, while what the partners wrote stays as written.
 *
 *   npx vitest run packages/model/test/export-words.test.ts
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ENGLISH_MARKDOWN_WORDS, Workbook, renderMarkdown, type MarkdownWords } from '@securebase/model';
import { A, B } from './helpers.js';

const GERMAN: MarkdownWords = {
  ...ENGLISH_MARKDOWN_WORDS,
  title: 'Unser Secure-Base-Arbeitsbuch',
  section: (s) => ({ vocabulary: 'Unsere Worte', agreements: 'Vereinbarungen', wins: 'Kleine Erfolge', inbox: 'Eingang' })[s as string] ?? `[${s}]`,
  empty: 'Hier steht noch nichts.',
  category: (c) => (c === 'signal' ? 'Pausenzeichen' : c),
  agreementKind: (k) => (k === 'de-escalation' ? 'Deeskalations-Plan' : k),
  notAffirmed: 'noch nicht bekräftigt',
  fieldLabel: (_kind, field) => (field === 'steps' ? 'Unsere Schritte' : field),
  win: () => 'Kleine Reparatur',
  inbox: (_kind, name) => `Ein Auslöser, den ${name} bemerkt hat`,
  inboxStatus: () => 'Neu',
  date: () => '2. März 2025',
};

function filled(): Workbook {
  const wb = new Workbook(new Y.Doc(), { now: () => Date.UTC(2025, 2, 2) });
  wb.members.setName(A, 'Jonah');
  wb.members.setName(B, 'Maya');
  wb.vocabulary.add({ term: 'Red card', category: 'signal', meaning: 'I need twenty minutes.' }, A);
  wb.agreements.add({ kind: 'de-escalation', fields: { steps: ['Say the pause word', 'Breathe for a minute'] } }, A);
  wb.wins.add({ text: 'We laughed', kind: 'micro-repair' }, B);
  wb.inbox.add({ text: 'The phone at dinner', kind: 'trigger' }, B);
  return wb;
}

describe('the Markdown export in the reader’s language', () => {
  it('is English by default, exactly the workbook’s own rendering', () => {
    const wb = filled();
    expect(renderMarkdown(wb.toJSON({ viewer: A }))).toBe(wb.toMarkdown({ viewer: A }));
    expect(renderMarkdown(wb.toJSON({ viewer: A }), ENGLISH_MARKDOWN_WORDS)).toBe(wb.toMarkdown({ viewer: A }));
  });

  it('takes the frame from German words and keeps the partners’ words as written', () => {
    const md = renderMarkdown(filled().toJSON({ viewer: A }), GERMAN);
    expect(md.startsWith('# Unser Secure-Base-Arbeitsbuch\n')).toBe(true);
    for (const german of [
      '## Unsere Worte',
      '- **Red card** (Pausenzeichen)',
      '  - Jonah: I need twenty minutes.',
      '(Deeskalations-Plan), noch nicht bekräftigt',
      '  - Unsere Schritte:\n    1. Say the pause word\n    2. Breathe for a minute',
      '- Kleine Reparatur, 2. März 2025: We laughed',
      '- Ein Auslöser, den Maya bemerkt hat, 2. März 2025 (Neu): The phone at dinner',
      'Hier steht noch nichts.',
    ]) {
      expect(md, german).toContain(german);
    }
    for (const english of ['Our Secure Base workbook', 'Vocabulary', 'pause signal', 'Our steps', 'Nothing here yet.', 'A trigger Maya noticed', '2025-03-02']) {
      expect(md, english).not.toContain(english);
    }
  });
});
