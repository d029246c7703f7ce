/**
 * Vite build of the Secure Base web client. Preact JSX goes through Oxc's automatic runtime
 * (no preset plugin needed), and workspace packages resolve through their `source` export
 * condition so the app bundles their TypeScript sources directly, with no package build first.
 * A small plugin emits the service worker (/sw.js) with the list of every built file, so the
 * installed app opens offline.
 *
 *   pnpm --filter @securebase/web build   # → apps/web/dist, served by the relay at /
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';

const PUBLIC_DIR = fileURLToPath(new URL('./public', import.meta.url));
const SW_SOURCE = fileURLToPath(new URL('./src/shell/service-worker.js', import.meta.url));

/** Every file under `dir`, as absolute URL paths (`/icons/icon.svg`). */
function publicFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `/${relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/')}`);
}

/** Emit sw.js with the precache list (bundle + public files) and a version derived from it. */
function serviceWorker(): Plugin {
  return {
    name: 'securebase-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).map((file) => `/${file}`);
      const files = ['/index.html', ...built.filter((f) => f !== '/index.html'), ...publicFiles(PUBLIC_DIR)].sort();
      const hash = createHash('sha256');
      for (const [name, output] of Object.entries(bundle)) {
        hash.update(name);
        hash.update(output.type === 'chunk' ? output.code : output.source);
      }
      for (const file of publicFiles(PUBLIC_DIR)) hash.update(readFileSync(join(PUBLIC_DIR, file)));
      const version = hash.digest('hex').slice(0, 16);
      const header = `self.__SB_PRECACHE__ = ${JSON.stringify(files)};\nself.__SB_VERSION__ = ${JSON.stringify(version)};\n`;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: header + readFileSync(SW_SOURCE, 'utf8') });
    },
  };
}

export default defineConfig({
  base: '/',
  resolve: { conditions: ['source', ...defaultClientConditions] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [serviceWorker()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // libsodium's wasm build is one large module; it is expected, so keep the warning quiet.
    chunkSizeWarningLimit: 1200,
  },
});
