// What the web app's index.html loads before its first screen, gzipped (level 9): its module
// script and every modulepreload, plus the first screen's words in the largest of its languages
// (the `core-<lang>` chunk main.tsx loads before rendering) — the JavaScript the budget counts —
// its stylesheets, and libsodium's WebAssembly file. Shared by scripts/check-bundle-size and the benchmark.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * @param {string} dist a web app build (apps/web/dist)
 * @returns {{ js: number, files: number, words: number, css: number, wasm: number }} gzipped bytes (`js` includes `words`)
 * @throws {Error} when index.html is missing or loads no module script
 */
export function firstScreenBytes(dist) {
  let html;
  try {
    html = readFileSync(join(dist, 'index.html'), 'utf8');
  } catch {
    throw new Error(`no ${join(dist, 'index.html')}: build the web app first`);
  }
  const gz = (path) => gzipSync(readFileSync(join(dist, path)), { level: 9 }).length;
  const attr = (tag, name) => new RegExp(`\\s${name}="([^"]+)"`).exec(tag)?.[1];
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  const scripts = tags
    .filter((t) => (t.startsWith('<script') && attr(t, 'type') === 'module') || attr(t, 'rel') === 'modulepreload')
    .map((t) => attr(t, 'src') ?? attr(t, 'href'))
    .filter((p) => p?.startsWith('/'));
  if (scripts.length === 0) throw new Error('index.html loads no module script');
  const styles = tags.filter((t) => attr(t, 'rel') === 'stylesheet').map((t) => attr(t, 'href'));
  const assets = readdirSync(join(dist, 'assets'));
  const words = Math.max(0, ...assets.filter((f) => /^core-[a-z]{2}-.*\.js$/.test(f)).map((f) => gz(`assets/${f}`)));
  return {
    js: scripts.reduce((sum, p) => sum + gz(p.slice(1)), 0) + words,
    files: scripts.length + (words > 0 ? 1 : 0),
    words,
    css: styles.reduce((sum, p) => sum + gz(p.slice(1)), 0),
    wasm: assets.filter((f) => f.endsWith('.wasm')).reduce((sum, f) => sum + gz(`assets/${f}`), 0),
  };
}
