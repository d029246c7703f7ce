/**
 * Vite build of the browser extension: the popup, the side panel, the pinned workbook tab (the
 * web app's source, mounted by src/workbook.tsx) and the background worker are bundled once (Preact through Oxc's automatic JSX runtime; workspace packages through their
 * `source` condition), then a closing step writes each browser's folder, manifest and zip.
 *
 *   pnpm --filter @securebase/extension build
 *   # → dist/chromium, dist/firefox (load unpacked), dist/securebase-{chromium,firefox}.zip
 *   SECUREBASE_RELAY_ORIGINS=https://relay.example.org pnpm --filter @securebase/extension build  # pin the CSP
 *   SECUREBASE_EXTENSION_OUT=/tmp/ext pnpm --filter @securebase/extension build  # → /tmp/ext/chromium, …
 */
import { precompileCatalogs } from '../../packages/i18n/build/precompile-catalogs.js';
import { shortKeys } from '../../packages/i18n/build/short-keys.js';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';
import { writeTargets } from './build/targets.js';

const root = fileURLToPath(new URL('.', import.meta.url));
// SECUREBASE_EXTENSION_OUT builds elsewhere (e.g. a scratch folder while dist/ is in use by a test run).
const outRoot = process.env.SECUREBASE_EXTENSION_OUT
  ? resolve(process.env.SECUREBASE_EXTENSION_OUT)
  : fileURLToPath(new URL('./dist', import.meta.url));
const builtDir = join(outRoot, 'chromium');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** Relay origins to pin the CSP's connect-src to (comma-separated); empty means "any relay". */
function relayOrigins(): string[] {
  return (process.env.SECUREBASE_RELAY_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** After the bundle is written: one folder, manifest and zip per browser. */
function browserTargets(): Plugin {
  return {
    name: 'securebase-browser-targets',
    apply: 'build',
    closeBundle() {
      writeTargets({ outRoot, builtDir, version, relayOrigins: relayOrigins() });
    },
  };
}

export default defineConfig({
  root,
  base: './',
  resolve: { conditions: ['source', ...defaultClientConditions] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [precompileCatalogs(), shortKeys(), browserTargets()],
  build: {
    outDir: builtDir,
    emptyOutDir: true,
    // Extension pages must not load anything inline or remote; keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // libsodium's wasm build is one large module; it is expected, so keep the warning quiet.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: {
        popup: fileURLToPath(new URL('./popup.html', import.meta.url)),
        sidepanel: fileURLToPath(new URL('./sidepanel.html', import.meta.url)),
        // The pinned app: the web app's own source (apps/web/src/embed.tsx), packaged here.
        workbook: fileURLToPath(new URL('./workbook.html', import.meta.url)),
        background: fileURLToPath(new URL('./src/background.ts', import.meta.url)),
      },
      output: {
        // The manifest names the background script, so it keeps a fixed name.
        entryFileNames: (chunk) => (chunk.name === 'background' ? 'background.js' : 'assets/[name]-[hash].js'),
        chunkFileNames: 'assets/shared-[hash].js',
      },
    },
  },
});
