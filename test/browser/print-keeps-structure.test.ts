/**
 * The printable view is the page a couple puts on the fridge (issue 11, finding 8): a filled
 * de-escalation script prints as an ordered list, one item per step; fields keep their labels;
 * readable names stand where internal values were ("sunday", "(signal)", "trigger from Maya").
 * Screenshots at phone and desktop width go to test-output/screenshots/print-structure-*.png.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/print-keeps-structure.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpaceAs, gotoSection, horizontalOverflow, screenshot, seriousA11yViolations, startHarness, VIEWPORTS, type Harness } from './helpers/index.js';

let h: Harness;
let jonah: Page;

beforeAll(async () => {
  h = await startHarness();
  jonah = await createSpaceAs(h, { name: 'Jonah' });
});

afterAll(async () => {
  await h?.close();
});

async function addAgreement(kind: string, title: string): Promise<void> {
  await gotoSection(jonah, 'Agreements');
  const form = jonah.getByRole('form', { name: 'Start an agreement' });
  await form.getByLabel('Kind of agreement').selectOption(kind);
  await form.getByRole('button', { name: 'Add agreement' }).click();
  await jonah.getByRole('list', { name: 'Our agreements' }).getByRole('listitem', { name: title, exact: true }).waitFor();
}

describe('print view worth keeping', () => {
  it('prints the de-escalation steps as an ordered list, with labels and readable names', async () => {
    await gotoSection(jonah, 'Our words');
    await jonah.getByLabel('Word or phrase').fill('Red card');
    await jonah.getByLabel('Kind of word').selectOption('signal');
    await jonah.getByRole('button', { name: 'Add word' }).click();
    await jonah.getByRole('list', { name: 'Our words' }).getByRole('listitem', { name: 'Red card', exact: true }).waitFor();
    await addAgreement('de-escalation', 'When things get heated');
    await addAgreement('check-in-rhythm', 'Our check-in');
    await gotoSection(jonah, 'Inbox');
    const note = jonah.getByRole('form', { name: 'Add a note' });
    await note.getByLabel('Note', { exact: true }).fill('The phone at dinner');
    await note.getByLabel('What kind of note').selectOption('trigger');
    await note.getByRole('button', { name: 'Add note' }).click();
    await jonah.getByRole('list', { name: 'Notes' }).getByRole('listitem', { name: 'Note: The phone at dinner' }).waitFor();

    await jonah.getByRole('link', { name: 'Export and print' }).click();
    await jonah.getByRole('link', { name: 'Open the printable view' }).click();
    await jonah.getByRole('heading', { name: 'Our workbook' }).waitFor();
    const view = jonah.locator('.print-view');
    const script = view.locator('li', { hasText: 'When things get heated' });
    await script.waitFor();
    expect(await script.locator('ol > li').count()).toBe(5);
    expect(await script.locator('ol > li').first().innerText()).toContain('Either of us can say our pause signal');
    expect(await script.innerText()).toContain('Our steps');
    const text = await view.innerText();
    for (const internal of ['sunday', 'weekly', '(signal)', 'trigger from', '1. Either']) expect(text, internal).not.toContain(internal);
    for (const readable of ['Day: Sunday', 'pause signal', 'A trigger Jonah noticed']) expect(text, readable).toContain(readable);

    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await jonah.setViewportSize(viewport);
      expect(await seriousA11yViolations(jonah), width).toEqual([]);
      expect(await horizontalOverflow(jonah), width).toEqual([]);
      await screenshot(jonah, `print-structure-${width}`);
    }
  });
});
