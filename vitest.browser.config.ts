// Browser end-to-end tests: a real relay serving the built web app (apps/web/dist) and Debian
// Chromium driven by playwright-core; the firefox-*.test.ts files add Debian's Firefox ESR driven
// by puppeteer-core over WebDriver BiDi (scripts/ensure-firefox). Build the app first:
//   scripts/pnpm build && npx vitest run -c vitest.browser.config.ts
// Workspace packages resolve through their `source` condition, as in vitest.config.ts.
import { defineConfig } from 'vitest/config';

const conditions = ['source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    include: ['test/browser/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One Chromium at a time: these machines have two cores.
    fileParallelism: false,
  },
});
