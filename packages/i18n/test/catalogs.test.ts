/**
 * The words are complete in every language: every key the code asks for (each `t('…')` call in
 * the web app, the extension and the CLI) is in the English source; every part has exactly the
 * same keys in every language; each message has the same ICU arguments everywhere (a translation
 * that drops `{partner}` loses a name, one that adds an argument prints it raw) and compiles; no
 * key is in two parts; no key is left unused; and a part is data only, as the build's
 * precompiler needs.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import { describe, expect, it } from 'vitest';
import { AREA_PARTS, LANGUAGES } from '../src/index.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CATALOGS = join(ROOT, 'packages/i18n/src/catalogs');
const CODE_DIRS = ['apps/web/src', 'apps/extension/src', 'apps/cli/src'];
const PARTS = Object.values(AREA_PARTS).flat();

type Part = Record<string, string>;

/** A part's file name: `trustPages` lives in trust-pages.ts. */
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

async function part(language: string, name: string): Promise<Part> {
  const module = (await import(`../src/catalogs/${language}/${kebab(name)}.ts`)) as Record<string, Part>;
  const messages = module[name];
  if (!messages) throw new Error(`catalogs/${language}/${name}.ts does not export ${name}`);
  return messages;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Every key in a `t('…')` call, with the file it is in. */
function keysAsked(): Map<string, string> {
  const used = new Map<string, string>();
  for (const dir of CODE_DIRS)
    for (const file of sourceFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*(['"])([^'"]+)\1/g)) used.set(match[2] ?? '', relative(ROOT, file));
    }
  return used;
}

/** The ICU arguments of a message (`{name}`, `{count, plural, …}`), nested ones included. */
function argumentsOf(message: string): string[] {
  const found = new Set<string>();
  // A compiled message is a list of tokens: literal text, or [name] / [name, format, cases]
  // where each case is a compiled message again (plural, select).
  const walk = (tokens: unknown): void => {
    if (!Array.isArray(tokens)) return;
    for (const token of tokens) {
      if (!Array.isArray(token) || typeof token[0] !== 'string') continue;
      found.add(token[0]);
      const cases: unknown = token[2];
      if (cases && typeof cases === 'object') for (const value of Object.values(cases)) walk(value);
    }
  };
  walk(compileMessage(message));
  return [...found].sort();
}

describe('catalogs', () => {
  it('the scan finds the keys the code asks for', () => {
    // Guards the scan itself: a regex that matched nothing would make the next test pass vacuously.
    expect(keysAsked().size).toBeGreaterThan(100);
  });

  it('every key the code asks for is in the English source', async () => {
    const english = new Set<string>();
    for (const name of PARTS) for (const key of Object.keys(await part('en', name))) english.add(key);
    const missing = [...keysAsked()].filter(([key]) => !english.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('no key is in two parts (areas merge them, and one would silently win)', async () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const name of PARTS)
      for (const key of Object.keys(await part('en', name))) {
        if (owner.has(key)) twice.push(`${key} (${owner.get(key)} and ${name})`);
        owner.set(key, name);
      }
    expect(twice).toEqual([]);
  });

  it('every English key is used somewhere in the code', async () => {
    const code = CODE_DIRS.flatMap(sourceFiles)
      .concat(sourceFiles('packages/model/src'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused: string[] = [];
    for (const name of PARTS)
      for (const key of Object.keys(await part('en', name))) if (!code.includes(`'${key}'`) && !code.includes(`"${key}"`)) unused.push(`${key} (${name})`);
    expect(unused).toEqual([]);
  });

  for (const name of PARTS) {
    it(`${name}: the same keys and arguments in every language, each compiling, none empty`, async () => {
      const english = await part('en', name);
      for (const language of LANGUAGES) {
        const messages = await part(language, name);
        expect(Object.keys(messages).sort(), `${language}/${name} keys`).toEqual(Object.keys(english).sort());
        const empty = Object.entries(messages).filter(([, m]) => m.trim() === '').map(([k]) => k);
        expect(empty, `${language}/${name} empty`).toEqual([]);
        const differ = Object.keys(english).filter((key) => argumentsOf(messages[key] ?? '').join() !== argumentsOf(english[key] ?? '').join());
        expect(differ, `${language}/${name} arguments differ from English`).toEqual([]);
      }
    });
  }

  it('a part is data only: no runtime import (the precompiler evaluates it alone)', () => {
    for (const language of LANGUAGES)
      for (const name of PARTS) {
        const text = readFileSync(join(CATALOGS, language, `${kebab(name)}.ts`), 'utf8');
        const imports = text.split('\n').filter((line) => /^\s*import\s/.test(line) && !/^\s*import\s+type\s/.test(line));
        expect(imports, `${language}/${name}`).toEqual([]);
      }
  });
});
