/**
 * Issue 12, item 2, with two partners in real Chromium through a real relay: either partner
 * starts a shared breathing pacer, both screens run it in phase (the phase error between the two
 * pages is measured and printed; asserted only against a loose 250 ms bound), also when one
 * page's clock is seconds off; either stops it for both; reduced motion shows a text count and
 * nothing moves. Screenshots: /tmp/shots-breathe/.
 *
 * The phase error: each page's pacer element carries its cycle position and the instant it was
 * computed on the page's monotonic clock (performance.timeOrigin + now, which the skew below does
 * not touch). `at − cycleMs` is where that page's cycle began in real time; the two pages'
 * difference, taken round the cycle, is how far apart they breathe.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/breathe.test.ts
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breatheCycleMs, type BreathePatternId } from '@securebase/sync';
import { createPair, seriousA11yViolations, startHarness, VIEWPORTS, waitGone, waitSynced, type Harness } from './helpers/index.js';

const SHOTS = '/tmp/shots-breathe';
const DESKTOP = { width: 1280, height: 800 };
/** Sam's page clock in the skew test: this far ahead of real time. */
const SKEW_MS = 7_300;
const BOUND_MS = 250;

let h: Harness;
let alex: Page;
let sam: Page;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  h = await startHarness();
  ({ alex, sam } = await createPair(h, { alex: { viewport: DESKTOP }, sam: { viewport: VIEWPORTS.phone } }));
});

afterAll(async () => {
  await h?.close();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

function pacer(page: Page) {
  return page.getByRole('dialog', { name: 'Breathing together' });
}

async function startPacer(page: Page, pattern: string, name?: string): Promise<void> {
  await page.getByText('Breathe together', { exact: true }).click();
  await page.getByRole('radio', { name: new RegExp(pattern) }).check();
  if (name) await shot(page, name);
  await page.getByRole('button', { name: /^Start with / }).click();
}

/** Where this page's current cycle began, in real (monotonic) ms, and its skew estimate. */
async function cycleOrigin(page: Page): Promise<{ origin: number; skew: number }> {
  const el = page.locator('.breathe-screen');
  const [cycleMs, at, skew] = await el.evaluate((node) => [
    Number(node.getAttribute('data-breathe-cycle-ms')),
    Number(node.getAttribute('data-breathe-at')),
    Number(node.getAttribute('data-breathe-skew-ms')),
  ]);
  return { origin: at - cycleMs, skew };
}

/** The largest phase error between the two pages over a few readings, in ms. */
async function phaseError(a: Page, b: Page, pattern: BreathePatternId, label: string): Promise<number> {
  const cycle = breatheCycleMs(pattern);
  let worst = 0;
  for (let i = 0; i < 5; i++) {
    const [x, y] = await Promise.all([cycleOrigin(a), cycleOrigin(b)]);
    const d = (((x.origin - y.origin) % cycle) + cycle) % cycle;
    const error = Math.min(d, cycle - d);
    worst = Math.max(worst, error);
    console.log(`breathe phase error (${label}), reading ${i + 1}: ${error.toFixed(1)} ms (skew estimates: ${x.skew} ms, ${y.skew} ms)`);
    await a.waitForTimeout(700);
  }
  console.log(`breathe phase error (${label}): worst of 5 readings ${worst.toFixed(1)} ms`);
  return worst;
}

describe('breathe together', () => {
  it('runs in phase on both screens, and either stops it for both', async () => {
    await startPacer(alex, 'Slow breathing', 'starter-desktop');
    await pacer(sam).waitFor();
    await pacer(alex).waitFor();
    await pacer(sam).getByText('Alex asks you to breathe together.', { exact: false }).waitFor();
    // Let a re-sent copy or two refine the skew estimate.
    await alex.waitForTimeout(3500);
    expect(await phaseError(alex, sam, 'resonance', 'same clocks')).toBeLessThan(BOUND_MS);
    await shot(alex, 'pacer-desktop-reduced');
    await shot(sam, 'pacer-phone-reduced');
    expect(await seriousA11yViolations(sam)).toEqual([]);
    expect(await seriousA11yViolations(alex)).toEqual([]);

    await pacer(sam).getByRole('button', { name: 'Stop for both of us' }).click();
    await waitGone(sam.locator('.breathe-screen'));
    await waitGone(alex.locator('.breathe-screen'));
    // Stopped is stopped: a late copy from Alex's device does not bring it back.
    await alex.waitForTimeout(4000);
    expect(await alex.locator('.breathe-screen').count()).toBe(0);
    expect(await sam.locator('.breathe-screen').count()).toBe(0);
    expect(h.pageErrors).toEqual([]);
  });

  it('shows a text count and nothing moving with reduced motion, and a slow circle without', async () => {
    await startPacer(sam, 'Box breathing', 'starter-phone');
    await pacer(alex).waitFor();
    // The harness asks for reduced motion: a count, no circle, no animation or transition running.
    const count = sam.locator('.breathe-count');
    await count.waitFor();
    expect(await count.textContent()).toMatch(/^(Breathe in|Hold|Breathe out)… [1-4]$/);
    expect(await sam.locator('.breathe-circle').count()).toBe(0);
    expect(await sam.evaluate(() => document.getAnimations().length)).toBe(0);

    // Without the preference: the circle grows and shrinks by a CSS transform.
    await alex.emulateMedia({ reducedMotion: 'no-preference' });
    await sam.emulateMedia({ reducedMotion: 'no-preference' });
    const circle = sam.locator('.breathe-circle');
    await circle.waitFor();
    await sam.waitForTimeout(1200);
    const style = await circle.evaluate((el) => ({ transform: getComputedStyle(el).transform, transition: getComputedStyle(el).transitionProperty }));
    expect(style.transition).toBe('transform');
    expect(style.transform).toMatch(/^matrix\(/);
    expect(await sam.locator('.breathe-count').count()).toBe(0);
    await shot(sam, 'pacer-phone-motion');
    await shot(alex, 'pacer-desktop-motion');
    expect(await seriousA11yViolations(sam)).toEqual([]);
    expect(await phaseError(alex, sam, 'box', 'same clocks, motion')).toBeLessThan(BOUND_MS);
    await alex.emulateMedia({ reducedMotion: 'reduce' });
    await sam.emulateMedia({ reducedMotion: 'reduce' });

    await pacer(alex).getByRole('button', { name: 'Stop for both of us' }).click();
    await waitGone(alex.locator('.breathe-screen'));
    await waitGone(sam.locator('.breathe-screen'));
    expect(h.pageErrors).toEqual([]);
  });

  it(`stays in phase when one page's clock is ${SKEW_MS / 1000} s ahead`, async () => {
    const context = sam.context();
    await sam.close();
    sam = await context.newPage();
    await sam.addInitScript(`{ const realNow = Date.now.bind(Date); Date.now = () => realNow() + ${SKEW_MS}; }`);
    await sam.goto(h.url);
    await waitSynced(sam);
    const skewSeen = await sam.evaluate(() => Date.now() - (performance.timeOrigin + performance.now()));
    expect(Math.abs(skewSeen - SKEW_MS)).toBeLessThan(50);

    // The skewed page receives.
    await startPacer(alex, 'Slow breathing');
    await pacer(sam).waitFor();
    await alex.waitForTimeout(3500);
    expect(await phaseError(alex, sam, 'resonance', `receiver ${SKEW_MS} ms ahead`)).toBeLessThan(BOUND_MS);
    await pacer(alex).getByRole('button', { name: 'Stop for both of us' }).click();
    await waitGone(sam.locator('.breathe-screen'));

    // The skewed page sends.
    await startPacer(sam, '4-7-8');
    await pacer(alex).waitFor();
    await alex.waitForTimeout(3500);
    expect(await phaseError(alex, sam, '4-7-8', `sender ${SKEW_MS} ms ahead`)).toBeLessThan(BOUND_MS);
    await pacer(sam).getByRole('button', { name: 'Stop for both of us' }).click();
    await waitGone(alex.locator('.breathe-screen'));
    expect(h.pageErrors).toEqual([]);
  });
});
