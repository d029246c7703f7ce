/**
 * Vite build of the Secure Base web client. Preact JSX goes through Oxc's automatic runtime
 * (no preset plugin needed), and workspace packages resolve through their `source` export
 * condition so the app bundles their TypeScript sources directly, with no package build first.
 *
 *   pnpm --filter @securebase/web build   # → apps/web/dist, served by the relay at /
 */
import { defineConfig, defaultClientConditions } from 'vite';

export default defineConfig({
  base: '/',
  resolve: { conditions: ['source', ...defaultClientConditions] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // libsodium's wasm build is one large module; it is expected, so keep the warning quiet.
    chunkSizeWarningLimit: 1200,
  },
});
