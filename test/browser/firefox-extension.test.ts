/**
 * Browser end-to-end for the quick-note extension in Firefox: the built Firefox folder installed
 * as a temporary add-on in Firefox ESR (puppeteer-core over WebDriver BiDi), its popup and
 * sidebar pages opened in tabs, a real relay serving the web app, partner Alex driven through
 * the sync API in this process, partner Sam in the web app (Chromium). The same paths as
 * extension.test.ts: link, note delivery from both pages, the offline queue delivered by the
 * background, lock, and quick exit.
 *
 *   pnpm --filter @securebase/web build && pnpm --filter @securebase/extension build
 *   npx vitest run -c vitest.browser.config.ts test/browser/firefox-extension.test.ts
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page as ChromiumPage } from 'playwright-core';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay } from '@securebase/relay';
import { createDeviceLinkCode, createInviteLink, createSpace, type Credentials } from '@securebase/sync';
import { launchFirefoxWithExtension, waitClosed, type FirefoxWithExtension } from './helpers/firefox-extension.js';
import * as ff from './helpers/firefox-ui.js';
import { SCREENSHOTS, WEB_ROOT, dismissOnboarding, gotoSection, startHarness, waitSynced, type Harness } from './helpers/index.js';

const FIREFOX_BUILD = fileURLToPath(new URL('../../apps/extension/dist/firefox', import.meta.url));
const PASSPHRASE = 'quiet harbour lantern';

type Relay = Awaited<ReturnType<typeof startRelay>>;

let relay: Relay;
let relayPort: number;
let dataDir: string;
let h: Harness;
let fx: FirefoxWithExtension;
let alex: Credentials;
let sam: ChromiumPage;

async function startRelayOn(port: number): Promise<Relay> {
  return startRelay({ host: '127.0.0.1', port, dataDir, webRoot: WEB_ROOT });
}

/** Write one note through the quick-note form and wait until the page lists it. */
async function writeNote(page: Page, text: string, kind: string): Promise<void> {
  const select = await ff.find(page, ff.aria('combobox', 'Kind of note'));
  const value = await select.evaluate((el, label) => Array.from((el as HTMLSelectElement).options).find((o) => o.label === label)?.value ?? '', kind);
  expect(value, `a kind of note labelled ${kind}`).not.toBe('');
  await select.select(value);
  await ff.fill(page, ff.aria('textbox', 'Note'), text);
  await ff.click(page, ff.aria('button', 'Add to our inbox'));
  await ff.find(await ff.find(page, ff.aria('list', 'Notes sent from this extension')), ff.aria('listitem', text));
}

async function sentNote(page: Page, text: string) {
  return ff.find(await ff.find(page, ff.aria('list', 'Notes sent from this extension')), ff.aria('listitem', text));
}

/** The note as Sam's web app shows it in the inbox. */
const samSees = (text: string) => sam.getByRole('listitem', { name: `Note: ${text}` });

beforeAll(async () => {
  if (!existsSync(join(FIREFOX_BUILD, 'manifest.json'))) {
    throw new Error('apps/extension/dist/firefox is missing: run `pnpm --filter @securebase/extension build` first.');
  }
  // The harness gives Sam's Chromium; this file runs its own relay, which the offline test restarts.
  h = await startHarness();
  dataDir = await mkdtemp(join(tmpdir(), 'securebase-ffext-relay-'));
  relay = await startRelayOn(0);
  relayPort = Number(new URL(relay.url).port);
  fx = await launchFirefoxWithExtension(FIREFOX_BUILD);

  alex = await createSpace(relay.url);
  const { link } = await createInviteLink(alex);
  sam = await h.openPerson({ width: 1024, height: 800 });
  await sam.goto(link);
  await sam.getByLabel('Your name (optional)').fill('Sam');
  await sam.getByRole('button', { name: 'Join', exact: true }).click();
  await sam.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
  await waitSynced(sam);
  await dismissOnboarding(sam);
  await gotoSection(sam, 'Inbox');
});

afterAll(async () => {
  await fx?.close();
  await h?.close();
  await relay?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('quick-note extension in Firefox', () => {
  it('links to Alex with a device-link code, showing the fingerprint to compare', async () => {
    const panel = await fx.openExtensionPage('sidepanel.html');
    await ff.find(panel, ff.aria('heading', 'Link this extension to your Secure Base'));
    const link = await createDeviceLinkCode(alex);
    await ff.fill(panel, ff.aria('textbox', 'Device link code'), link.code);
    await ff.click(panel, ff.aria('button', 'Link this extension'));
    const request = await link.waitForRequest({ pollMs: 200 });
    await panel.waitForFunction((fp: string) => document.querySelector('[data-testid="link-fingerprint"]')?.textContent === fp, {}, request.fingerprint);
    await link.approve();
    await ff.find(panel, ff.aria('textbox', 'Note'));
    await ff.waitSynced(panel);
    await ff.waitText(panel, `This extension’s fingerprint: ${request.fingerprint}`);
    await panel.screenshot({ path: join(SCREENSHOTS, 'firefox-extension-sidebar.png') });
    await panel.close();
  });

  it('a note from the sidebar and one from the popup reach Sam’s inbox', async () => {
    const panel = await fx.openExtensionPage('sidepanel.html');
    await ff.waitSynced(panel);
    await writeNote(panel, 'Thank you for making tea this morning', 'Appreciation');
    await samSees('Thank you for making tea this morning').waitFor();
    await ff.waitText(await sentNote(panel, 'Thank you for making tea this morning'), 'Delivered');

    // Opening the popup takes the session over; the sidebar steps aside.
    const popup = await fx.openExtensionPage('popup.html');
    await ff.waitSynced(popup);
    await panel.waitForSelector('[data-sync="elsewhere"]');
    await writeNote(popup, 'Can we talk about the holidays on Sunday?', 'Topic for our next check-in');
    await samSees('Can we talk about the holidays on Sunday?').waitFor();
    await popup.screenshot({ path: join(SCREENSHOTS, 'firefox-extension-popup.png') });
    const list = await ff.find(popup, ff.aria('list', 'Notes sent from this extension'));
    expect(await list.$$eval('li', (items) => items.length)).toBe(2);
    await popup.close();
    await panel.close();
  });

  it('a note written while the relay is down is queued and delivered by the background once it is back', async () => {
    const panel = await fx.openExtensionPage('sidepanel.html');
    await ff.waitSynced(panel);
    await relay.close();
    await panel.waitForSelector('[data-sync="offline"]');
    await writeNote(panel, 'I noticed I tensed up when the phone buzzed', 'Trigger noticed');
    await ff.waitText(await sentNote(panel, 'I noticed I tensed up when the phone buzzed'), 'Waiting to send');
    // Retry every few seconds rather than every minute (alarms belong to the whole extension; the
    // background is the one listening), so delivery follows the relay's return; then close the page.
    await panel.evaluate(() => {
      type Create = (n: string, i: { when: number; periodInMinutes: number }) => void;
      const api = (globalThis as unknown as { chrome: { alarms: { create: Create } } }).chrome;
      api.alarms.create('securebase-retry', { when: Date.now() + 1_000, periodInMinutes: 0.05 });
    });
    await panel.close();

    relay = await startRelayOn(relayPort);
    await samSees('I noticed I tensed up when the phone buzzed').waitFor();
    const again = await fx.openExtensionPage('sidepanel.html');
    await ff.waitText(await sentNote(again, 'I noticed I tensed up when the phone buzzed'), 'Delivered');
    await again.close();
  });

  it('locks with a passphrase, refuses a wrong one, and unlocks', async () => {
    const panel = await fx.openExtensionPage('sidepanel.html');
    await ff.waitSynced(panel);
    await ff.click(panel, '::-p-text(Lock with a passphrase)');
    await ff.fillLabelled(panel, 'New passphrase', PASSPHRASE);
    await ff.fillLabelled(panel, 'Repeat passphrase', PASSPHRASE);
    await ff.click(panel, ff.aria('button', 'Set passphrase'));
    await ff.click(panel, ff.aria('button', 'Lock'));

    await ff.find(panel, ff.aria('heading', 'Locked'));
    expect(await panel.$(ff.aria('textbox', 'Note'))).toBeNull();
    expect(await ff.domText(panel)).not.toContain('Thank you for making tea');
    await ff.fillLabelled(panel, 'Passphrase', 'not the passphrase');
    await ff.click(panel, ff.aria('button', 'Unlock'));
    await ff.waitText(panel, 'did not unlock');
    await ff.fillLabelled(panel, 'Passphrase', PASSPHRASE);
    await ff.click(panel, ff.aria('button', 'Unlock'));
    await ff.waitSynced(panel);
    await writeNote(panel, 'I need a quiet evening together', 'A need');
    await samSees('I need a quiet evening together').waitFor();
    await panel.close();
  });

  it('quick exit closes the page: Escape twice, or the button', async () => {
    const byKeys = await fx.openExtensionPage('popup.html');
    await ff.find(byKeys, ff.aria('heading', 'Locked'));
    await byKeys.keyboard.press('Escape');
    expect(await byKeys.evaluate(() => document.title)).toBe('Secure Base quick note');
    // The second Escape closes the page, possibly before the key-up: only then may a press fail.
    await byKeys.keyboard.press('Escape').catch(() => undefined);
    await waitClosed(byKeys);

    const byButton = await fx.openExtensionPage('sidepanel.html');
    await ff.fillLabelled(byButton, 'Passphrase', PASSPHRASE);
    await ff.click(byButton, ff.aria('button', 'Unlock'));
    await ff.fill(byButton, ff.aria('textbox', 'Note'), 'half-written, never sent');
    await ff.click(byButton, ff.aria('button', 'Quick exit'));
    await waitClosed(byButton);
  });

  it('never threw at the person', () => {
    expect(fx.session.pageErrors).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
