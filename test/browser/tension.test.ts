/**
 * Browser end-to-end for the private tension log (issue 17, item 2): two partners in two
 * profiles through a real relay. Alex records "where am I now?" with canary words from the
 * home in one tap; Sam's page never shows them and the relay's files never hold them (canary
 * scan, every encoding); at or above the level Alex chose, a gentle nudge points at the pause
 * tools and sends nothing; the trend is Alex's own; a summary reaches Sam only when Alex presses
 * Share, and holds none of Alex's words. axe-clean at phone and desktop width; screenshots to
 * /tmp/tension-*.png for a human to look at.
 *
 *   scripts/pnpm exec turbo run build --filter=@securebase/web && npx vitest run -c vitest.browser.config.ts test/browser/tension.test.ts
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canariesIn } from '../integration/canaries.js';
import { createPair, gotoSection, horizontalOverflow, seriousA11yViolations, startHarness, waitSynced, type Harness } from './helpers/index.js';

const CANARIES = { calm: 'Zqtensionmeadow4471', hard: 'Zqtensionthunder8312' };
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

let h: Harness;
let alex: Page;
let sam: Page;

beforeAll(async () => {
  h = await startHarness();
  ({ alex, sam } = await createPair(h));
  for (const page of [alex, sam]) await page.evaluate(() => (location.hash = '#/home'));
});

afterAll(async () => {
  await h?.close();
});

function card(page: Page): Locator {
  return page.getByRole('region', { name: /^Where am I now\?/ });
}

/** Types optional words and taps a level, as a person would. */
async function record(page: Page, level: number, words = ''): Promise<void> {
  if (words) await card(page).getByLabel('A few words (optional)').fill(words);
  await card(page).getByRole('button', { name: `${level} of 10`, exact: true }).click();
  await card(page).getByText(`Noted: ${level} of 10. Kept only on your devices.`).waitFor();
}

async function relayLeaks(): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(h.dataDir, { recursive: true, withFileTypes: true });
  // The relay did store the space (its database): an empty directory would prove nothing.
  expect(entries.some((e) => e.isFile())).toBe(true);
  for (const entry of entries.filter((e) => e.isFile())) {
    const file = join(entry.parentPath, entry.name);
    for (const leak of canariesIn(await readFile(file), CANARIES)) found.push(`${file}: ${leak}`);
  }
  return found;
}

const pageText = (page: Page): Promise<string> => page.evaluate(() => document.documentElement.outerHTML);

describe('the private tension log, two partners', () => {
  it('records in one tap from the home, marked as only on this person’s devices', async () => {
    await card(alex).getByText('Only on your devices').waitFor();
    await record(alex, 3, CANARIES.calm);
    // Below the gentle default (7): no nudge.
    expect(await card(alex).getByRole('note', { name: 'A gentle suggestion' }).count()).toBe(0);
    // The words field is empty again for the next time.
    expect(await card(alex).getByLabel('A few words (optional)').inputValue()).toBe('');
  });

  it('nudges towards the pause tools at or above the level, and sends nothing', async () => {
    await record(alex, 8, CANARIES.hard);
    const nudge = card(alex).getByRole('note', { name: 'A gentle suggestion' });
    await nudge.getByText('Nothing has been sent.', { exact: false }).waitFor();
    await nudge.getByRole('button', { name: 'Show me the Pause button' }).click();
    const pause = alex.locator('.live-bar .pause-button');
    await expect.poll(() => pause.evaluate((el) => el === document.activeElement)).toBe(true);
    // Focus only: no pause was started on either screen.
    expect(await pause.isEnabled()).toBe(true);
    expect(await alex.getByRole('dialog').count()).toBe(0);
    expect(await sam.getByRole('dialog').count()).toBe(0);
  });

  it('keeps the entries from the partner’s page and from the relay’s files', async () => {
    await waitSynced(alex);
    await waitSynced(sam);
    // Sam's own card and trend know nothing of Alex's entries.
    await card(sam).getByRole('button', { name: 'My trend' }).click();
    await card(sam).getByText('Last 7 days: nothing noted.').waitFor();
    expect(canariesIn(Buffer.from(await pageText(sam)), CANARIES)).toEqual([]);
    expect(await relayLeaks()).toEqual([]);
    // A reload of Alex's page still shows them: they are in Alex's private document.
    await alex.reload();
    await card(alex).getByRole('button', { name: 'My trend' }).click();
    await card(alex).getByText('Last 7 days: 5.5 on average, 2 entries.').waitFor();
  });

  it('uses the level Alex chose for the nudge, and none when turned off', async () => {
    await card(alex).getByLabel('Suggest a pause from').selectOption('4');
    await record(alex, 5);
    await card(alex).getByRole('note', { name: 'A gentle suggestion' }).waitFor();
    await card(alex).getByLabel('Suggest a pause from').selectOption('off');
    await record(alex, 9);
    expect(await card(alex).getByRole('note', { name: 'A gentle suggestion' }).count()).toBe(0);
    await card(alex).getByText('Last 7 days: 6.3 on average, 4 entries.').waitFor();
    // Seven days of bars, each with its words, today's last.
    expect(await card(alex).getByRole('list', { name: 'The last 7 days, on average' }).getByRole('listitem').count()).toBe(7);
  });

  it('shares a summary with the partner only when Share is pressed, without numbers or words', async () => {
    await gotoSection(sam, 'Inbox');
    const summary = (await card(alex).locator('.tension-summary').textContent()) ?? '';
    expect(summary).toMatch(/^This week: /);
    expect(await sam.getByText(summary).count()).toBe(0);
    await card(alex).getByRole('button', { name: 'Share with Sam' }).click();
    await card(alex).getByText('Shared with Sam in your inbox.').waitFor();
    await sam.getByText(summary).first().waitFor();
    expect(summary).not.toMatch(/\d/);
    expect(canariesIn(Buffer.from(await pageText(sam)), CANARIES)).toEqual([]);
    await waitSynced(alex);
    expect(await relayLeaks()).toEqual([]);
  });

  it('is accessible and fits at both widths', async () => {
    await sam.evaluate(() => (location.hash = '#/home'));
    await record(alex, 2);
    await card(alex).getByLabel('Suggest a pause from').selectOption('7');
    await record(alex, 7);
    await card(alex).getByRole('note', { name: 'A gentle suggestion' }).waitFor();
    for (const [who, page] of [
      ['alex', alex],
      ['sam', sam],
    ] as const) {
      for (const [width, viewport] of Object.entries(WIDTHS)) {
        await page.setViewportSize(viewport);
        expect(await seriousA11yViolations(page), `${who} at ${width}`).toEqual([]);
        expect(await horizontalOverflow(page), `${who} overflows at ${width}`).toEqual([]);
        await card(page).screenshot({ path: `/tmp/tension-${who}-${width}.png` });
        await page.screenshot({ path: `/tmp/tension-${who}-${width}-home.png`, fullPage: true });
      }
    }
    expect(h.pageErrors).toEqual([]);
  });
});
