/**
 * Vite build of the CodeMirror example. Workspace packages resolve through their `source` export
 * condition (as in apps/web), so the example bundles @securebase/sync's TypeScript directly, with
 * no package build first. libsodium keeps its inlined WebAssembly: the web app's streaming plugin
 * is a load-time optimisation this example does not need.
 *
 *   scripts/pnpm --filter @securebase/example-codemirror build   # → apps/example-codemirror/dist
 */
import { defineConfig, defaultClientConditions } from 'vite';

export default defineConfig({
  // Relative asset URLs: the built page works from any path of any static server.
  base: './',
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // libsodium-sumo's inlined WebAssembly is most of the one chunk (~1 MB, 340 KB gzipped).
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1100 },
});
