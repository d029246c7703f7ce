/**
 * Build the real web app (apps/web, the same Vite config as `pnpm build`) into a directory of
 * the test's own, so tests can serve, sign and tamper with a build without touching apps/web/dist.
 *
 *   await buildWebApp(join(tmp, 'web'), { SECUREBASE_RELEASE_KEY: seed, SOURCE_COMMIT: 'test' });
 */
import { join } from 'node:path';
import { REPO_ROOT, run } from './cli-harness.js';

export const WEB_APP_DIR = join(REPO_ROOT, 'apps/web');
const VITE = join(WEB_APP_DIR, 'node_modules/.bin/vite');

/**
 * `vite build apps/web --outDir outDir`, as a production build (vitest sets NODE_ENV=test, which
 * would build with the service worker's registration off); throws with Vite's output on failure.
 */
export async function buildWebApp(outDir: string, env: Record<string, string> = {}): Promise<void> {
  const result = await run(VITE, ['build', WEB_APP_DIR, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { env: { NODE_ENV: 'production', ...env } });
  if (result.code !== 0) throw new Error(`web build failed (${result.code}): ${result.stderr}${result.stdout}`);
}
