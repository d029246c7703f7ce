// The relay soak (test/soak): a long run of its own, after the unit and integration tests, so
// nothing else competes with it for the two cores. Its relay runs from the built dist:
//   scripts/pnpm build && npx vitest run -c vitest.soak.config.ts
import { defineConfig } from 'vitest/config';

const conditions = ['source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    include: ['test/soak/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
