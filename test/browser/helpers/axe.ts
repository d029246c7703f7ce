/**
 * Accessibility check with axe-core (installed at the repo root): evaluate axe.min.js in the
 * page and run it on the whole document; report serious and critical violations.
 *
 *   expect(await seriousA11yViolations(page)).toEqual([]);
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** One violation, reduced to what a failing test message needs. */
export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical axe-core violations on the page as it is now (empty means clean). */
export async function seriousA11yViolations(page: Page): Promise<A11yViolation[]> {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const hasAxe = await page.evaluate(() => 'axe' in window);
  // Evaluated through the DevTools protocol, not added as a <script>: the relay's CSP forbids
  // inline scripts, and rightly; the test must not weaken it to look.
  if (!hasAxe) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // reason: axe is injected at runtime as a global; its types live in axe-core/axe.d.ts.
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResult> } }).axe;
    interface AxeResult {
      violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
    }
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
