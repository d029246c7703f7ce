// The CLI's Markdown frame: in English exactly the model's own words (so `export --format md`
// prints what it always did), and in German and Spanish every phrase from the catalog, with
// what the partners wrote left as written.
import { describe, expect, it } from 'vitest';
import { ENGLISH_MARKDOWN_WORDS, renderMarkdown, type WorkbookExport } from '@securebase/model';
import { markdownWords } from '../src/commands/export.js';
import { speak } from '../src/words.js';

const day = Date.UTC(2025, 2, 2);
// Every branch of the rendering: both names, one, none; simultaneous and not; every kind of note.
const data = {
  vocabulary: [{ term: 'red card', category: 'signal', meanings: [{ name: 'Sam', text: 'twenty minutes' }] }],
  boundaries: [{ topic: 'Late talks', hasNo: true, answers: [{ name: 'Sam', preference: 'not-now', note: 'sleep' }, { name: 'Alex', preference: 'yes' }] }],
  narrative: [
    {
      part: 'unmet-needs',
      perspectives: [{ name: 'Alex', markdown: 'It started in spring.' }],
      acknowledgements: [{ byName: 'Sam', ofName: 'Alex', text: 'I hear you' }],
    },
  ],
  agreements: [
    { kind: 'check-in-rhythm', title: 'Our rhythm', fields: { cadence: 'twice-weekly', day: 'sunday', time: '19:00' }, signedBy: [{ name: 'Sam' }, { name: 'Alex' }] },
    { kind: 'time-out', title: 'Pause', fields: { signal: 'T', returnAfterMinutes: 20, selfSoothing: 'walk' }, signedBy: [] },
    { kind: 'de-escalation', title: 'Steps', fields: { steps: ['Pause', 'Breathe'] }, signedBy: [{ name: 'Alex' }] },
  ],
  triggers: [
    { trigger: 'Phone', whatHappens: 'I spiral', agreedResponse: 'Show it', responseAgreedBy: [{ name: 'Sam' }, { name: 'Alex' }] },
    { trigger: 'Late', agreedResponse: 'Text me', responseAgreedBy: [{ name: 'Alex' }] },
    { trigger: 'Quiet', agreedResponse: 'Ask', responseAgreedBy: [] },
  ],
  checkins: [
    { date: '2025-03-02', reveal: 'simultaneous', entries: [{ name: 'Sam', safety: 4, closeness: 3, stress: 2, appreciation: 'tea', need: 'rest' }] },
    { date: '2025-03-09', reveal: 'open', entries: [] },
  ],
  wins: [{ kind: 'win', text: 'We laughed', createdAt: day }],
  reframes: [{ thought: 'You hide things', evidence: 'Once', reframe: 'You were scared' }],
  inbox: (['appreciation', 'trigger', 'need', 'checkin', 'other'] as const).map((kind, i) => ({
    kind,
    by: 'Alex',
    text: `note ${i}`,
    status: (['new', 'discussed', 'keep', 'archived', 'new'] as const)[i],
    createdAt: day,
  })),
} as unknown as WorkbookExport;

describe('the CLI’s Markdown words', () => {
  it('are the model’s English words exactly, in English', async () => {
    await speak('en');
    expect(renderMarkdown(data, markdownWords())).toBe(renderMarkdown(data, ENGLISH_MARKDOWN_WORDS));
  });

  it('speak German and Spanish around the partners’ words, with no message missing', async () => {
    const english = renderMarkdown(data, ENGLISH_MARKDOWN_WORDS);
    await speak('de');
    const german = renderMarkdown(data, markdownWords());
    await speak('es');
    const spanish = renderMarkdown(data, markdownWords());
    await speak('en');
    expect(german).toContain('# Unser Secure-Base-Arbeitsbuch');
    expect(german).toContain('  - Sam: Sicherheit 4/5, Nähe 3/5, Stress 2/5');
    expect(german).toContain('  - Wie oft: Zweimal pro Woche\n  - Tag: Sonntag');
    expect(german).toContain('bekräftigt von Sam und Alex');
    expect(spanish).toContain('# Nuestro cuaderno de Secure Base');
    expect(spanish).toContain('- Un agradecimiento de Alex, 2025-03-02 (Nueva): note 0');
    for (const md of [german, spanish]) {
      expect(md).not.toContain('cli.md.');
      expect(md).not.toBe(english);
      for (const written of ['red card', 'twenty minutes', 'It started in spring.', 'I hear you', '1. Pause', 'Show it', 'Text me', 'tea', 'rest', 'We laughed', 'You were scared', 'note 4']) {
        expect(md, written).toContain(written);
      }
    }
  });
});
