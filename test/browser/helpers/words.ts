/**
 * The app's words in each language, for tests that run a path in German or Spanish: a test names
 * a string by its English text (as every other browser test does), and gets the same message in
 * the other language from the catalogs, so the test does not restate translations and fails when
 * an English string is not in a catalog at all (hard-coded, never translated).
 *
 *   const de = await wordsIn('de');
 *   await page.getByRole('button', { name: de('Create our space') }).click();
 *   de('Back together in {time}', { time: '4:59' });
 */
import { AREA_PARTS, loadTranslator, type Area, type Language, type MessageKey } from '@securebase/i18n';

const WEB_AREAS: Area[] = ['core', 'pages', 'sections'];

/** Every English message of the web app's areas, by its text. */
async function englishKeys(): Promise<Map<string, MessageKey[]>> {
  const en = await loadTranslator('en', WEB_AREAS);
  const byText = new Map<string, MessageKey[]>();
  for (const area of WEB_AREAS)
    for (const part of AREA_PARTS[area]) {
      const kebab = part.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const module = (await import(`../../../packages/i18n/src/catalogs/en/${kebab}.ts`)) as Record<string, Record<string, string>>;
      for (const key of Object.keys(module[part] ?? {}) as MessageKey[]) {
        const text = en.t(key);
        byText.set(text, [...(byText.get(text) ?? []), key]);
      }
    }
  return byText;
}

/**
 * The text, or (when screens word the same English differently in this language, e.g. "Lock" as
 * a button and as a heading) a pattern that matches any of those wordings exactly.
 */
export type Say = (english: string, values?: Record<string, string | number>) => string | RegExp;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `say(english)`: the message whose English text is `english`, in `language`. */
export async function wordsIn(language: Language): Promise<Say & { untranslated: () => string[] }> {
  const byText = await englishKeys();
  const target = await loadTranslator(language, WEB_AREAS);
  const en = await loadTranslator('en', WEB_AREAS);
  const say = (english: string, values?: Record<string, string | number>): string | RegExp => {
    const keys = byText.get(english) ?? [...byText.entries()].find(([, k]) => k.some((key) => en.t(key, values) === english))?.[1];
    if (!keys?.length) throw new Error(`"${english}" is in no catalog: a hard-coded string, or its English changed`);
    const wordings = [...new Set(keys.map((key) => target.t(key, values)))];
    return wordings.length === 1 ? (wordings[0] ?? '') : new RegExp(`^(${wordings.map(escape).join('|')})$`);
  };
  return Object.assign(say, {
    /** English messages of some length that read differently in `language`: none may show on its pages. */
    untranslated: () => [...byText.entries()].filter(([text, keys]) => text.length >= 16 && !/[{}]/.test(text) && keys.every((k) => target.t(k) !== text)).map(([text]) => text),
  });
}
