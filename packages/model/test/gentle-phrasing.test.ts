// The phrasing helper (issue 17, part 4): a blaming "you always / you never" sentence is offered
// back as "When…, I felt…, and I need…", keeping the person's own words for what happened; a
// sentence without blame, or a compliment, gets no offer; the couple's own feeling and need words
// are offered for the blanks.
import { describe, expect, it } from 'vitest';
import { PHRASING_BLANK, fillPhrasingBlank, phrasingWords, suggestGentlePhrasing, type VocabularyEntry } from '@securebase/model';

const offer = (text: string): string | undefined => suggestGentlePhrasing(text)?.suggestion;

describe('suggestGentlePhrasing', () => {
  it.each([
    ['You never listen to me when I talk about work', "When I hoped you would listen to me when I talk about work and you didn't, I felt …, and I need …."],
    ['you always interrupt me!!!', 'When you interrupt me, I felt …, and I need ….'],
    ["You're always late.", "When you're late, I felt …, and I need …."],
    ['You are never on time', "When I hoped you would be on time and you weren't, I felt …, and I need …."],
    ["You don't ever ask how my day was?", "When I hoped you would ask how my day was and you didn't, I felt …, and I need …."],
    ['Every time you come home late', 'When you come home late, I felt …, and I need ….'],
    ['You keep checking your phone at dinner', "When you're checking your phone at dinner, I felt …, and I need …."],
    ['But you always pick the film', 'When you pick the film, I felt …, and I need ….'],
  ])('offers a gentler shape for %j', (text, expected) => {
    expect(offer(text)).toBe(expected);
  });

  it('keeps one moment: a second complaint is not carried over', () => {
    expect(offer('You never call and you always forget')).toBe("When I hoped you would call and you didn't, I felt …, and I need ….");
    expect(offer('You always constantly interrupt me')).toBe('When you interrupt me, I felt …, and I need ….');
  });

  it('finds the blaming sentence among others, and offers only the first', () => {
    const result = suggestGentlePhrasing('I had a long day. You never help with dinner! You always leave the dishes.');
    expect(result?.noticed).toBe('You never');
    expect(result?.sentence).toBe('You never help with dinner!');
    expect(result?.suggestion).toBe("When I hoped you would help with dinner and you didn't, I felt …, and I need ….");
  });

  it('passes over a sentence the person kept as written, whatever its closing punctuation', () => {
    const first = suggestGentlePhrasing('You always pick the film');
    expect(first?.key).toBe('you always pick the film');
    const next = suggestGentlePhrasing('You always pick the film! You never ask me', new Set([first?.key ?? '']));
    expect(next?.suggestion).toBe("When I hoped you would ask me and you didn't, I felt …, and I need ….");
    expect(suggestGentlePhrasing('you always pick the film.', new Set([first?.key ?? '']))).toBeUndefined();
  });

  it('points at the feeling blank', () => {
    const result = suggestGentlePhrasing('You always walk away');
    expect(result && result.suggestion.slice(result.feelingAt, result.feelingAt + 1)).toBe(PHRASING_BLANK);
    expect(result?.suggestion.indexOf('I felt')).toBeLessThan(result?.feelingAt ?? -1);
  });

  it.each([
    'I felt alone last night and I need us to talk.',
    'Thank you, you always make me laugh',
    'I always forget my keys',
    'you never',
    'You always!',
    '',
    'Do you ever think about the trip?',
  ])('leaves %j alone', (text) => {
    expect(suggestGentlePhrasing(text)).toBeUndefined();
  });

  it('leaves an overlong sentence alone', () => {
    expect(suggestGentlePhrasing(`You always ${'talk '.repeat(100)}`)).toBeUndefined();
  });
});

describe('phrasingWords', () => {
  const entry = (term: string, category: VocabularyEntry['category'], createdAt: number): VocabularyEntry => ({
    id: `id-${term}`,
    term,
    category,
    meanings: {},
    createdBy: 'p1',
    createdAt,
    updatedAt: createdAt,
  });

  it('offers the newest few emotion and need words, once each', () => {
    const words = phrasingWords([
      entry('flooded', 'emotion', 1),
      entry('lonely', 'emotion', 5),
      entry('reassurance', 'need', 2),
      entry('space', 'need', 3),
      entry('orange', 'signal', 9),
      entry('lonely', 'emotion', 6),
      entry('tender', 'emotion', 4),
      entry('hurt', 'emotion', 7),
      entry('seen', 'emotion', 8),
    ]);
    expect(words).toEqual({ feelings: ['seen', 'hurt', 'lonely', 'tender'], needs: ['space', 'reassurance'] });
  });
});

describe('fillPhrasingBlank', () => {
  it('fills each blank once, and leaves a filled one as the person wrote it', () => {
    const shaped = 'When you interrupt me, I felt …, and I need ….';
    const felt = fillPhrasingBlank(shaped, 'feeling', 'small');
    expect(felt).toBe('When you interrupt me, I felt small, and I need ….');
    expect(fillPhrasingBlank(felt, 'need', 'to finish my sentence')).toBe('When you interrupt me, I felt small, and I need to finish my sentence.');
    expect(fillPhrasingBlank(felt, 'feeling', 'hurt')).toBe(felt);
  });
});
