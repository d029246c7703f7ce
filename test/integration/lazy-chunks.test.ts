// The web build's lazy chunks (issue 15): every chunk loaded by import() is in the entry's
// integrity table with its true sha384, no plain import() is left, the service worker precaches
// and the release manifest lists every file (chunks and libsodium's .wasm), the WebAssembly is a
// file fetched with its integrity (not inlined), and the first-screen budget script reads it all.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, run } from './cli-harness.js';
import { buildWebApp } from './web-build.js';

let tmp: string;
let dist: string;
const sha384 = (bytes: Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'sb-lazy-'));
  dist = join(tmp, 'web');
  await buildWebApp(dist, { SOURCE_COMMIT: 'test' });
}, 180_000);
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function assets(ext: string): Promise<string[]> {
  return (await readdir(join(dist, 'assets'))).filter((f) => f.endsWith(ext)).map((f) => `/assets/${f}`);
}

describe('web build: lazy chunks', () => {
  it('lists every lazy chunk with its true integrity, and leaves no plain import()', async () => {
    const html = await readFile(join(dist, 'index.html'), 'utf8');
    const eager = new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!));
    const js = await assets('.js');
    const entry = js.find((f) => html.includes(`src="${f}"`));
    expect(entry).toBeDefined();
    const entryCode = await readFile(join(dist, entry!), 'utf8');
    const literal = /"(\{\\"\/assets\/[^]*?\})"/.exec(entryCode);
    expect(literal, 'the integrity table is in the entry').not.toBeNull();
    const table = JSON.parse(JSON.parse(`"${literal![1]!}"`) as string) as Record<string, { integrity: string; imports: string[] }>;
    const lazy = js.filter((f) => !eager.has(f));
    expect(lazy.length).toBeGreaterThan(10);
    expect(Object.keys(table).sort()).toEqual(lazy.sort());
    for (const [path, record] of Object.entries(table)) {
      expect(record.integrity, path).toBe(sha384(await readFile(join(dist, path))));
      for (const dep of record.imports) expect(table[dep], `${path} imports ${dep}`).toBeDefined();
    }
    for (const file of js) {
      expect(await readFile(join(dist, file), 'utf8'), file).not.toMatch(/\bimport\(\s*["'`]\.\//);
    }
  });

  it('ships libsodium as a .wasm fetched with its integrity, never inlined', async () => {
    const wasm = await assets('.wasm');
    expect(wasm).toHaveLength(1);
    const bytes = await readFile(join(dist, wasm[0]!));
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('\0asm');
    const code = (await Promise.all((await assets('.js')).map((f) => readFile(join(dist, f), 'utf8')))).join('\n');
    expect(code).toMatch(new RegExp(`["'\`]${wasm[0]!}["'\`]`));
    expect(code).toContain(sha384(bytes));
    expect(code).not.toContain('AGFzbQ');
  });

  it('precaches and lists in the release manifest every chunk and the .wasm', async () => {
    const sw = await readFile(join(dist, 'sw.js'), 'utf8');
    const precache = JSON.parse(/self\.__SB_PRECACHE__ = (\[[^\n]*\]);/.exec(sw)![1]!) as string[];
    const manifest = JSON.parse(await readFile(join(dist, 'release-manifest.json'), 'utf8')) as { files: Record<string, string> };
    for (const file of [...(await assets('.js')), ...(await assets('.wasm'))]) {
      expect(precache, file).toContain(file);
      expect(Object.keys(manifest.files), file).toContain(file);
    }
  });

  it('the first-screen budget passes at 180 KB and fails, naming size and budget, below it', async () => {
    const script = join(REPO_ROOT, 'scripts/check-bundle-size');
    const ok = await run(script, [dist]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/first screen: [\d.]+ KB of JavaScript gzipped .*\(budget 180 KB\)/);
    const over = await run(script, [dist], { env: { FIRST_SCREEN_BUDGET_KB: '20' } });
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/FAILED — first screen: [\d.]+ KB .*\(budget 20 KB\)/);
  });
});
