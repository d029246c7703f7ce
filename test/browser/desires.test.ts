/**
 * Browser end-to-end for the mutual reveal of desires (issue 13, item 2): two partners in two
 * profiles through a real relay. Each answers privately (Alex yes to X and Y, Sam yes to Y and Z,
 * as their own words with canary strings; a built-in item Alex said maybe to and Sam no); both
 * press "Reveal together"; both screens show exactly Y and both counts. Neither page's DOM ever
 * held the other's unmatched wish (a MutationObserver records every text and attribute from the
 * first answer on), and no file of the relay's data directory holds X, Y or Z. Leaving the
 * screen forgets the result. axe-clean at phone and desktop width; screenshots to /tmp/desires-*.png.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/desires.test.ts
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canariesIn } from '../integration/canaries.js';
import { createPair, gotoSection, horizontalOverflow, seriousA11yViolations, startHarness, type Harness } from './helpers/index.js';

const X = 'Xqwishlantern5521';
const Y = 'Yqwishharbour6634';
const Z = 'Zqwishmeadow7745';
const HUG = 'A long hug without a reason';
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

let h: Harness;
let alex: Page;
let sam: Page;

beforeAll(async () => {
  h = await startHarness();
  ({ alex, sam } = await createPair(h));
  for (const page of [alex, sam]) {
    await gotoSection(page, 'Closeness');
    await recordEverything(page);
  }
});

afterAll(async () => {
  await h?.close();
});

/** From now on, keep every text and attribute value the page's DOM ever holds (window.__seen). */
async function recordEverything(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [document.documentElement.outerHTML];
    const w = window as unknown as { __seen: string[] };
    w.__seen = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'characterData') seen.push(r.target.textContent ?? '');
        if (r.type === 'attributes' && r.target instanceof Element) seen.push(r.target.getAttribute(r.attributeName ?? '') ?? '');
        r.addedNodes.forEach((node) => seen.push(node instanceof Element ? node.outerHTML : (node.textContent ?? '')));
      }
    }).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** Everything the page's DOM held since recording began, and what it holds now (inputs' values too). */
async function everSeen(page: Page): Promise<string> {
  return page.evaluate(() => {
    const values = Array.from(document.querySelectorAll('input, textarea'), (el) => (el as HTMLInputElement).value);
    return [...(window as unknown as { __seen: string[] }).__seen, document.documentElement.outerHTML, ...values].join('\n');
  });
}

function reveal(page: Page): Locator {
  return page.getByRole('region', { name: 'Reveal together' });
}

async function addWish(page: Page, words: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Add your own wish' });
  await form.getByLabel('Your wish, in your own words').fill(words);
  await form.getByRole('button', { name: 'Add my wish' }).click();
  await page.getByRole('listitem', { name: words, exact: true }).waitFor();
}

function answerOn(page: Page, title: string, answer: 'Yes' | 'Maybe' | 'No'): Locator {
  return page.getByRole('listitem', { name: title, exact: true }).getByRole('radio', { name: answer, exact: true });
}

async function relayLeaks(): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(h.dataDir, { recursive: true, withFileTypes: true });
  // The relay did store the space (its database): an empty directory would prove nothing.
  expect(entries.some((e) => e.isFile())).toBe(true);
  for (const entry of entries.filter((e) => e.isFile())) {
    const file = join(entry.parentPath, entry.name);
    for (const leak of canariesIn(await readFile(file), { X, Y, Z })) found.push(`${file}: ${leak}`);
  }
  return found;
}

describe('the mutual reveal of desires, two partners', () => {
  it('keeps each one’s answers private, with nothing chosen for anyone', async () => {
    // No built-in item starts answered.
    expect(await alex.locator('.desires input[type="radio"]:checked').count()).toBe(0);
    await addWish(alex, X);
    await addWish(alex, Y);
    await addWish(sam, Y);
    await addWish(sam, Z);
    await answerOn(alex, HUG, 'Maybe').check();
    await answerOn(sam, HUG, 'No').check();
    // Own words are added with "Yes"; each sees only their own answers.
    await expect.poll(() => answerOn(alex, X, 'Yes').isChecked()).toBe(true);
    expect(await answerOn(sam, HUG, 'No').isChecked()).toBe(true);
    expect(await answerOn(alex, HUG, 'Maybe').isChecked()).toBe(true);
    expect(await sam.getByRole('listitem', { name: X }).count()).toBe(0);
    expect(await alex.getByRole('listitem', { name: Z }).count()).toBe(0);
    // An own wish can be taken back (after a second press), answer and all.
    const passing = 'A passing thought';
    await addWish(alex, passing);
    await alex.getByRole('button', { name: `Remove your own wish: ${passing}` }).click();
    await alex.getByRole('group', { name: 'Remove this wish and your answer?' }).getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => alex.getByRole('listitem', { name: passing, exact: true }).count()).toBe(0);
    await reveal(alex).getByText('You would bring 3 wishes you said yes or maybe to.').waitFor();
    await reveal(sam).getByText('You would bring 2 wishes you said yes or maybe to.').waitFor();
  });

  it('stops calmly on this device when asked, showing nothing', async () => {
    await reveal(alex).getByRole('button', { name: 'Reveal together', exact: true }).click();
    await reveal(alex).getByText('Waiting for Sam to press “Reveal together” too.', { exact: false }).waitFor();
    await reveal(alex).screenshot({ path: '/tmp/desires-alex-waiting.png' });
    await reveal(alex).getByRole('button', { name: 'Stop the reveal' }).click();
    await reveal(alex).getByText('The reveal was stopped on this device, so nothing was shown.').waitFor();
    expect(await reveal(alex).getByRole('list', { name: 'Wishes you share' }).count()).toBe(0);
  });

  it('shows exactly the shared wish and both counts on both screens', async () => {
    await reveal(alex).getByRole('button', { name: 'Reveal together', exact: true }).click();
    await reveal(alex).getByText('Waiting for Sam', { exact: false }).waitFor();
    await reveal(sam).getByRole('button', { name: 'Reveal together', exact: true }).click();
    for (const [page, other, mine, theirs] of [
      [alex, 'Sam', 3, 2],
      [sam, 'Alex', 2, 3],
    ] as const) {
      const shared = reveal(page).getByRole('list', { name: 'Wishes you share' });
      await shared.waitFor();
      expect(await shared.getByRole('listitem').allTextContents()).toEqual([Y]);
      await reveal(page).getByText(`You brought ${mine}, ${other} brought ${theirs}; 1 is shared.`).waitFor();
      await reveal(page).getByText('each of you learns how many wishes the other brought', { exact: false }).waitFor();
    }
    // Neither DOM ever held the other's unmatched wish (the recording does hold each one's own);
    // the built-in maybe/no was not shared.
    const [seenBySam, seenByAlex] = [await everSeen(sam), await everSeen(alex)];
    expect(seenBySam).toContain(Z);
    expect(seenBySam).not.toContain(X);
    expect(seenByAlex).toContain(X);
    expect(seenByAlex).not.toContain(Z);
    expect(await reveal(alex).getByText(HUG).count()).toBe(0);
    expect(await reveal(sam).getByText(HUG).count()).toBe(0);
    expect(await relayLeaks()).toEqual([]);
  });

  it('is accessible at both widths while the result shows', async () => {
    for (const [who, page] of [
      ['alex', alex],
      ['sam', sam],
    ] as const) {
      for (const [width, viewport] of Object.entries(WIDTHS)) {
        await page.setViewportSize(viewport);
        expect(await seriousA11yViolations(page), `${who} at ${width}`).toEqual([]);
        expect(await horizontalOverflow(page), `${who} overflows at ${width}`).toEqual([]);
        await page.screenshot({ path: `/tmp/desires-${who}-${width}.png`, fullPage: true });
        await reveal(page).screenshot({ path: `/tmp/desires-${who}-${width}-reveal.png` });
        for (const group of ['Desires', 'Being close', 'Your own']) {
          // Clear of the live bar pinned at the top.
          await page.getByRole('heading', { name: group, exact: true }).evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 160));
          await page.screenshot({ path: `/tmp/desires-${who}-${width}-${group.replace(' ', '-').toLowerCase()}.png` });
        }
      }
    }
  });

  it('forgets the result when the screen closes, and keeps the answers', async () => {
    await gotoSection(alex, 'Boundaries');
    await gotoSection(alex, 'Closeness');
    await reveal(alex).getByRole('button', { name: 'Reveal together', exact: true }).waitFor();
    expect(await reveal(alex).getByRole('list', { name: 'Wishes you share' }).count()).toBe(0);
    expect(await answerOn(alex, X, 'Yes').isChecked()).toBe(true);
    expect(await everSeen(sam)).not.toContain(X);
    expect(await everSeen(alex)).not.toContain(Z);
    expect(h.pageErrors).toEqual([]);
  });
});
