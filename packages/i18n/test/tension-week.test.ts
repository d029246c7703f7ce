/**
 * The weekly tension summary in each language: the catalog's English equals the model's own
 * English for every week there can be (the model's words are what the CLI and older notes say),
 * and German and Spanish word every week without a stray ICU argument.
 */
import { describe, expect, it } from 'vitest';
import { englishTensionWeek, type TensionWeek } from '@securebase/model';
import { loadTranslator, type Language } from '../src/index.js';

const WEEKS: TensionWeek[] = (['calm', 'tense', 'hard'] as const).flatMap((most) => [
  { most, hard: 'none' as const },
  ...(['morning', 'afternoon', 'evening', 'night'] as const).map((hardAt) => ({ most, hard: 'one' as const, hardAt })),
  { most, hard: 'two' as const },
  { most, hard: 'few' as const },
]);

const words = async (language: Language, week: TensionWeek): Promise<string> =>
  (await loadTranslator(language, ['pages'])).t('moments.tensionWeek', { most: week.most, hard: week.hard, hardAt: week.hardAt ?? 'none' });

describe('the weekly tension summary', () => {
  it('reads in English exactly as the model writes it', async () => {
    for (const week of WEEKS) expect(await words('en', week)).toBe(englishTensionWeek(week));
  });

  it('has words for every week in German and Spanish', async () => {
    const de = new Set<string>();
    for (const week of WEEKS) {
      for (const language of ['de', 'es'] as const) expect(await words(language, week)).toMatch(/^[^{}#]+\.$/);
      de.add(await words('de', week));
    }
    expect(await words('de', { most: 'calm', hard: 'one', hardAt: 'night' })).toBe('Diese Woche: überwiegend ruhig, eine schwere Nacht.');
    expect(de.size).toBe(WEEKS.length);
  });
});
