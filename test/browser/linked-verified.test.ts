/**
 * Issue 11, finding 10 (the linked phone), in real Chromium: Maya verifies Jonah on her laptop,
 * then links a phone. The phone is her own device, so it neither greets "your partner is here"
 * nor asks to compare safety numbers again: her verification reaches it through her private
 * document (sealed under her own key, so the relay can neither read nor plant it), and the phone
 * shows Jonah as verified.
 *
 *   SECUREBASE_WEB_ROOT=/tmp/web-build npx vitest run -c vitest.browser.config.ts test/browser/linked-verified.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWPORTS, createPair, dismissOnboarding, horizontalOverflow, seriousA11yViolations, startHarness, waitSynced, type Harness } from './helpers/index.js';

let h: Harness;
let maya: Page;
const SHOTS = '/tmp/shots-issue11';

beforeAll(async () => {
  h = await startHarness();
  ({ alex: maya } = await createPair(h, { alex: { name: 'Maya' }, sam: { name: 'Jonah' } }));
});

afterAll(async () => {
  await h?.close();
});

async function look(page: Page, name: string): Promise<void> {
  expect(await seriousA11yViolations(page), name).toEqual([]);
  expect(await horizontalOverflow(page), name).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe('a phone Maya links after verifying Jonah', () => {
  it('shows Jonah as verified and never asks to compare safety numbers again', async () => {
    await maya.getByRole('heading', { name: 'Your partner is here: compare your safety number' }).waitFor();
    await maya.getByRole('button', { name: 'They match: mark as verified' }).click();
    await maya.getByText('Partner verified', { exact: true }).waitFor();

    await maya.getByRole('navigation', { name: 'Private notes and devices' }).getByRole('link', { name: 'Devices & trust' }).click();
    await maya.getByRole('button', { name: 'Link another device' }).click();
    const code = await maya.getByLabel('Device link').inputValue();
    const phone = await h.openPerson(VIEWPORTS.phone);
    await phone.goto(code);
    await phone.getByRole('button', { name: 'Make this browser one of my devices' }).click();
    await maya.getByRole('button', { name: 'Approve this device' }).click();
    await phone.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
    await waitSynced(phone);
    await dismissOnboarding(phone);

    await phone.getByRole('heading', { name: 'This is your new device' }).waitFor();
    await phone.getByText('Partner verified', { exact: true }).waitFor();
    expect(await phone.getByRole('heading', { name: /your partner is here/i }).count()).toBe(0);
    expect(await phone.getByRole('link', { name: 'Compare safety numbers' }).count()).toBe(0);
    await look(phone, 'linked-phone-workbook-390');
    await phone.setViewportSize(VIEWPORTS.desktop);
    await look(phone, 'linked-phone-workbook-1280');
    await phone.setViewportSize(VIEWPORTS.phone);

    // The Devices page of the phone says so too, with no "mark as verified" to press again.
    await phone.getByRole('navigation', { name: 'Private notes and devices' }).getByRole('link', { name: 'Devices & trust' }).click();
    await phone.getByText('You have verified your partner on this device.').waitFor();
    expect(await phone.getByRole('button', { name: 'They match: mark as verified' }).count()).toBe(0);
    await look(phone, 'linked-phone-devices-390');

    // Still verified after a reload: the mark is this device's own now.
    await phone.reload();
    await phone.getByRole('navigation', { name: 'Workbook sections' }).or(phone.getByRole('heading', { name: 'Devices & trust', level: 1 })).first().waitFor();
    await phone.getByText('You have verified your partner on this device.').waitFor();
    expect(h.pageErrors).toEqual([]);
  });
});
