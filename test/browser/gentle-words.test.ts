/**
 * The smaller findings of issue 11 (finding 10), with two partners: a partner's "no" is shown in
 * calm colours and protective words, not as an alarm; answering a shared boundary starts with no
 * answer chosen; your own meaning of a word grows to fit, never cut off; and a phone you link
 * yourself says it is your new device instead of "your partner is here".
 * Screenshots: gentle-words-*.png.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/gentle-words.test.ts
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPair,
  dismissOnboarding,
  gotoSection,
  screenshot,
  startHarness,
  VIEWPORTS,
  waitSynced,
  type Harness,
} from './helpers/index.js';

let h: Harness;
let alex: Page;
let sam: Page;

const LONG_MEANING =
  'When I say I am flooded it means my heart is racing, I cannot find words, and anything you say sounds ' +
  'like an attack even when it is not. I need twenty minutes alone, some water, and then I will come back ' +
  'to you. It never means I am leaving or that I do not care.';

beforeAll(async () => {
  h = await startHarness();
  ({ alex, sam } = await createPair(h));
});

afterAll(async () => {
  await h?.close();
});

/** Is this colour (rgb(…)) the app's alarm red, or close to it? */
function isReddish(colour: string): boolean {
  const [r = 0, g = 0, b = 0] = (colour.match(/\d+/g) ?? []).map(Number);
  return r - g > 40 && r - b > 40;
}

async function colours(locator: Locator): Promise<{ color: string; background: string; border: string }> {
  return locator.evaluate((el) => {
    const card = el.closest('li') ?? el;
    return {
      color: getComputedStyle(el).color,
      background: getComputedStyle(el).backgroundColor,
      border: getComputedStyle(card).borderLeftColor,
    };
  });
}

describe('a partner’s no', () => {
  it('is calm and protective, and answering it starts with nothing chosen', async () => {
    await gotoSection(alex, 'Boundaries');
    const form = alex.getByRole('form', { name: 'Draft a boundary' });
    await form.getByLabel('Topic').fill('Talking about the affair after 9pm');
    await form.getByRole('radio', { name: 'No', exact: true }).check();
    await form.getByRole('button', { name: 'Save draft' }).click();
    const draft = alex.getByRole('listitem', { name: 'Draft: Talking about the affair after 9pm' });
    await draft.getByRole('button', { name: 'Share with my partner: Talking about the affair after 9pm' }).click();
    await draft.getByRole('button', { name: 'Share it' }).click();

    await gotoSection(sam, 'Boundaries');
    const card = sam.getByRole('listitem', { name: 'Boundary: Talking about the affair after 9pm' });
    const banner = card.getByText('Alex’s answer is no, and it is kept just as it is. Only Alex can change it.');
    await banner.waitFor();
    const seen = await colours(banner);
    expect(isReddish(seen.color), `banner text ${seen.color}`).toBe(false);
    expect(isReddish(seen.border), `card edge ${seen.border}`).toBe(false);
    const summary = sam.getByLabel('Where one of us said no', { exact: true }).getByRole('heading');
    expect(isReddish((await colours(summary)).color)).toBe(false);

    await card.getByRole('button', { name: 'Give my answer: Talking about the affair after 9pm' }).click();
    const answer = card.getByRole('form', { name: 'My answer: Talking about the affair after 9pm' });
    expect(await answer.locator('input[type="radio"]:checked').count()).toBe(0);
    await answer.getByRole('button', { name: 'Save my answer' }).click();
    await answer.getByText('Choose an answer').waitFor();
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await sam.setViewportSize(viewport);
      await card.scrollIntoViewIfNeeded();
      await screenshot(sam, `gentle-words-no-${width}`);
    }
    await answer.getByRole('radio', { name: 'Not now', exact: true }).check();
    await answer.getByRole('button', { name: 'Save my answer' }).click();
    await card.getByRole('group', { name: 'My answer' }).getByText('Not now').waitFor();
  });
});

describe('my own meaning of a word', () => {
  it('grows to show all of it', async () => {
    await gotoSection(alex, 'Our words');
    const add = alex.getByRole('form', { name: 'Add a word' });
    await add.getByLabel('Word or phrase').fill('Flooded');
    await add.getByLabel('What it means to me').fill(LONG_MEANING);
    const adding = await add.getByLabel('What it means to me').evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(adding, 'the add form shows the whole meaning').toBeLessThanOrEqual(1);
    await add.getByRole('button', { name: 'Add word' }).click();
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await alex.setViewportSize(viewport);
      const mine = alex.getByRole('listitem', { name: 'Flooded' }).getByLabel('What it means to me');
      await expect.poll(() => mine.inputValue()).toBe(LONG_MEANING);
      const hidden = await mine.evaluate((el) => el.scrollHeight - el.clientHeight);
      expect(hidden, `${width}: nothing of the meaning is cut off`).toBeLessThanOrEqual(1);
      await alex.getByRole('listitem', { name: 'Flooded' }).scrollIntoViewIfNeeded();
      await screenshot(alex, `gentle-words-meaning-${width}`);
    }
    await alex.setViewportSize(VIEWPORTS.desktop);
  });
});

describe('a phone I link myself', () => {
  it('says it is my new device, never that my partner is here with a prompt to compare', async () => {
    await alex.getByRole('navigation', { name: 'Private notes and devices' }).getByRole('link', { name: 'Devices & trust' }).click();
    await alex.getByRole('button', { name: 'Link another device' }).click();
    const code = await alex.getByLabel('Device link').inputValue();
    const phone = await h.openPerson(VIEWPORTS.phone);
    await phone.goto(code);
    await phone.getByRole('button', { name: 'Make this browser one of my devices' }).click();
    await alex.getByRole('button', { name: 'Approve this device' }).click();
    await phone.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
    await waitSynced(phone);
    await dismissOnboarding(phone);

    await phone.getByRole('heading', { name: 'This is your new device' }).waitFor();
    expect(await phone.getByRole('heading', { name: /your partner is here/i }).count()).toBe(0);
    await screenshot(phone, 'gentle-words-linked-phone');
    await phone.setViewportSize(VIEWPORTS.desktop);
    await screenshot(phone, 'gentle-words-linked-desktop');
    await phone.getByRole('button', { name: 'OK' }).click();
    await phone.reload();
    await phone.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
    await waitSynced(phone);
    expect(await phone.getByRole('heading', { name: 'This is your new device' }).count()).toBe(0);
    expect(await phone.getByRole('heading', { name: /your partner is here/i }).count()).toBe(0);
    expect(h.pageErrors).toEqual([]);
  });
});
