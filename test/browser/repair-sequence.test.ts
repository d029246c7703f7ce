/**
 * Issue 17, part 3 — a trigger leads into a repair sequence (apology → reassurance →
 * commitment), with two partners in real Chromium: Alex writes it with the trigger, it is
 * "Proposed repair" until both agreed on their own devices, "Our agreed repair" once they have,
 * and Sam's edit of the commitment voids both agreements with what changed. In a pause, Sam names
 * the trigger on the pause card and sees its repair there. axe clean at both widths.
 * Screenshots: repair-sequence-*.png.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/repair-sequence.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkAtBothWidths,
  createPair,
  gotoSection,
  type Harness,
  startHarness,
} from './helpers/index.js';

let h: Harness;
let alex: Page;
let sam: Page;

const TRIGGER = 'Plans changed at the last minute';
const APOLOGY = 'I am sorry I changed our plans without asking you.';
const REASSURANCE = 'You matter more to me than the plan.';
const COMMITMENT = 'We check with each other before we change plans.';

beforeAll(async () => {
  h = await startHarness();
  ({ alex, sam } = await createPair(h));
});

afterAll(async () => {
  await h?.close();
});

function triggerCard(page: Page) {
  return page.getByRole('list', { name: 'Our triggers' }).getByRole('listitem', { name: `Trigger: ${TRIGGER}`, exact: true });
}


describe('a trigger’s repair sequence', () => {
  it('is proposed until both agree, agreed once both did, and an edit of a step voids it', async () => {
    await gotoSection(alex, 'Triggers');
    await gotoSection(sam, 'Triggers');
    const form = alex.getByRole('form', { name: 'Add a trigger' });
    await form.getByLabel('The trigger').fill(TRIGGER);
    await form.getByLabel('The response we propose').fill('Say it out loud and take a breath.');
    await form.getByLabel('1. Apology').fill(APOLOGY);
    await form.getByLabel('2. Reassurance').fill(REASSURANCE);
    await form.getByLabel('3. Our commitment').fill(COMMITMENT);
    await form.getByRole('button', { name: 'Add trigger' }).click();

    const alexs = triggerCard(alex);
    const sams = triggerCard(sam);
    await sams.getByText(COMMITMENT).waitFor();
    await sams.getByText('Proposed repair', { exact: true }).waitFor();
    await alexs.getByRole('button', { name: `Agree to this response and repair: ${TRIGGER}` }).click();
    await sams.getByText('Alex: agreed').waitFor();
    expect(await sams.getByText('Our agreed repair').count()).toBe(0);
    await sams.getByRole('button', { name: `Agree to this response and repair: ${TRIGGER}` }).click();
    await alexs.getByText('Our agreed repair', { exact: true }).waitFor();
    await alexs.getByText('You both agreed to this response and repair.').waitFor();
    await checkAtBothWidths(alex, 'repair-sequence-agreed');

    await sams.getByRole('button', { name: `Edit trigger: ${TRIGGER}` }).click();
    await sams.getByLabel('3. Our commitment').fill('We text before we change plans.');
    await sams.getByRole('button', { name: 'Save changes' }).click();
    await alexs.getByText('We text before we change plans.').waitFor();
    await alexs.getByText('Proposed repair', { exact: true }).waitFor();
    await alexs.getByText('Changed since you both agreed').click();
    const diff = alexs.locator('.earlier-version .edited-fields');
    expect((await diff.locator('del').allInnerTexts()).join(' ')).toContain('check with each other');
    await alexs.getByRole('button', { name: `Agree again: ${TRIGGER}` }).waitFor();
  });

  it('is in reach on the pause card once the trigger is named there', async () => {
    await alex.getByRole('button', { name: 'Pause', exact: true }).click();
    const card = sam.getByRole('dialog', { name: 'Alex needs a pause' });
    await card.waitFor();
    const choices = card.getByRole('group', { name: 'Our triggers' });
    await choices.getByRole('button', { name: TRIGGER }).click();
    const repair = card.getByRole('group', { name: `Our repair: ${TRIGGER}` });
    await repair.getByText(APOLOGY).waitFor();
    await repair.getByText('We text before we change plans.').waitFor();
    expect(await choices.getByRole('button', { name: TRIGGER }).getAttribute('aria-pressed')).toBe('true');
    await checkAtBothWidths(sam, 'repair-sequence-pause');
    await card.getByRole('button', { name: 'End the pause for both of us' }).click();
    await card.waitFor({ state: 'detached' });
  });
});
