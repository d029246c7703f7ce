/**
 * Issue 11, the rest of findings 5 and 10, in real Chromium with two partners: Maya (desktop,
 * 1280 px) and Jonah (phone, 390 px). A trigger's response is "proposed by …" until both
 * partners' devices co-signed it, "Our agreed response" once they have, and an edit voids both
 * agreements visibly with one "see what changed"; removing the partner's reframe is refused in
 * words; an agreement both affirmed and then edited shows what changed once, not twice.
 *
 *   SECUREBASE_WEB_ROOT=/tmp/web-build npx vitest run -c vitest.browser.config.ts test/browser/trigger-cosign.test.ts
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPair, gotoSection, horizontalOverflow, seriousA11yViolations, startHarness, type Harness } from './helpers/index.js';

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

async function bothGoTo(label: string): Promise<void> {
  await gotoSection(maya, label);
  await gotoSection(jonah, label);
}

function card(page: Page, list: string, name: string): Locator {
  return page.getByRole('list', { name: list, exact: true }).getByRole('listitem', { name, exact: true });
}

/** No serious axe findings, nothing sideways, and a screenshot to look at, at both widths. */
async function checkScreens(name: string): Promise<void> {
  for (const [page, width] of [
    [maya, '1280'],
    [jonah, '390'],
  ] as const) {
    expect(await seriousA11yViolations(page), `${name} at ${width} px`).toEqual([]);
    expect(await horizontalOverflow(page), `${name} overflows at ${width} px`).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
}

const TRIGGER = 'Phone face down on the table';

describe('a trigger’s agreed response is co-signed', () => {
  it('is proposed by Maya until both agree, agreed once both did, and an edit voids it with one diff', async () => {
    await bothGoTo('Triggers');
    const form = maya.getByRole('form', { name: 'Add a trigger' });
    await form.getByLabel('The trigger').fill(TRIGGER);
    await form.getByLabel('The response we propose').fill('Say who it is, without being asked.');
    await form.getByRole('button', { name: 'Add trigger' }).click();

    const mayas = card(maya, 'Our triggers', `Trigger: ${TRIGGER}`);
    const jonahs = card(jonah, 'Our triggers', `Trigger: ${TRIGGER}`);
    await jonahs.getByText('Say who it is, without being asked.').waitFor();
    // Nobody agreed yet: not "agreed", but proposed, by whom.
    expect(await jonahs.getByText('Our agreed response').count()).toBe(0);
    await jonahs.getByText('Proposed response', { exact: true }).waitFor();
    await jonahs.getByText('Proposed by Maya').waitFor();
    await checkScreens('trigger-proposed');

    // Maya agrees: still only proposed, Jonah has not.
    await mayas.getByRole('button', { name: `Agree to this response: ${TRIGGER}` }).click();
    await jonahs.getByText('Maya: agreed').waitFor();
    expect(await jonahs.getByText('Our agreed response').count()).toBe(0);
    // Jonah agrees on his own device: now it is agreed, on both screens.
    await jonahs.getByRole('button', { name: `Agree to this response: ${TRIGGER}` }).click();
    await mayas.getByText('Our agreed response', { exact: true }).waitFor();
    await jonahs.getByText('You both agreed to this response.').waitFor();
    await mayas.getByText('You both agreed to this response.').waitFor();
    await checkScreens('trigger-agreed');

    // Jonah edits the response: both agreements lapse, visibly, and the card says what changed once.
    await jonahs.getByRole('button', { name: `Edit trigger: ${TRIGGER}` }).click();
    await jonahs.getByLabel('The response we propose').fill('Show the screen, no questions asked.');
    await jonahs.getByRole('button', { name: 'Save changes' }).click();
    await mayas.getByText('Show the screen, no questions asked.').waitFor();
    await mayas.getByText('Proposed response', { exact: true }).waitFor();
    await mayas.getByText('Proposed by Jonah').waitFor();
    expect(await mayas.getByText('Our agreed response').count()).toBe(0);
    expect(await mayas.getByText('see what changed').count()).toBe(1);
    await mayas.getByText('Changed since you both agreed').click();
    const diff = mayas.locator('.earlier-version .edited-fields');
    expect((await diff.locator('del').allInnerTexts()).join(' ')).toContain('Say who it is');
    expect((await diff.locator('ins').allInnerTexts()).join(' ')).toContain('Show the screen');
    await mayas.getByText('Edited by Jonah').waitFor();
    await mayas.getByRole('button', { name: `Agree again: ${TRIGGER}` }).waitFor();
    await checkScreens('trigger-voided');
  });
});

describe('the partner’s own words', () => {
  it('removing Maya’s shared reframe is refused in words on Jonah’s screen, and it stays', async () => {
    await bothGoTo('Reframes');
    const form = maya.getByRole('form', { name: 'Add a reframe' });
    await form.getByLabel('The automatic thought').fill('He never notices.');
    await form.getByLabel('The reframe').fill('He noticed the flowers on Tuesday.');
    await form.getByRole('radio', { name: 'Jonah and me', exact: true }).check();
    await form.getByRole('button', { name: 'Add reframe' }).click();

    const jonahs = card(jonah, 'Shared reframes', 'Reframe: He never notices.');
    await jonahs.getByText('Written by Maya').waitFor();
    await jonahs.getByRole('button', { name: 'Remove reframe: He never notices.' }).click();
    expect(await jonahs.getByRole('button', { name: 'Yes, remove' }).count()).toBe(0);
    await jonahs.getByRole('status').getByText('only Maya can change or remove it').waitFor();
    await card(maya, 'Shared reframes', 'Reframe: He never notices.').waitFor();
    await checkScreens('reframe-refused');
  });
});

describe('an agreement both affirmed, then edited', () => {
  it('shows what changed once, for both of them', async () => {
    await bothGoTo('Agreements');
    await maya.getByLabel('Kind of agreement').selectOption('time-out');
    await maya.getByRole('button', { name: 'Add agreement' }).click();
    const mayas = card(maya, 'Our agreements', 'Our time-out');
    const jonahs = card(jonah, 'Our agreements', 'Our time-out');
    await mayas.getByRole('button', { name: 'Affirm: Our time-out', exact: true }).click();
    await jonahs.getByRole('button', { name: 'Affirm: Our time-out', exact: true }).click();
    await mayas.getByText('You both affirmed this agreement.').waitFor();

    await jonahs.getByRole('button', { name: 'Edit Our time-out' }).click();
    await jonahs.getByLabel('Our pause signal').fill('Can we take a breather?');
    await jonahs.getByRole('button', { name: 'Save changes' }).click();
    await mayas.getByText('You both agreed to an earlier version').waitFor();
    expect(await mayas.getByText('see what changed').count()).toBe(1);
    expect(await jonahs.getByText('see what changed').count()).toBe(1);
    await mayas.getByText('Edited by Jonah').waitFor();
    await checkScreens('agreement-edited-after-both');
    expect(h.pageErrors).toEqual([]);
  });
});
