/**
 * Issue 11, the rest of finding 6 and the vocabulary box of finding 10, in real Chromium with
 * two partners: check-in answers (words and ratings) and the story's acknowledgement box keep
 * their unsent text through a reload; after quick-hide (the button, which takes focus away) and
 * "Back", focus is in the very field that had it; one's own meaning of a word is never cut off
 * in its box, at 390 and 1280 px.
 *
 *   SECUREBASE_WEB_ROOT=/tmp/web-build npx vitest run -c vitest.browser.config.ts test/browser/drafts-answers.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWPORTS, createPair, gotoSection, horizontalOverflow, seriousA11yViolations, startHarness, waitSynced, type Harness } from './helpers/index.js';

let h: Harness;
let maya: Page;
let jonah: Page;
const SHOTS = '/tmp/shots-issue11';

beforeAll(async () => {
  h = await startHarness();
  ({ alex: maya, sam: jonah } = await createPair(h, { alex: { name: 'Maya' }, sam: { name: 'Jonah' } }));
});

afterAll(async () => {
  await h?.close();
});

async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
  await waitSynced(page);
}

/** Give the sealed draft write its moment (it is debounced). */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
}

async function look(page: Page, name: string): Promise<void> {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    expect(await seriousA11yViolations(page), `${name} ${width}`).toEqual([]);
    expect(await horizontalOverflow(page), `${name} ${width}`).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/${name}-${viewport.width}.png`, fullPage: true });
  }
}

const APPRECIATION = 'You made tea without asking, and sat with me.';

describe('check-in answers being written', () => {
  it('come back after a reload, and quick-hide + Back puts focus back in the field', async () => {
    await maya.setViewportSize(VIEWPORTS.desktop);
    await gotoSection(maya, 'Check-ins');
    const start = maya.getByRole('form', { name: 'Start a check-in' });
    await start.getByRole('radio', { name: 'Show as we go' }).check();
    await start.getByRole('button', { name: 'Start check-in' }).click();
    const answers = maya.getByRole('form', { name: 'Save my answers' });
    await answers.getByRole('group', { name: 'Safety' }).getByRole('radio', { name: '4' }).check();
    const appreciation = answers.getByLabel('One thing I appreciate');
    await appreciation.fill(APPRECIATION);
    await settle(maya);

    await reload(maya);
    await expect.poll(() => appreciation.inputValue()).toBe(APPRECIATION);
    expect(await answers.getByRole('group', { name: 'Safety' }).getByRole('radio', { name: '4' }).isChecked()).toBe(true);

    // The button takes focus on its way: Back still returns to the field being written in.
    await appreciation.focus();
    await maya.getByRole('button', { name: 'Quick hide' }).click();
    await maya.getByRole('heading', { name: 'Notes', exact: true }).waitFor();
    await maya.getByRole('button', { name: 'Back' }).click();
    await appreciation.waitFor();
    await expect.poll(() => appreciation.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => appreciation.inputValue()).toBe(APPRECIATION);
    await look(maya, 'checkin-draft-restored');
    await maya.setViewportSize(VIEWPORTS.desktop);
  });
});

describe('an acknowledgement being written', () => {
  it('comes back after a reload', async () => {
    await gotoSection(maya, 'Our story');
    await gotoSection(jonah, 'Our story');
    const possible = maya.getByRole('region', { name: 'What is still possible', exact: true });
    await possible.getByRole('textbox', { name: 'What is still possible, in my words' }).click();
    await maya.keyboard.type('We could walk on Sunday evenings.');
    await possible.getByRole('button', { name: 'Share with Jonah', exact: true }).click();
    const jonahs = jonah.getByRole('region', { name: 'What is still possible', exact: true });
    await jonahs.getByText('We could walk on Sunday evenings.').waitFor();
    const ack = jonahs.getByLabel('Acknowledge what Maya wrote');
    await ack.fill('I hear that you still hope for us');
    await settle(jonah);
    await reload(jonah);
    await expect.poll(() => ack.inputValue()).toBe('I hear that you still hope for us');
    await look(jonah, 'story-ack-draft-restored');
    await jonah.setViewportSize(VIEWPORTS.phone);
  });
});

const LONG_MEANING =
  'When I say flooded I mean everything is too loud at once: I stop hearing words, my chest goes tight, and I need twenty minutes on my own before I can listen again. It is not about you.';

describe('one’s own meaning of a word', () => {
  it('is never cut off in its box, at either width', async () => {
    await gotoSection(maya, 'Our words');
    const add = maya.getByRole('form', { name: 'Add a word' });
    await add.getByLabel('Word or phrase').fill('Flooded');
    await add.getByRole('button', { name: 'Add word' }).click();
    const mine = maya.getByRole('listitem', { name: 'Flooded' }).getByLabel('What it means to me');
    await mine.fill(LONG_MEANING);
    await mine.blur();
    for (const viewport of Object.values(VIEWPORTS)) {
      await maya.setViewportSize(viewport);
      const { scrollHeight, clientHeight } = await mine.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
      expect(scrollHeight, `meaning box at ${viewport.width} px`).toBeLessThanOrEqual(clientHeight + 1);
    }
    await look(maya, 'vocabulary-long-meaning');
    expect(h.pageErrors).toEqual([]);
  });
});
