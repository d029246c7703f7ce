/**
 * Issue 17, part 4 — needs, not accusations. Writing a quick note that blames ("You never…"),
 * Alex is offered the same thought as "When…, I felt…, and I need…", uses it, and finishes it
 * with a feeling and a need from the couple's shared words; Sam receives the gentler note. A note
 * kept as written ("Keep my words") goes as written: the helper offers, never forces. Nothing
 * leaves the page while the helper works (no request is made while typing and choosing). axe
 * clean with the offer showing, at phone and desktop width. Screenshots: gentle-phrasing-*.png.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/gentle-phrasing.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPair,
  gotoSection,
  horizontalOverflow,
  screenshot,
  seriousA11yViolations,
  startHarness,
  VIEWPORTS,
  waitSynced,
  type Harness,
} from './helpers/index.js';

let h: Harness;
let alex: Page;
let sam: Page;

beforeAll(async () => {
  h = await startHarness();
  ({ alex, sam } = await createPair(h));
});

afterAll(async () => {
  await h?.close();
});

async function addWord(page: Page, term: string, kind: 'Emotion' | 'Need'): Promise<void> {
  await gotoSection(page, 'Our words');
  await page.getByLabel('Word or phrase').fill(term);
  await page.getByLabel('Kind of word').selectOption({ label: kind });
  await page.getByRole('button', { name: 'Add word' }).click();
  await page.getByRole('list', { name: 'Our words' }).getByRole('listitem', { name: term, exact: true }).waitFor();
}

describe('the phrasing helper', () => {
  it('offers "When…, I felt…, I need…" for a blaming note, fills it with shared words, and sends what was chosen', async () => {
    await addWord(sam, 'unseen', 'Emotion');
    await addWord(sam, 'a moment together', 'Need');
    await waitSynced(sam);
    await gotoSection(alex, 'Our words');
    await alex.getByRole('list', { name: 'Our words' }).getByRole('listitem', { name: 'a moment together', exact: true }).waitFor();
    await gotoSection(alex, 'Inbox');
    const note = alex.getByLabel('Note', { exact: true });
    // What could carry words: anything but fetching the app's own files (a lazy chunk or an icon
    // may still arrive while typing), or anything whose address holds the typed words.
    const requests: string[] = [];
    const record = (request: { url(): string; method(): string }): void => {
      const url = new URL(request.url());
      const ownFile = request.method() === 'GET' && url.origin === new URL(h.url).origin && !url.pathname.startsWith('/v1/');
      if (!ownFile || /unseen|how my day/i.test(decodeURIComponent(url.href))) requests.push(`${request.method()} ${url.href}`);
    };
    alex.on('request', record);

    await note.fill('I had a long day. You never ask how my day was!');
    const offer = alex.getByRole('complementary', { name: 'A gentler way to say it' });
    await offer.getByText('“You never” can land as a verdict', { exact: false }).waitFor();
    await expect.poll(() => offer.locator('.phrasing-suggestion').textContent()).toBe(
      "When I hoped you would ask how my day was and you didn't, I felt …, and I need ….",
    );
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await alex.setViewportSize(viewport);
      expect(await seriousA11yViolations(alex)).toEqual([]);
      expect(await horizontalOverflow(alex)).toEqual([]);
      await screenshot(alex, `gentle-phrasing-offer-${width}`);
    }

    await offer.getByRole('button', { name: 'Use this' }).click();
    await expect.poll(() => note.inputValue()).toBe("I had a long day. When I hoped you would ask how my day was and you didn't, I felt …, and I need ….");
    // The couple's own words for the blanks (synced from Sam's device).
    const words = alex.getByRole('complementary', { name: 'Your shared words' });
    await words.getByRole('group', { name: 'I felt…' }).getByRole('button', { name: 'unseen' }).click();
    await words.getByRole('group', { name: 'I need…' }).getByRole('button', { name: 'a moment together' }).click();
    const gentle = "I had a long day. When I hoped you would ask how my day was and you didn't, I felt unseen, and I need a moment together.";
    await expect.poll(() => note.inputValue()).toBe(gentle);
    await expect.poll(() => words.count()).toBe(0);
    alex.off('request', record);
    expect(requests).toEqual([]);
    await alex.getByRole('button', { name: 'Add note' }).click();

    await gotoSection(sam, 'Inbox');
    await sam.getByText(gentle).waitFor();
  });

  it('keeps the words as written when asked, and offers again only for a new blaming sentence', async () => {
    await gotoSection(alex, 'Inbox');
    const note = alex.getByLabel('Note', { exact: true });
    const offer = alex.getByRole('complementary', { name: 'A gentler way to say it' });
    await note.fill('You always pick the film');
    await offer.waitFor();
    await offer.getByRole('button', { name: 'Keep my words' }).click();
    await expect.poll(() => offer.count()).toBe(0);
    // Another blaming sentence is a new offer; putting it away leaves the words as they are.
    await note.fill('You always pick the film. You never ask what I want to watch');
    await expect.poll(() => offer.locator('.phrasing-suggestion').textContent()).toBe(
      "When I hoped you would ask what I want to watch and you didn't, I felt …, and I need ….",
    );
    await offer.getByRole('button', { name: 'Keep my words' }).click();
    await expect.poll(() => offer.count()).toBe(0);
    await alex.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => note.inputValue()).toBe('');
    await sam.getByText('You always pick the film. You never ask what I want to watch', { exact: true }).waitFor();
  });
});
