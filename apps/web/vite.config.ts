/**
 * Vite build of the Secure Base web client. Preact JSX goes through Oxc's automatic runtime
 * (no preset plugin needed), and workspace packages resolve through their `source` export
 * condition so the app bundles their TypeScript sources directly, with no package build first.
 * A small plugin emits the service worker (/sw.js) with the list of every built file, so the
 * installed app opens offline; build/subresource-integrity.ts puts integrity hashes on every
 * script and style in index.html, and build/release-manifest.ts writes the (signed) release
 * manifest of every built file last. Builds are reproducible: no timestamps, no absolute paths,
 * and every list is sorted, so one commit gives byte-identical files (scripts/check-reproducible).
 *
 *   pnpm --filter @securebase/web build   # → apps/web/dist, served by the relay at /
 *   SECUREBASE_RELEASE_KEY_FILE=release-key.json pnpm --filter @securebase/web build   # signed
 */
import { precompileCatalogs } from '../../packages/i18n/build/precompile-catalogs.js';
import { shortKeys } from '../../packages/i18n/build/short-keys.js';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';
import { chunkIntegrity } from './build/chunk-integrity.js';
import { releaseManifest } from './build/release-manifest.js';
import { streamedSodiumWasm } from './build/streamed-sodium-wasm.js';
import { subresourceIntegrity } from './build/subresource-integrity.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public', import.meta.url));
const SW_SOURCE = fileURLToPath(new URL('./src/shell/service-worker.js', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** Every file under `dir`, as absolute URL paths (`/icons/icon.svg`), sorted. */
function publicFiles(dir: string): string[] {
  // Sorted: readdir order depends on the file system, and the version hash below reads in this order.
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `/${relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/')}`)
    .sort();
}

/** Emit sw.js with the precache list (bundle + public files) and a version derived from it. */
function serviceWorker(): Plugin {
  return {
    name: 'securebase-service-worker',
    apply: 'build',
    // 'post', after chunkIntegrity: the version must hash the chunks as they are written.
    generateBundle: { order: 'post', handler(_options, bundle) {
      const built = Object.keys(bundle).map((file) => `/${file}`);
      const files = ['/index.html', ...built.filter((f) => f !== '/index.html'), ...publicFiles(PUBLIC_DIR)].sort();
      const hash = createHash('sha256');
      for (const [name, output] of Object.entries(bundle).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        hash.update(name);
        hash.update(output.type === 'chunk' ? output.code : output.source);
      }
      for (const file of publicFiles(PUBLIC_DIR)) hash.update(readFileSync(join(PUBLIC_DIR, file)));
      const version = hash.digest('hex').slice(0, 16);
      const header = `self.__SB_PRECACHE__ = ${JSON.stringify(files)};\nself.__SB_VERSION__ = ${JSON.stringify(version)};\n`;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: header + readFileSync(SW_SOURCE, 'utf8') });
    } },
  };
}

export default defineConfig({
  base: '/',
  resolve: { conditions: ['source', ...defaultClientConditions] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // Order matters: lazy chunks get their integrity table first, then the service worker lists
  // the final files, index.html's integrity is added, and the manifest hashes the written files.
  plugins: [
    precompileCatalogs(),
    shortKeys(),
    streamedSodiumWasm(),
    chunkIntegrity(),
    serviceWorker(),
    subresourceIntegrity(),
    releaseManifest({ version: PACKAGE.version }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // index.html preloads the entry's static imports (with integrity, build/subresource-
    // integrity.ts); lazy chunks are loaded by src/shell/verified-import.ts with integrity, so
    // Vite's own run-time preloads (links without integrity) are turned off, and one stylesheet
    // in index.html leaves them nothing else to do.
    modulePreload: { polyfill: false, resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []) },
    cssCodeSplit: false,
  },
});
