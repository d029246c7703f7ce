/**
 * Browser end-to-end for the lazy chunks (issue 15): a section's code loads only when it is
 * opened; a chunk whose bytes were changed on the way is refused (Subresource Integrity through
 * shell/verified-import.ts) and never runs; a chunk that cannot be fetched (offline before the
 * service worker cached it) shows a plain error with "Try again", which loads it once it can.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/lazy-chunks.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpaceAs, gotoSection, horizontalOverflow, screenshot, seriousA11yViolations, startHarness, VIEWPORTS, type Harness } from './helpers/index.js';

let h: Harness;
let page: Page;
const STORY_CHUNK = /\/assets\/narrative-section-[^/]+\.js$/;
const WINS_CHUNK = /\/assets\/wins-section-[^/]+\.js$/;

beforeAll(async () => {
  h = await startHarness();
  page = await createSpaceAs(h, { name: 'Alex' });
});

afterAll(async () => {
  await h?.close();
});

const failure = () => page.getByRole('alert').filter({ hasText: 'could not be loaded' });

describe('lazy chunks', () => {
  it('loads the story (ProseMirror) only when it is opened', async () => {
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.reload();
    await page.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
    expect(requested.some((p) => STORY_CHUNK.test(p))).toBe(false);
    await gotoSection(page, 'Our story');
    await page.getByRole('heading', { name: 'Our story', level: 2 }).waitFor();
    expect(requested.some((p) => STORY_CHUNK.test(p))).toBe(true);
  });

  it('refuses a chunk whose bytes were changed, never runs it, and loads the true one on "Try again"', async () => {
    await page.reload();
    await page.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
    await page.route(WINS_CHUNK, async (route) => {
      const real = await route.fetch();
      // no-store: the changed copy must not stay in the HTTP cache (the relay marks /assets/ immutable).
      const headers = { ...real.headers(), 'cache-control': 'no-store' };
      await route.fulfill({ response: real, headers, body: `${await real.text()}\nglobalThis.__sbTampered = true;` });
    });
    await gotoSection(page, 'Wins');
    await failure().waitFor();
    expect(await page.evaluate(() => (globalThis as { __sbTampered?: boolean }).__sbTampered)).toBeUndefined();
    await page.unroute(WINS_CHUNK);
    await failure().getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Wins', level: 2 }).waitFor();
    expect(await page.evaluate(() => (globalThis as { __sbTampered?: boolean }).__sbTampered)).toBeUndefined();
  });

  it('shows "Try again" when a chunk cannot be fetched, and loads it once it can', async () => {
    await page.reload();
    await page.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
    await page.route(STORY_CHUNK, (route) => route.abort('internetdisconnected'));
    await gotoSection(page, 'Our story');
    await failure().waitFor();
    // The failure screen at both widths: readable, no overflow, no serious accessibility finding.
    const original = page.viewportSize();
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      expect(await seriousA11yViolations(page), `lazy failure at ${width}`).toEqual([]);
      expect(await horizontalOverflow(page), `lazy failure overflows at ${width}`).toEqual([]);
      await screenshot(page, `lazy-failed-${width}`);
    }
    if (original) await page.setViewportSize(original);
    await page.unroute(STORY_CHUNK);
    await failure().getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Our story', level: 2 }).waitFor();
    expect(h.pageErrors).toEqual([]);
  });
});
