/**
 * The translator: the chosen language, plurals through Intl.PluralRules (ICU `plural`), no HTML
 * escaping (Preact escapes), words that load by area, the build's precompiled catalogs formatting
 * exactly as the runtime compiler does, and the device's language tag mapped to ours.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { precompileCatalogs } from '../build/precompile-catalogs.js';
import { shortKeys } from '../build/short-keys.js';
import { formatDate, languageFrom, loadTranslator, translatorFor } from '../src/index.js';

describe('translator', () => {
  it('speaks the chosen language and picks the plural form by count', async () => {
    const de = await loadTranslator('de', ['extension']);
    const es = await loadTranslator('es', ['extension']);
    const en = await loadTranslator('en', ['extension']);
    expect(de.t('panel.lock')).toBe('Sperren');
    expect(es.t('panel.lock')).toBe('Bloquear');
    expect(en.t('pass.tooShort', { count: 1 })).toBe('Use at least 1 character.');
    expect(en.t('pass.tooShort', { count: 8 })).toBe('Use at least 8 characters.');
    expect(es.t('pass.tooShort', { count: 8 })).toBe('Usa al menos 8 caracteres.');
  });

  it('inserts values as written, without escaping them', async () => {
    const de = await loadTranslator('de', ['extension']);
    expect(de.t('live.partnerAsks', { partner: 'Sam & <Jo>', question: 'Ist alles okay bei dir?' })).toBe('Sam & <Jo> fragt: Ist alles okay bei dir?');
  });

  it('knows an area only once it loaded, and keeps one translator per language', async () => {
    const es = translatorFor('es');
    expect(translatorFor('es')).toBe(es);
    expect(es.has('pages')).toBe(false);
    await es.load(['pages']);
    expect(es.has('pages')).toBe(true);
  });
});

describe('precompiled catalogs', () => {
  it('format exactly as the runtime compiler does', async () => {
    const file = fileURLToPath(new URL('../src/catalogs/de/extension.ts', import.meta.url));
    // What the build hands the plugin: the part with its type-only imports already stripped.
    const js = readFileSync(file, 'utf8').replace(/^import type .*$/gm, '').replace(/: PartOf<typeof source>/, '');
    const out = await precompileCatalogs().transform(js, file);
    expect(out).not.toBeNull();
    const compiled = (await import(`data:text/javascript;base64,${Buffer.from(out?.code ?? '').toString('base64')}`)) as { extension: Record<string, unknown> };
    expect(compiled.extension['panel.lock']).toEqual(['Sperren']);
    expect(Array.isArray(compiled.extension['pass.tooShort'])).toBe(true);
    expect(await precompileCatalogs().transform('export const x = 1;', '/work/apps/web/src/app.ts')).toBeNull();
  });
});

describe('short keys', () => {
  it('replace every key, in code and in catalogs alike, by the same short id, and nothing else', async () => {
    const plugin = shortKeys();
    await plugin.buildStart();
    const app = plugin.transform(`t('language.label'); const m = { a: "panel.lock" }; el.id = 'help.crisis'; x = 'language.label.more';`, '/w/apps/web/src/shell/x.tsx');
    const catalog = plugin.transform('export const common = {"language.label":["Sprache"]};', '/w/packages/i18n/src/catalogs/de/common.ts');
    const idOf = /t\('([0-9a-z]+)'\)/.exec(app?.code ?? '')?.[1];
    expect(idOf).toMatch(/^[0-9a-z]{1,3}$/);
    expect(catalog?.code).toBe(`export const common = {"${idOf}":["Sprache"]};`);
    expect(app?.code).not.toContain('panel.lock');
    // Strings that are not keys stay as they are.
    expect(app?.code).toContain(`'help.crisis'`);
    expect(app?.code).toContain(`'language.label.more'`);
    // Code outside the apps and the catalogs is never touched.
    expect(plugin.transform(`t('language.label')`, '/w/node_modules/x/index.js')).toBeNull();
  });
});

describe('languageFrom', () => {
  it('maps a device language to one we ship, else English', () => {
    expect(languageFrom('de-AT')).toBe('de');
    expect(languageFrom('es-419')).toBe('es');
    expect(languageFrom('es_MX.UTF-8')).toBe('es');
    expect(languageFrom('en-GB')).toBe('en');
    expect(languageFrom('fr-FR')).toBe('en');
    expect(languageFrom('C.UTF-8')).toBe('en');
    expect(languageFrom(undefined)).toBe('en');
  });
});

describe('formatDate', () => {
  it('writes dates the way each language does', () => {
    const day = new Date(Date.UTC(2026, 11, 3, 12));
    expect(formatDate(day, 'de', { dateStyle: 'long', timeZone: 'UTC' })).toBe('3. Dezember 2026');
    expect(formatDate(day, 'es', { dateStyle: 'long', timeZone: 'UTC' })).toBe('3 de diciembre de 2026');
    expect(formatDate(day, 'en', { dateStyle: 'long', timeZone: 'UTC' })).toBe('December 3, 2026');
  });
});
