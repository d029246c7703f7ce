/**
 * A new boundary starts with no answer chosen, and the last answer does not carry over to the
 * next one (issue 11, finding 10): an answer about consent is always a choice someone made.
 * Saving without an answer is refused in words. Screenshots: boundary-no-preselect-*.png.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/boundary-no-preselect.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpaceAs, gotoSection, screenshot, seriousA11yViolations, startHarness, VIEWPORTS, type Harness } from './helpers/index.js';

let h: Harness;
let maya: Page;

beforeAll(async () => {
  h = await startHarness();
  maya = await createSpaceAs(h, { name: 'Maya' });
});

afterAll(async () => {
  await h?.close();
});

describe('a new boundary', () => {
  it('has no answer preselected, refuses a missing answer in words, and resets after saving', async () => {
    await gotoSection(maya, 'Boundaries');
    const form = maya.getByRole('form', { name: 'Draft a boundary' });
    const checked = (): Promise<number> => form.locator('input[type="radio"]:checked').count();
    expect(await checked()).toBe(0);

    await form.getByLabel('Topic').fill('Holding hands in public');
    await form.getByRole('button', { name: 'Save draft' }).click();
    await form.getByText('Choose an answer').waitFor();
    expect(await maya.getByRole('list', { name: 'My private drafts' }).getByRole('listitem').count()).toBe(0);

    await form.getByRole('radio', { name: 'No', exact: true }).check();
    await form.getByRole('button', { name: 'Save draft' }).click();
    await maya.getByRole('list', { name: 'My private drafts' }).getByRole('listitem', { name: 'Draft: Holding hands in public' }).waitFor();
    expect(await checked()).toBe(0);
    expect(await form.getByText('Choose an answer').count()).toBe(0);

    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await maya.setViewportSize(viewport);
      expect(await seriousA11yViolations(maya), width).toEqual([]);
      await screenshot(maya, `boundary-no-preselect-${width}`);
    }
  });
});
