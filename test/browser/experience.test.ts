/**
 * Browser end-to-end for the web app's shell: onboarding once, passphrase lock and idle
 * auto-lock, quick-hide (button and keys), "Getting help" from every screen, export and print,
 * axe-core on every screen at phone and desktop width (with screenshots), and opening offline
 * through the service worker after the relay is gone.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/experience.test.ts
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkAtBothWidths,
  createInvite,
  createSpaceAs,
  dismissOnboarding,
  gotoSection,
  type Harness,
  screenshot,
  startHarness,
  VIEWPORTS,
  waitSynced,
} from './helpers/index.js';

/** Written into the workbook; must never be in the page while hidden or locked. */
const CANARY = 'velvet-lighthouse-canary';
const PASSPHRASE = 'quiet harbour morning';
/** Mirrors TEST_IDLE_LOCK_KEY in apps/web/src/shell/use-idle-lock.ts. */
const TEST_IDLE_LOCK_KEY = 'securebase:test-idle-lock-ms';

/** The nine workbook sections by their navigation label (the closeness ladder has its own test). */
const SECTION_LABELS = ['Our words', 'Boundaries', 'Our story', 'Agreements', 'Triggers', 'Check-ins', 'Wins', 'Reframes', 'Inbox'];

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** Add a vocabulary word (the canary) through the form, and wait until it shows. */
async function addWord(page: Page, term: string): Promise<void> {
  await gotoSection(page, 'Our words');
  await page.getByLabel('Word or phrase').fill(term);
  await page.getByRole('button', { name: 'Add word' }).click();
  await page.getByRole('list', { name: 'Our words' }).getByRole('listitem', { name: term, exact: true }).waitFor();
}

/** The whole serialised DOM: hidden or visually-hidden text counts too. */
async function domText(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.outerHTML);
}


describe('the web app shell', () => {
  let alex: Page;

  it('shows onboarding on first open only, in plain words about privacy and the relay', async () => {
    alex = await createSpaceAs(h, { name: 'Alex', keepOnboarding: true });
    const onboarding = alex.getByRole('region', { name: 'Before you begin' });
    await onboarding.waitFor();
    const text = (await onboarding.textContent()) ?? '';
    expect(text).toContain('Private to you');
    expect(text).toContain('Shared with your partner');
    expect(text).toContain('What the relay can and cannot see');
    await checkAtBothWidths(alex, 'shell-onboarding');
    await alex.getByRole('button', { name: 'Got it, open the workbook' }).click();
    await onboarding.waitFor({ state: 'detached' });
    await alex.reload();
    await waitSynced(alex);
    await alex.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
    expect(await alex.getByRole('region', { name: 'Before you begin' }).count()).toBe(0);
    await addWord(alex, CANARY);
  });

  it('quick-hide swaps to a neutral page at once, by button, double Escape and Shift+Escape', async () => {
    const hideWays: [string, () => Promise<void>][] = [
      ['button', () => alex.getByRole('button', { name: 'Quick hide' }).click()],
      [
        'double Escape',
        async () => {
          await alex.keyboard.press('Escape');
          await alex.keyboard.press('Escape');
        },
      ],
      ['Shift+Escape', () => alex.keyboard.press('Shift+Escape')],
    ];
    for (const [way, hide] of hideWays) {
      await alex.getByText(CANARY).first().waitFor();
      await hide();
      await alex.getByRole('heading', { name: 'Notes', exact: true }).waitFor();
      const dom = await domText(alex);
      expect(dom, way).not.toContain(CANARY);
      expect(dom, way).not.toContain('Secure Base');
      expect(await alex.title(), way).toBe('Notes');
      expect(alex.url(), way).not.toContain('/space/');
      if (way === 'button') await checkAtBothWidths(alex, 'shell-quick-hide');
      await alex.getByRole('button', { name: 'Back' }).click();
      await waitSynced(alex);
    }
    // A single Escape (closing a menu, say) does not hide.
    await alex.getByText(CANARY).first().waitFor();
    await alex.keyboard.press('Escape');
    await gotoSection(alex, 'Inbox');
    await alex.keyboard.press('Escape');
    await gotoSection(alex, 'Our words');
    await alex.getByText(CANARY).first().waitFor();
    expect(await alex.getByRole('heading', { name: 'Notes', exact: true }).count()).toBe(0);
  });

  it('locks with a passphrase: content gone, a wrong passphrase refused, the right one unlocks', async () => {
    await alex.getByRole('link', { name: 'Settings' }).click();
    await checkAtBothWidths(alex, 'shell-settings');
    // Too short and mismatched passphrases are explained next to the form.
    await alex.getByLabel('Passphrase', { exact: true }).fill('short');
    await alex.getByLabel('Type it again').fill('short');
    await alex.getByRole('button', { name: 'Set passphrase' }).click();
    await alex.getByText('Please use at least 8 characters.').waitFor();
    await alex.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await alex.getByLabel('Type it again').fill(PASSPHRASE);
    await alex.getByRole('button', { name: 'Set passphrase' }).click();
    await alex.getByText('Passphrase set.', { exact: false }).waitFor();

    await alex.getByRole('button', { name: 'Lock', exact: true }).click();
    await alex.getByRole('heading', { name: 'Secure Base is locked' }).waitFor();
    expect(await domText(alex)).not.toContain(CANARY);
    await checkAtBothWidths(alex, 'shell-locked');

    await alex.getByLabel('Passphrase').fill('not the passphrase');
    await alex.getByRole('button', { name: 'Unlock' }).click();
    await alex.getByText('That passphrase did not open Secure Base.', { exact: false }).waitFor();
    expect(await domText(alex)).not.toContain(CANARY);

    await alex.getByLabel('Passphrase').fill(PASSPHRASE);
    await alex.getByRole('button', { name: 'Unlock' }).click();
    await waitSynced(alex);
    await gotoSection(alex, 'Our words');
    await alex.getByText(CANARY).first().waitFor();

    // A reload (a new visit) asks for the passphrase before anything else.
    await alex.reload();
    await alex.getByRole('heading', { name: 'Secure Base is locked' }).waitFor();
    await alex.getByLabel('Passphrase').fill(PASSPHRASE);
    await alex.getByRole('button', { name: 'Unlock' }).click();
    await waitSynced(alex);

    // With a passphrase set, quick-hide locks too: "Back" leads to the lock screen.
    await alex.getByRole('button', { name: 'Quick hide' }).click();
    await alex.getByRole('heading', { name: 'Notes', exact: true }).waitFor();
    await alex.getByRole('button', { name: 'Back' }).click();
    await alex.getByRole('heading', { name: 'Secure Base is locked' }).waitFor();
    expect(await domText(alex)).not.toContain(CANARY);
    await alex.getByLabel('Passphrase').fill(PASSPHRASE);
    await alex.getByRole('button', { name: 'Unlock' }).click();
    await waitSynced(alex);
  });

  it('locks itself when idle', async () => {
    await alex.evaluate((key) => localStorage.setItem(key, '4000'), TEST_IDLE_LOCK_KEY);
    await alex.reload();
    await alex.getByLabel('Passphrase').fill(PASSPHRASE);
    await alex.getByRole('button', { name: 'Unlock' }).click();
    await waitSynced(alex);
    await gotoSection(alex, 'Our words');
    await alex.getByText(CANARY).first().waitFor();
    // Nobody touches the page: it locks on its own.
    await alex.getByRole('heading', { name: 'Secure Base is locked' }).waitFor();
    expect(await domText(alex)).not.toContain(CANARY);
    await alex.evaluate((key) => localStorage.removeItem(key), TEST_IDLE_LOCK_KEY);
    await alex.reload();
    await alex.getByLabel('Passphrase').fill(PASSPHRASE);
    await alex.getByRole('button', { name: 'Unlock' }).click();
    await waitSynced(alex);
  });

  it('exports Markdown and JSON holding what this person can read, and offers a printable view', async () => {
    await alex.getByRole('link', { name: 'Export and print' }).click();
    await checkAtBothWidths(alex, 'shell-export');

    const [markdownDownload] = await Promise.all([
      alex.waitForEvent('download'),
      alex.getByRole('button', { name: 'Download Markdown' }).click(),
    ]);
    expect(markdownDownload.suggestedFilename()).toMatch(/^secure-base-\d{4}-\d{2}-\d{2}\.md$/);
    const markdown = await readFile(await markdownDownload.path(), 'utf8');
    expect(markdown).toContain(CANARY);
    expect(markdown).toContain('# Private to me');

    const [jsonDownload] = await Promise.all([
      alex.waitForEvent('download'),
      alex.getByRole('button', { name: 'Download JSON' }).click(),
    ]);
    const exported = JSON.parse(await readFile(await jsonDownload.path(), 'utf8')) as {
      shared: Record<string, unknown>;
      private: unknown;
    };
    expect(Object.keys(exported.shared).sort()).toEqual(
      ['agreements', 'boundaries', 'checkins', 'inbox', 'narrative', 'reframes', 'triggers', 'vocabulary', 'wins'].sort(),
    );
    expect(JSON.stringify(exported.shared.vocabulary)).toContain(CANARY);
    expect(exported.private).toBeDefined();

    await alex.getByRole('link', { name: 'Open the printable view' }).click();
    await alex.getByRole('heading', { name: 'Our workbook' }).waitFor();
    await alex.getByText(CANARY).first().waitFor();
    await checkAtBothWidths(alex, 'shell-print');
    // On paper, only the workbook: no buttons, navigation or safety bar.
    await alex.emulateMedia({ media: 'print' });
    expect(await alex.getByRole('button', { name: 'Quick hide' }).isVisible()).toBe(false);
    expect(await alex.getByRole('navigation', { name: 'Workbook sections' }).isVisible()).toBe(false);
    expect(await alex.getByText(CANARY).first().isVisible()).toBe(true);
    await screenshot(alex, 'shell-print-media');
    await alex.emulateMedia({ media: 'screen' });
  });

  it('reaches "Getting help" from every screen, and every section passes axe at both widths', async () => {
    const openHelp = async (page: Page, from: string): Promise<void> => {
      await page.getByRole('link', { name: 'Getting help' }).click();
      await page.getByRole('heading', { name: 'Getting help', level: 1 }).waitFor();
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text, from).toContain('supports, and does not replace');
      expect(text, from).toContain('112');
      await page.goBack();
    };

    for (const label of SECTION_LABELS) {
      await gotoSection(alex, label);
      await alex.locator('.section-nav a[aria-current="page"]', { hasText: label }).waitFor();
      await checkAtBothWidths(alex, `shell-section-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`);
      await openHelp(alex, label);
    }
    for (const page of ['Settings', 'Export and print']) {
      await alex.getByRole('link', { name: page }).click();
      await openHelp(alex, page);
    }
    // This person's own places are in the navigation of every screen, the trust pages included.
    for (const [label, name] of [['My private notes', 'private-notes'], ['Devices & trust', 'devices']] as const) {
      await alex.getByRole('navigation', { name: 'Private notes and devices' }).getByRole('link', { name: label, exact: true }).click();
      await alex.getByRole('heading', { name: label, level: 1 }).waitFor();
      await alex.locator('.own-nav a[aria-current="page"]', { hasText: label }).waitFor();
      await checkAtBothWidths(alex, `shell-${name}`);
      await openHelp(alex, label);
    }
    await alex.getByRole('link', { name: 'Getting help' }).click();
    await checkAtBothWidths(alex, 'shell-help');
    await alex.goBack();

    // Before any space exists: the welcome and join screens, and the lock screen.
    const stranger = await h.openPerson(VIEWPORTS.phone);
    await stranger.goto(h.url);
    await stranger.getByRole('heading', { name: 'Secure Base' }).waitFor();
    await checkAtBothWidths(stranger, 'shell-welcome');
    await openHelp(stranger, 'welcome');
    await gotoSection(alex, 'Our words');
    const link = await createInvite(alex);
    await stranger.goto(link);
    await stranger.getByRole('heading', { name: 'Join your partner’s space' }).waitFor();
    await checkAtBothWidths(stranger, 'shell-join');
    await openHelp(stranger, 'join');
    await alex.getByRole('button', { name: 'Lock', exact: true }).click();
    await alex.getByRole('heading', { name: 'Secure Base is locked' }).waitFor();
    await openHelp(alex, 'locked');
    await alex.getByRole('heading', { name: 'Secure Base is locked' }).waitFor();
    await alex.getByLabel('Passphrase').fill(PASSPHRASE);
    await alex.getByRole('button', { name: 'Unlock' }).click();
    await waitSynced(alex);
    expect(h.pageErrors).toEqual([]);
  });

  it('opens offline from the service worker once the relay is gone, with changes kept for later', async () => {
    const page = await createSpaceAs(h, { name: 'Robin', person: { serviceWorkers: true } });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The first visit installs the worker; a reload puts the page under its control.
    await page.reload();
    await waitSynced(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await dismissOnboarding(page);
    await addWord(page, `${CANARY}-offline`);
    // Reloaded at once, a few ms after the edit: the pagehide save must already be on its way.
    await page.reload();
    await waitSynced(page);
    await page.getByText(`${CANARY}-offline`).first().waitFor();

    await h.stopRelay();
    await page.reload();
    await page.locator('[data-sync="offline"]').waitFor();
    await screenshot(page, 'shell-offline-desktop');
    await page.getByText(`${CANARY}-offline`).first().waitFor();
    // Still writable while offline: the new word is kept on this device.
    await addWord(page, 'written-while-offline');
    expect(h.pageErrors).toEqual([]);
  });
});
