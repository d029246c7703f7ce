/**
 * Full-page screenshots into test-output/screenshots/, for a human to look at.
 *
 *   await screenshot(page, 'agreements-phone');
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS } from './harness.js';

/** Save `<name>.png` (full page) under test-output/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Does anything on the page stick out past the viewport's right edge? Returns a short description
 * of each offending element (tag, class, width) so a failing test says where to look.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(overflowingElements);
}

/** The in-page half of `horizontalOverflow`, for other drivers too (puppeteer in Firefox). */
export function overflowingElements(): string[] {
  const limit = document.documentElement.clientWidth;
  const out: string[] = [];
  for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
    const rect = el.getBoundingClientRect();
    if (rect.width > 0 && rect.right > limit + 1) {
      out.push(`${el.tagName.toLowerCase()}.${el.className || '-'} right=${Math.round(rect.right)} > ${limit}`);
    }
  }
  return out.slice(0, 10);
}
