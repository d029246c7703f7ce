/**
 * Issue 12, items 1 and 3, with two partners in real Chromium through a real relay: a pause
 * reaches the partner's screen as a calm full-screen card with the couple's signal, steps and a
 * timer; either partner ends it on both screens; gentle checks arrive with one-tap answers and
 * the sender sees the answer ("Let's pause" starts a pause); a partner who opens the app during
 * a pause gets it then; the sender's pause survives a reload of their tab; and the partner's timer
 * matches the sender's when one page's clock is seconds off (the difference is measured and
 * printed, asserted only against a loose bound). The click-to-card latency is measured and
 * printed, not asserted. Screenshots: /tmp/shots-pause/, and the sender's view after a reload at
 * /tmp/h1-sender-reload-{desktop,phone}.png.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/pause.test.ts
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPair, gotoSection, seriousA11yViolations, startHarness, VIEWPORTS, waitGone, waitSynced, type Harness } from './helpers/index.js';

const SHOTS = '/tmp/shots-pause';
const DESKTOP = { width: 1280, height: 800 };
/** Sam's page clock in the skew test: this far ahead of real time. */
const SKEW_MS = 7_300;
/** Loose bound on the two timers' difference: the skew estimate is off by one wire delay. */
const TIMER_BOUND_MS = 500;

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

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

function pauseCard(page: Page, title: string) {
  return page.getByRole('dialog', { name: title });
}

/** Record (in the page) when a pause card first appears, as wall-clock ms. */
async function watchForPauseCard(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { pauseSeenAt?: number };
    delete w.pauseSeenAt;
    const seen = (): boolean => {
      if (!document.querySelector('.pause-screen')) return false;
      w.pauseSeenAt = Date.now();
      return true;
    };
    if (seen()) return;
    const observer = new MutationObserver(() => {
      if (seen()) observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
}

/** Record (in the page) whether the pause card goes away, even for a moment. */
async function watchPauseCardStays(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { pauseCardGone?: boolean };
    w.pauseCardGone = false;
    const observer = new MutationObserver(() => {
      if (!document.querySelector('.pause-screen')) {
        w.pauseCardGone = true;
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
}

/**
 * When this page's timer reaches zero, in real (monotonic) ms: the time left it shows plus the
 * instant it was computed on the page's monotonic clock, which a shifted Date.now does not touch.
 */
async function timerEnd(page: Page): Promise<number> {
  const [left, at] = await page
    .locator('.pause-timer')
    .evaluate((el) => [Number(el.getAttribute('data-pause-left-ms')), Number(el.getAttribute('data-pause-at'))]);
  return at + left;
}

/** Record (in the page) when the next click happens, as wall-clock ms. */
async function watchForClick(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { clickedAt?: number };
    document.addEventListener('click', () => (w.clickedAt ??= Date.now()), { capture: true, once: true });
  });
}

describe('pause', () => {
  it('shows the partner a calm card with the signal, steps and timer; either ends it on both screens', async () => {
    // The couple's own pause signal, from their words.
    await gotoSection(alex, 'Our words');
    await alex.getByLabel('Word or phrase').fill('Orange light');
    await alex.getByLabel('Kind of word').selectOption('signal');
    await alex.getByRole('button', { name: 'Add word' }).click();
    await alex.getByRole('list', { name: 'Our words' }).getByRole('listitem', { name: 'Orange light', exact: true }).waitFor();
    await waitSynced(alex);

    await watchForPauseCard(sam);
    await watchForClick(alex);
    await alex.getByRole('button', { name: 'Pause', exact: true }).click();
    const card = pauseCard(sam, 'Alex needs a pause');
    await card.waitFor();
    const clickedAt = await alex.evaluate(() => (window as unknown as { clickedAt: number }).clickedAt);
    const seenAt = await sam.evaluate(() => (window as unknown as { pauseSeenAt: number }).pauseSeenAt);
    console.log(`pause latency, click on Alex's screen to card on Sam's: ${seenAt - clickedAt} ms`);

    await card.getByText('“Orange light”').waitFor();
    expect(await card.getByRole('timer').textContent()).toMatch(/^(20:00|19:[0-5]\d)$/);
    expect(await card.getByRole('list').getByRole('listitem').count()).toBeGreaterThan(1);
    await card.getByRole('heading', { name: 'When the time is up' }).waitFor();
    // Focus is on the card, and Escape does not silently put a partner's pause away.
    expect(await sam.evaluate(() => document.activeElement?.id)).toBe('pause-title');
    await sam.keyboard.press('Escape');
    await sam.waitForTimeout(400);
    expect(await card.isVisible()).toBe(true);

    const own = pauseCard(alex, 'You asked for a pause');
    await own.getByText('Sent to Sam.').waitFor();
    await shot(sam, 'pause-partner-phone');
    await shot(alex, 'pause-sender-desktop');
    expect(await seriousA11yViolations(sam)).toEqual([]);
    expect(await seriousA11yViolations(alex)).toEqual([]);
    // Calm colours: the card's background is not red.
    const background = await card.evaluate((el) => getComputedStyle(el).backgroundColor);
    const [r = 0, g = 0, b = 0] = (background.match(/\d+/g) ?? []).map(Number);
    expect(r - g > 40 && r - b > 40).toBe(false);

    // Sam ends it early: both screens show it end.
    await card.getByRole('button', { name: 'End the pause for both of us' }).click();
    await waitGone(sam.locator('.pause-screen'));
    await waitGone(alex.locator('.pause-screen'));

    // Sam asks with the keyboard shortcut; Alex ends it.
    await sam.keyboard.press('Alt+KeyP');
    const onAlex = pauseCard(alex, 'Sam needs a pause');
    await onAlex.waitFor();
    await pauseCard(sam, 'You asked for a pause').waitFor();
    await onAlex.getByRole('button', { name: 'End the pause for both of us' }).click();
    await waitGone(alex.locator('.pause-screen'));
    await waitGone(sam.locator('.pause-screen'));
    expect(h.pageErrors).toEqual([]);
  });

  it('reaches a partner who opens the app while the pause lasts', async () => {
    const context = sam.context();
    await sam.close();
    await alex.getByRole('button', { name: 'Pause', exact: true }).click();
    await pauseCard(alex, 'You asked for a pause').getByText('Sent to Sam.').waitFor();
    await alex.waitForTimeout(1000);

    sam = await context.newPage();
    const openedAt = Date.now();
    await sam.goto(h.url);
    const card = pauseCard(sam, 'Alex needs a pause');
    await card.waitFor();
    console.log(`pause shown on next open: ${Date.now() - openedAt} ms after the page started loading`);
    expect(await card.getByRole('timer').textContent()).toMatch(/^(20:00|19:[0-5]\d)$/);
    await card.getByRole('button', { name: 'End the pause for both of us' }).click();
    await waitGone(alex.locator('.pause-screen'));
    // Ended is ended: Alex's device stops repeating it, and it does not come back.
    await sam.waitForTimeout(6000);
    expect(await sam.locator('.pause-screen').count()).toBe(0);
    expect(h.pageErrors).toEqual([]);
  });
});

describe('pause across a reload', () => {
  it('keeps the sender’s pause through a reload of their tab; End afterwards ends it for both', async () => {
    await alex.getByRole('button', { name: 'Pause', exact: true }).click();
    await pauseCard(alex, 'You asked for a pause').getByText('Sent to Sam.').waitFor();
    const card = pauseCard(sam, 'Alex needs a pause');
    await card.waitFor();
    await watchPauseCardStays(sam);
    const endsBefore = await timerEnd(alex);
    // A little way in, so a pause started afresh by the reload would show.
    await alex.waitForTimeout(2000);

    await alex.reload();
    const own = pauseCard(alex, 'You asked for a pause');
    await own.getByText('Sent to Sam.').waitFor();
    await own.getByText('“Orange light”').waitFor();
    // Still the same pause, ending when it did: not a new one of the full length.
    expect(await own.getByRole('timer').textContent()).toMatch(/^19:5\d$/);
    const moved = (await timerEnd(alex)) - endsBefore;
    console.log(`sender's pause end, after the reload minus before: ${moved.toFixed(1)} ms`);
    expect(Math.abs(moved)).toBeLessThan(250);
    // Alex's re-sends go on after the reload: Sam's card never left.
    await alex.waitForTimeout(6000);
    expect(await card.isVisible()).toBe(true);
    expect(await sam.evaluate(() => (window as unknown as { pauseCardGone: boolean }).pauseCardGone)).toBe(false);
    await alex.screenshot({ path: '/tmp/h1-sender-reload-desktop.png' });
    await alex.setViewportSize(VIEWPORTS.phone);
    await own.getByText('Sent to Sam.').waitFor();
    await alex.screenshot({ path: '/tmp/h1-sender-reload-phone.png' });
    expect(await seriousA11yViolations(alex)).toEqual([]);
    await alex.setViewportSize(DESKTOP);

    await own.getByRole('button', { name: 'End the pause for both of us' }).click();
    await waitGone(alex.locator('.pause-screen'));
    await waitGone(sam.locator('.pause-screen'));
    // Ended is ended, also for the kept copy: the next reload brings nothing back.
    await alex.reload();
    await waitSynced(alex);
    await alex.waitForTimeout(2000);
    expect(await alex.locator('.pause-screen').count()).toBe(0);
    expect(await sam.locator('.pause-screen').count()).toBe(0);
    expect(h.pageErrors).toEqual([]);
  });
});

describe('pause while offline', () => {
  it('is queued, marked as not sent yet, and sent once back online', async () => {
    await alex.context().setOffline(true);
    await alex.locator('[data-sync="offline"]').waitFor();
    await alex.getByRole('button', { name: 'Pause', exact: true }).click();
    const own = pauseCard(alex, 'You asked for a pause');
    await own.getByText('Not sent yet: you are offline.', { exact: false }).waitFor();
    await shot(alex, 'pause-queued-desktop');
    await alex.context().setOffline(false);
    await own.getByText('Sent to Sam.').waitFor();
    // Back online with the same socket: the badge says so too, not "Offline" until a reconnect.
    await waitSynced(alex);
    const card = pauseCard(sam, 'Alex needs a pause');
    await card.waitFor();
    await card.getByRole('button', { name: 'End the pause for both of us' }).click();
    await waitGone(alex.locator('.pause-screen'));
    expect(h.pageErrors).toEqual([]);
  });
});

describe('gentle checks', () => {
  it('arrive as a gentle card with one-tap answers, and the sender sees the answer', async () => {
    await alex.getByText('Gentle check').click();
    await alex.getByRole('button', { name: 'Are you okay?' }).click();
    await alex.getByText('You asked: Are you okay?').waitFor();
    const card = sam.getByRole('dialog', { name: 'Alex asks: Are you okay?' });
    await card.waitFor();
    await shot(sam, 'check-partner-phone');
    await shot(alex, 'check-sender-desktop', true);
    expect(await seriousA11yViolations(sam)).toEqual([]);
    expect(await seriousA11yViolations(alex)).toEqual([]);
    await card.getByRole('button', { name: 'Come closer' }).click();
    await waitGone(card);
    await alex.getByText('Sam would like you to come closer.').waitFor();
    await shot(alex, 'check-answered-desktop', true);
    // Nothing on Alex's screen says whether or when Sam saw it: only the answer.
    expect(await alex.locator('.live-layer').getByText(/\b(seen|read|delivered)\b/i).count()).toBe(0);

    // "Let's pause" answers and starts the pause on both screens.
    await alex.getByRole('button', { name: 'Would it help if we pause?' }).click();
    const second = sam.getByRole('dialog', { name: 'Alex asks: Would it help if we pause?' });
    await second.getByRole('button', { name: 'Let’s pause' }).click();
    await pauseCard(alex, 'Sam needs a pause').waitFor();
    await pauseCard(sam, 'You asked for a pause').waitFor();
    await shot(alex, 'pause-from-check-desktop');
    await pauseCard(sam, 'You asked for a pause').getByRole('button', { name: 'End the pause for both of us' }).click();
    await waitGone(alex.locator('.pause-screen'));
    expect(h.pageErrors).toEqual([]);
  });
});

describe('pause timer across clocks', () => {
  it(`shows the partner the sender's time left when the partner's clock is ${SKEW_MS / 1000} s ahead`, async () => {
    const context = sam.context();
    await sam.close();
    sam = await context.newPage();
    await sam.addInitScript(`{ const realNow = Date.now.bind(Date); Date.now = () => realNow() + ${SKEW_MS}; }`);
    await sam.goto(h.url);
    await waitSynced(sam);
    const skewSeen = await sam.evaluate(() => Date.now() - (performance.timeOrigin + performance.now()));
    expect(Math.abs(skewSeen - SKEW_MS)).toBeLessThan(50);

    await alex.getByRole('button', { name: 'Pause', exact: true }).click();
    const card = pauseCard(sam, 'Alex needs a pause');
    await card.waitFor();
    // Let a re-sent copy or two refine the skew estimate.
    await alex.waitForTimeout(6000);
    let worst = 0;
    for (let i = 0; i < 3; i++) {
      const [ends, endsOnSam] = await Promise.all([timerEnd(alex), timerEnd(sam)]);
      const difference = endsOnSam - ends;
      worst = Math.max(worst, Math.abs(difference));
      console.log(`pause timer, Sam's end minus Alex's (Sam's clock ${SKEW_MS} ms ahead), reading ${i + 1}: ${difference.toFixed(1)} ms`);
      await alex.waitForTimeout(1100);
    }
    console.log(`pause timer difference: worst of 3 readings ${worst.toFixed(1)} ms`);
    expect(worst).toBeLessThan(TIMER_BOUND_MS);
    await card.getByRole('button', { name: 'End the pause for both of us' }).click();
    await waitGone(alex.locator('.pause-screen'));
    expect(h.pageErrors).toEqual([]);
  });
});
