/**
 * One item per intent, however fast the clicks (issue 11, finding 7): a double or triple click on
 * an add button makes exactly one agreement, check-in, note or win, and the click after the one
 * that saved never shows an error. Screenshots: submit-once-*.png.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/submit-once.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpaceAs, gotoSection, screenshot, startHarness, VIEWPORTS, type Harness } from './helpers/index.js';

let h: Harness;
let maya: Page;

beforeAll(async () => {
  h = await startHarness();
  maya = await createSpaceAs(h, { name: 'Maya' });
});

afterAll(async () => {
  await h?.close();
});

/** After two frames every click Playwright sent has run and the screen shows what it wrote. */
function settled(page: Page): Promise<unknown> {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** The cards in a named list. */
function cardsIn(page: Page, list: string): Promise<number> {
  return page.getByRole('list', { name: list, exact: true }).locator(':scope > li').count();
}

/** Errors the form shows (field errors and alerts). */
function errorsIn(page: Page, form: string): Promise<number> {
  return page.getByRole('form', { name: form }).locator('[role="alert"], [aria-invalid="true"]').count();
}

describe('a burst of clicks on an add button', () => {
  it('starts one agreement for a triple click', async () => {
    await gotoSection(maya, 'Agreements');
    await maya.getByRole('form', { name: 'Start an agreement' }).getByRole('button', { name: 'Add agreement' }).click({ clickCount: 3 });
    await maya.getByRole('list', { name: 'Our agreements' }).waitFor();
    await settled(maya);
    expect(await cardsIn(maya, 'Our agreements')).toBe(1);
    expect(await errorsIn(maya, 'Start an agreement')).toBe(0);
  });

  it('starts one check-in for a triple click', async () => {
    await gotoSection(maya, 'Check-ins');
    await maya.getByRole('form', { name: 'Start a check-in' }).getByRole('button', { name: 'Start check-in' }).click({ clickCount: 3 });
    await maya.getByRole('list', { name: 'Our check-ins' }).waitFor();
    await settled(maya);
    expect(await cardsIn(maya, 'Our check-ins')).toBe(1);
    expect(await errorsIn(maya, 'Start a check-in')).toBe(0);
  });

  it('adds one note for a double click, with no error for the second click', async () => {
    await gotoSection(maya, 'Inbox');
    const form = maya.getByRole('form', { name: 'Add a note' });
    await form.getByLabel('Note', { exact: true }).fill('Thank you for the tea this morning.');
    await form.getByRole('button', { name: 'Add note' }).dblclick();
    await maya.getByRole('list', { name: 'Notes' }).waitFor();
    await settled(maya);
    expect(await cardsIn(maya, 'Notes')).toBe(1);
    expect(await errorsIn(maya, 'Add a note')).toBe(0);
    await screenshot(maya, 'submit-once-inbox-desktop');
  });

  it('adds one win for a double click, and the next one after typing again', async () => {
    await gotoSection(maya, 'Wins');
    const form = maya.getByRole('form', { name: 'Add a win' });
    await form.getByLabel('What happened').fill('We took a pause and came back to it.');
    await form.getByRole('button', { name: 'Add to our wins' }).dblclick();
    await maya.getByRole('list', { name: 'Our wins' }).waitFor();
    await settled(maya);
    expect(await cardsIn(maya, 'Our wins')).toBe(1);
    expect(await errorsIn(maya, 'Add a win')).toBe(0);

    // A new intent: typed again, sent at once.
    await form.getByLabel('What happened').fill('We listened without fixing.');
    await form.getByRole('button', { name: 'Add to our wins' }).click();
    await maya.getByRole('list', { name: 'Our wins' }).locator(':scope > li').nth(1).waitFor();
    expect(await cardsIn(maya, 'Our wins')).toBe(2);
    await maya.setViewportSize(VIEWPORTS.phone);
    await screenshot(maya, 'submit-once-wins-phone');
    expect(h.pageErrors).toEqual([]);
  });
});
