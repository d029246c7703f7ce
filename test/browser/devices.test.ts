/**
 * Browser end-to-end for devices and trust: Alex and Sam pair; Alex links a second device in a
 * third browser profile (both screens show the same device code); an edit on any of the three
 * devices reaches the other two; both partners see the same safety number; Alex removes the
 * second device, which then shows the removed screen and can no longer follow the space, while
 * Alex and Sam keep syncing under the new key. After a partner leaves and a new one joins, the
 * one who stayed is warned that the safety number changed. Real relay, real Chromium, no mocks.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/devices.test.ts
 *
 * Screenshots land in test-output/screenshots/devices-*.png for a human to look at.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SYNC_WAIT,
  VIEWPORTS,
  createInvite,
  createPair,
  dismissOnboarding,
  gotoSection,
  horizontalOverflow,
  joinAs,
  screenshot,
  seriousA11yViolations,
  startHarness,
  waitSynced,
  type Harness,
} from './helpers/index.js';

/** After a key rotation a device picks up its new key on its next look at the chain (a few seconds). */
const ROTATION_WAIT = SYNC_WAIT * 2;

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** The inbox note with exactly this text, in the list of notes. */
function note(page: Page, text: string): Locator {
  return page.getByRole('list', { name: 'Notes', exact: true }).getByRole('listitem', { name: `Note: ${text}`, exact: true });
}

/** Add a note to the shared inbox from `page` (already on the Inbox section). */
async function addNote(page: Page, text: string): Promise<void> {
  await page.getByLabel('Note', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Add note' }).click();
}

async function openDevices(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Private notes and devices' }).getByRole('link', { name: 'Devices & trust' }).click();
  await page.getByRole('heading', { name: 'Devices & trust', level: 1 }).waitFor();
}

async function backToInbox(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Back to the workbook' }).click();
  await gotoSection(page, 'Inbox');
}

/** The safety number as the Devices page shows it (open that page first). */
function safetyNumber(page: Page): Promise<string> {
  return page.getByRole('list', { name: 'Safety number' }).innerText();
}

/** Leave the space from the Devices page, the short way (no export first). */
async function leave(page: Page): Promise<void> {
  await openDevices(page);
  await page.getByRole('link', { name: 'Leave the space…' }).click();
  await page.getByLabel('Type “leave” to confirm').fill('leave');
  await page.getByRole('button', { name: 'Leave the space' }).click();
  await page.getByRole('button', { name: 'Create our space' }).waitFor();
}

/** The screen reads well: no serious accessibility findings, nothing wider than the screen. */
async function checkScreen(page: Page, name: string): Promise<void> {
  await screenshot(page, `devices-${name}`);
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect(await horizontalOverflow(page)).toEqual([]);
}

describe('devices and trust in the browser', () => {
  it('links a second device, converges across three devices, compares safety numbers, removes it', async () => {
    const { alex, sam } = await createPair(h);

    // Right after pairing, both are asked to compare the safety number.
    await alex.getByRole('heading', { name: 'Your partner is here: compare your safety number' }).waitFor();
    await checkScreen(alex, 'pairing-prompt-desktop');
    await sam.getByRole('heading', { name: 'Your partner is here: compare your safety number' }).waitFor();
    await checkScreen(sam, 'pairing-prompt-phone');

    // Alex opens a device link on the existing device.
    await openDevices(alex);
    await alex.getByRole('button', { name: 'Link another device' }).click();
    const code = await alex.getByLabel('Device link').inputValue();
    expect(code.startsWith(`${h.url.replace(/\/$/, '')}/#/link/`)).toBe(true);
    await checkScreen(alex, 'link-waiting-desktop');

    // The new device, a third browser profile, asks to join and shows its code.
    const alex2 = await h.openPerson(VIEWPORTS.phone);
    await alex2.goto(code);
    await alex2.getByRole('heading', { name: 'Add this device to your space' }).waitFor();
    await checkScreen(alex2, 'link-intro-phone');
    await alex2.getByRole('button', { name: 'Make this browser one of my devices' }).click();
    const newDeviceCode = alex2.locator('.trust-fingerprint');
    await newDeviceCode.waitFor();
    const shownThere = (await newDeviceCode.textContent()) ?? '';
    await checkScreen(alex2, 'link-waiting-phone');

    // The existing device shows the same code and asks to approve.
    const approve = alex.getByRole('button', { name: 'Approve this device' });
    await approve.waitFor();
    const shownHere = (await alex.locator('.trust-fingerprint').textContent()) ?? '';
    expect(shownHere).toMatch(/^[A-Za-z0-9_-]{4} [A-Za-z0-9_-]{4} [A-Za-z0-9_-]{4}$/);
    expect(shownHere).toBe(shownThere);
    await checkScreen(alex, 'link-approve-desktop');
    await approve.click();
    await alex.getByText(`Device ${shownHere} is now one of your devices.`).waitFor();

    // Approved: the new device opens the workbook by itself.
    await alex2.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
    await waitSynced(alex2);
    await dismissOnboarding(alex2);

    // The device list names all three, oldest first, this device marked.
    const devices = alex.getByRole('list', { name: 'Devices', exact: true }).getByRole('listitem');
    await expect.poll(() => devices.count(), { timeout: SYNC_WAIT }).toBe(3);
    expect(await devices.nth(0).textContent()).toContain('This device');
    expect(await devices.nth(1).textContent()).toContain('Your partner’s device');
    expect(await devices.nth(2).textContent()).toContain('Your device');
    expect(await devices.nth(2).textContent()).toContain(shownHere);
    await checkScreen(alex, 'list-desktop');

    // An edit on any device reaches the other two.
    await backToInbox(alex);
    await gotoSection(sam, 'Inbox');
    await gotoSection(alex2, 'Inbox');
    await addNote(alex2, 'From my phone: thank you for last night.');
    await note(sam, 'From my phone: thank you for last night.').waitFor();
    await note(alex, 'From my phone: thank you for last night.').waitFor();
    await addNote(sam, 'Can we walk together on Sunday?');
    await note(alex2, 'Can we walk together on Sunday?').waitFor();
    await note(alex, 'Can we walk together on Sunday?').waitFor();

    // Both partners see the same safety number; Alex marks Sam verified.
    await openDevices(alex);
    await openDevices(sam);
    const alexNumber = await safetyNumber(alex);
    expect(alexNumber.replace(/\s+/g, ' ').trim()).toMatch(/^(\d{5} ){11}\d{5}$/);
    expect(await safetyNumber(sam)).toBe(alexNumber);
    await checkScreen(sam, 'safety-number-phone');
    await alex.getByRole('button', { name: 'They match: mark as verified' }).click();
    await alex.getByText('You have verified your partner on this device.').waitFor();
    await alex.getByRole('link', { name: 'Back to the workbook' }).click();
    await alex.getByText('Partner verified', { exact: true }).waitFor();
    await openDevices(alex);

    // Alex removes the second device: it is locked out and says so.
    await alex.getByRole('button', { name: `Remove device ${shownHere}` }).click();
    await checkScreen(alex, 'remove-confirm-desktop');
    await alex.getByRole('button', { name: 'Yes, remove it' }).click();
    await alex.getByText(`Device ${shownHere} was removed. The space has a new key.`).waitFor();
    await expect.poll(() => devices.count(), { timeout: SYNC_WAIT }).toBe(2);
    const removed = alex2.getByRole('heading', { name: 'This device was removed from the space' });
    await removed.waitFor({ timeout: ROTATION_WAIT });
    await checkScreen(alex2, 'removed-phone');

    // Alex and Sam carry on under the new key, both ways.
    await backToInbox(alex);
    await backToInbox(sam);
    await addNote(alex, 'After the new key: still here.');
    await note(sam, 'After the new key: still here.').waitFor({ timeout: ROTATION_WAIT });
    await addNote(sam, 'Me too.');
    await note(alex, 'Me too.').waitFor({ timeout: ROTATION_WAIT });

    // The removed device follows none of it, even after a reload, and can forget everything.
    await alex2.reload();
    await removed.waitFor();
    expect(await alex2.getByText('After the new key: still here.').count()).toBe(0);
    await alex2.getByRole('button', { name: 'Clear this browser’s data' }).click();
    await alex2.getByRole('button', { name: 'Create our space' }).waitFor();

    expect(h.pageErrors).toEqual([]);
  });

  it('private notes stay private until shared; a partner leaves after an export, and the other is told', async () => {
    const { alex, sam } = await createPair(h);

    // Sam keeps a note private, then shares another one deliberately.
    await openDevices(sam);
    await sam.getByRole('link', { name: 'Open my private notes' }).click();
    await sam.getByRole('heading', { name: 'My private notes', level: 1 }).waitFor();
    await sam.getByLabel('Private note', { exact: true }).fill('Only for me: I am still scared.');
    await sam.getByRole('button', { name: 'Keep it private' }).click();
    await sam.getByLabel('Private note', { exact: true }).fill('I would like more evenings together.');
    await sam.getByLabel('What kind of note').selectOption('need');
    await sam.getByRole('button', { name: 'Keep it private' }).click();
    const toShare = sam.getByRole('listitem', { name: 'Private note: I would like more evenings together.' });
    await toShare.getByRole('button', { name: 'Share with my partner' }).click();
    await checkScreen(sam, 'private-share-confirm-phone');
    await toShare.getByRole('button', { name: 'Yes, share it' }).click();
    await toShare.getByText(/Shared with your partner on/).waitFor();

    await gotoSection(alex, 'Inbox');
    await note(alex, 'I would like more evenings together.').waitFor();
    expect(await alex.getByText('Only for me: I am still scared.').count()).toBe(0);

    // Sam leaves: the export comes first, then the plain account, then a typed word.
    await sam.getByRole('link', { name: 'Devices & trust' }).click();
    await sam.getByRole('link', { name: 'Leave the space…' }).click();
    await sam.getByRole('heading', { name: 'Leave the space', level: 1 }).waitFor();
    const [download] = await Promise.all([
      sam.waitForEvent('download'),
      sam.getByRole('button', { name: 'Download Markdown' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const leaveButton = sam.getByRole('button', { name: 'Leave the space' });
    expect(await leaveButton.isDisabled()).toBe(true);
    await sam.getByLabel('Type “leave” to confirm').fill('leave');
    await checkScreen(sam, 'leave-phone');
    await leaveButton.click();
    await sam.getByRole('button', { name: 'Create our space' }).waitFor();

    // Alex is told plainly, and keeps writing under a new key.
    await alex.getByRole('heading', { name: 'Your partner has left the space' }).waitFor({ timeout: ROTATION_WAIT });
    await checkScreen(alex, 'partner-left-desktop');
    await note(alex, 'I would like more evenings together.').waitFor();
    await addNote(alex, 'Writing on after Sam left.');
    await note(alex, 'Writing on after Sam left.').waitFor();
    await waitSynced(alex);
    await alex.getByRole('button', { name: 'OK' }).click();
    await alex.getByRole('heading', { name: 'Your partner has left the space' }).waitFor({ state: 'detached' });

    expect(h.pageErrors).toEqual([]);
  });

  it('a new partner after a leave: a prominent "safety number changed" warning, the verified mark gone', async () => {
    const { alex, sam } = await createPair(h);

    // Alex compares the number with Sam and marks Sam verified.
    await openDevices(alex);
    const samNumber = await safetyNumber(alex);
    await alex.getByRole('button', { name: 'They match: mark as verified' }).click();
    await alex.getByText('You have verified your partner on this device.').waitFor();
    await backToInbox(alex);
    await alex.getByText('Partner verified', { exact: true }).waitFor();

    // Sam leaves; Alex's app rotates the space key by itself and offers a fresh invite.
    await leave(sam);
    await alex.getByRole('heading', { name: 'Your partner has left the space' }).waitFor({ timeout: ROTATION_WAIT });
    await alex.getByRole('button', { name: 'OK' }).click();
    const link = await createInvite(alex);

    // Robin, someone new in a third browser profile, joins with it.
    const robin = await joinAs(h, link, { name: 'Robin' });

    // Alex is warned prominently, on every screen, and the old "verified" no longer shows.
    const changed = alex.getByRole('heading', { name: 'Your partner’s safety number has changed' });
    await changed.waitFor({ timeout: ROTATION_WAIT });
    expect(await alex.getByRole('alert').filter({ has: changed }).isVisible()).toBe(true);
    await alex.getByText('Partner not verified yet', { exact: true }).waitFor();
    expect(await alex.getByText('Partner verified', { exact: true }).count()).toBe(0);
    await checkScreen(alex, 'safety-number-changed-desktop');
    await openDevices(alex);
    await changed.waitFor();
    const robinNumber = await safetyNumber(alex);
    expect(robinNumber).not.toBe(samNumber);
    expect(await alex.getByText('You have verified your partner on this device.').count()).toBe(0);
    await alex.getByRole('button', { name: 'They match: mark as verified' }).waitFor();
    await openDevices(robin);
    expect(await safetyNumber(robin)).toBe(robinNumber);

    // "I understand" puts the warning away for good (a reload does not bring it back); the
    // partner stays unverified until the two of them compare.
    await alex.getByRole('button', { name: 'I understand' }).click();
    await changed.waitFor({ state: 'detached' });
    await alex.reload();
    await alex.getByRole('heading', { name: 'Devices & trust', level: 1 }).waitFor();
    await alex.getByRole('button', { name: 'They match: mark as verified' }).waitFor();
    expect(await changed.count()).toBe(0);

    // Alex and Robin write to each other under the new key.
    await backToInbox(alex);
    await backToInbox(robin);
    await addNote(robin, 'Hello from Robin.');
    await note(alex, 'Hello from Robin.').waitFor();
    await addNote(alex, 'Welcome, Robin.');
    await note(robin, 'Welcome, Robin.').waitFor();

    expect(h.pageErrors).toEqual([]);
  });
});
