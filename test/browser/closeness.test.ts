/**
 * Browser end-to-end for the closeness ladder (issue 13, item 1): two partners in two profiles
 * through a real relay. Where each is with a step ("ready", "maybe soon", "not yet") stays in
 * their own private document: each sees their own choice and never the other's, while both see
 * the same agreed step and pace. Stepping back is one tap with no question; a step one partner
 * adds shows for the other, and moving it changes both ladders. axe-clean at phone and desktop
 * width; screenshots to /tmp/h6-*.png for a human to look at.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/closeness.test.ts
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPair, gotoSection, horizontalOverflow, seriousA11yViolations, startHarness, waitSynced, type Harness } from './helpers/index.js';

const FIRST = 'Being in the same room';
const SECOND = 'Time for just the two of us';
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

let h: Harness;
let alex: Page;
let sam: Page;

beforeAll(async () => {
  h = await startHarness();
  ({ alex, sam } = await createPair(h));
  await gotoSection(alex, 'Closeness');
  await gotoSection(sam, 'Closeness');
});

afterAll(async () => {
  await h?.close();
});

function step(page: Page, title: string): Locator {
  return page.getByRole('list', { name: 'Our ladder' }).getByRole('listitem', { name: title, exact: true });
}

function together(page: Page): Locator {
  return page.getByRole('region', { name: 'Where we are together' });
}

/** How many position radio buttons are checked on the whole ladder. */
function ladderChecked(page: Page): Promise<number> {
  return page.getByRole('list', { name: 'Our ladder' }).locator('input[type="radio"]:checked').count();
}

/** The position radio buttons checked on one step, by label. */
async function checkedOn(page: Page, title: string): Promise<string[]> {
  return step(page, title)
    .locator('input[type="radio"]:checked')
    .evaluateAll((inputs) => inputs.map((i) => i.closest('label')?.textContent?.trim() ?? ''));
}

describe('the closeness ladder, two partners', () => {
  it('keeps each one’s position private and shows both the same agreed step', async () => {
    // Nothing is chosen for anyone: no position is preselected on any step.
    expect(await ladderChecked(alex)).toBe(0);
    await step(alex, FIRST).getByRole('radio', { name: 'Ready', exact: true }).check();
    await step(sam, FIRST).getByRole('radio', { name: 'Maybe soon', exact: true }).check();
    await waitSynced(alex);
    await waitSynced(sam);
    expect(await checkedOn(alex, FIRST)).toEqual(['Ready']);
    expect(await checkedOn(sam, FIRST)).toEqual(['Maybe soon']);
    // Neither screen holds the other's answer anywhere, and only one step is answered on each.
    expect(await ladderChecked(alex)).toBe(1);
    expect(await ladderChecked(sam)).toBe(1);

    for (const page of [alex, sam]) await together(page).getByText('You have not chosen a first step together yet.').waitFor();

    // Alex suggests the first step; it becomes current only once Sam says yes too.
    await step(alex, FIRST).getByRole('button', { name: `Suggest as our next step: ${FIRST}` }).click();
    await together(sam).getByText(`Alex would like to go on to: ${FIRST}`).waitFor();
    await together(sam).screenshot({ path: '/tmp/h6-sam-suggestion-phone.png' });
    await together(sam).getByRole('button', { name: 'Yes, me too' }).click();
    for (const page of [alex, sam]) await together(page).getByText(`Together you are at: ${FIRST}`).waitFor();

    await step(sam, SECOND).getByRole('button', { name: `Suggest as our next step: ${SECOND}` }).click();
    await together(alex).getByRole('button', { name: 'Yes, me too' }).click();
    for (const page of [alex, sam]) await together(page).getByText(`Together you are at: ${SECOND}`).waitFor();

    // The positions did not move with the agreement, and still only show one's own.
    expect(await checkedOn(alex, FIRST)).toEqual(['Ready']);
    expect(await checkedOn(sam, FIRST)).toEqual(['Maybe soon']);
  });

  it('steps back with one tap, no question asked, on both screens', async () => {
    await together(sam).getByRole('button', { name: 'Step back' }).click();
    // At once on Sam's own screen: no dialog, no reason field.
    await together(sam).getByText(`Together you are at: ${FIRST}`).waitFor();
    expect(await sam.getByRole('dialog').count()).toBe(0);
    expect(await sam.getByRole('textbox', { name: /reason/i }).count()).toBe(0);
    await together(alex).getByText(`Together you are at: ${FIRST}`).waitFor();
  });

  it('a step one partner adds shows for the other, and moving it moves it for both', async () => {
    const walk = 'Evening walk, arm in arm';
    const form = sam.getByRole('form', { name: 'Add our own step' });
    await form.getByLabel('The step, in your words').fill(walk);
    await form.getByRole('button', { name: 'Add this step' }).click();
    await step(alex, walk).waitFor();
    const titles = (page: Page) => page.getByRole('list', { name: 'Our ladder' }).getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')));
    expect((await titles(alex)).at(-1)).toBe(walk);

    await step(alex, walk).getByRole('button', { name: `Move up: ${walk}` }).click();
    await expect.poll(async () => (await titles(sam)).at(-2)).toBe(walk);
    expect((await titles(alex)).at(-2)).toBe(walk);
  });

  it('points to the couple’s boundaries and shows their pause signal', async () => {
    for (const page of [alex, sam]) {
      await together(page).getByRole('link', { name: 'Boundaries' }).waitFor();
      await together(page).getByRole('link', { name: 'Choose a pause signal together in Our words' }).waitFor();
    }
    await gotoSection(alex, 'Our words');
    await alex.getByLabel('Word or phrase').fill('Yellow');
    await alex.getByLabel('Kind of word').selectOption('signal');
    await alex.getByRole('button', { name: 'Add word' }).click();
    await alex.getByLabel('Our pause and safety signals', { exact: true }).getByText('Yellow').waitFor();
    await gotoSection(alex, 'Closeness');
    for (const page of [alex, sam]) {
      await together(page).getByText('“Yellow”').waitFor();
      await together(page).getByRole('link', { name: 'Your pause signal in Our words' }).waitFor();
    }
  });

  it('keeps my own position after a reload, and is accessible at both widths', async () => {
    await alex.reload();
    await step(alex, FIRST).waitFor();
    await expect.poll(() => checkedOn(alex, FIRST)).toEqual(['Ready']);
    for (const [who, page] of [
      ['alex', alex],
      ['sam', sam],
    ] as const) {
      for (const [width, viewport] of Object.entries(WIDTHS)) {
        await page.setViewportSize(viewport);
        expect(await seriousA11yViolations(page), `${who} at ${width}`).toEqual([]);
        expect(await horizontalOverflow(page), `${who} overflows at ${width}`).toEqual([]);
        await page.screenshot({ path: `/tmp/h6-${who}-${width}.png`, fullPage: true });
      }
    }
    expect(h.pageErrors).toEqual([]);
  });
});
