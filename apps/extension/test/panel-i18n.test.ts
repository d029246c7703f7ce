/**
 * The quick-note panel's words are complete in every language: each key the panel's source asks
 * for (every `t('…')` call) is in every catalog, the catalogs have the same keys, and each
 * message has the same `{{variables}}` in every language (a translation that drops `{{partner}}`
 * would lose a name; one that adds a variable would print it raw).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOGS, LANGUAGES } from '@securebase/i18n';

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every key in a `t('…')` call in the panel's sources, with the file it is in. */
function keysUsed(): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of readdirSync(SRC).filter((f) => /\.tsx?$/.test(f))) {
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const match of text.matchAll(/\bt\(\s*(['"`])([^'"`]+)\1/g)) used.set(match[2] ?? '', file);
  }
  return used;
}

const variables = (message: string): string[] => [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

describe('panel catalogs', () => {
  it('the scan finds the panel’s keys', () => {
    // Guards the scan itself: a regex that matched nothing would make the next test pass vacuously.
    expect(keysUsed().size).toBeGreaterThan(80);
  });

  for (const language of LANGUAGES) {
    it(`${language}: every key the panel uses is there (plurals as _one and _other)`, () => {
      const catalog: Record<string, string> = CATALOGS[language];
      const missing = [...keysUsed()]
        .filter(([key]) => !(key in catalog) && !(`${key}_one` in catalog && `${key}_other` in catalog))
        .map(([key, file]) => `${key} (${file})`);
      expect(missing).toEqual([]);
    });
  }

  it('all catalogs have the same keys', () => {
    const english = Object.keys(CATALOGS.en).sort();
    for (const language of LANGUAGES) expect(Object.keys(CATALOGS[language]).sort(), language).toEqual(english);
  });

  it('each message has the same variables in every language', () => {
    const english: Record<string, string> = CATALOGS.en;
    for (const language of LANGUAGES) {
      const catalog: Record<string, string> = CATALOGS[language];
      const differ = Object.keys(english).filter((key) => variables(catalog[key] ?? '').join() !== variables(english[key] ?? '').join());
      expect(differ, language).toEqual([]);
    }
  });

  it('no message is empty, and plural forms come in pairs', () => {
    for (const language of LANGUAGES) {
      const catalog: Record<string, string> = CATALOGS[language];
      expect(Object.entries(catalog).filter(([, m]) => m.trim() === '').map(([k]) => k), language).toEqual([]);
      const plurals = Object.keys(catalog).filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, ''));
      for (const base of plurals) expect([`${base}_one` in catalog, `${base}_other` in catalog], `${language}: ${base}`).toEqual([true, true]);
    }
  });
});
