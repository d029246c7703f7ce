/**
 * Browser end-to-end for the quick-note extension: the built Chromium folder loaded unpacked in
 * real Chromium (persistent profile, --load-extension), a real relay serving the web app, partner
 * Alex driven through the sync API in this process, partner Sam in the web app. The extension is
 * linked as one of Alex's devices; its notes must reach Sam's inbox, also after the relay was down.
 * A manifest audit checks both browsers' built manifests for least privilege.
 *
 *   pnpm --filter @securebase/web build && pnpm --filter @securebase/extension build
 *   npx vitest run -c vitest.browser.config.ts test/browser/extension.test.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay } from '@securebase/relay';
import { createDeviceLinkCode, createInviteLink, createSpace, type Credentials } from '@securebase/sync';
import { CHROMIUM, SYNC_WAIT, WEB_ROOT, dismissOnboarding, gotoSection, waitSynced, launchWithExtension } from './helpers/index.js';
import { unzipSync } from 'fflate';

const EXTENSION_DIST = fileURLToPath(new URL('../../apps/extension/dist', import.meta.url));
const CHROMIUM_BUILD = join(EXTENSION_DIST, 'chromium');
/**
 * The side-panel screenshot: test-output by default (the fingerprint differs every run); with
 * SECUREBASE_UPDATE_DOCS=1 it refreshes the README's image in apps/extension/docs.
 */
const PANEL_SCREENSHOT = fileURLToPath(
  process.env.SECUREBASE_UPDATE_DOCS === '1'
    ? new URL('../../apps/extension/docs/panel.png', import.meta.url)
    : new URL('../../test-output/screenshots/extension-panel.png', import.meta.url),
);
/** The only API permissions each build may ask for (see README "Browser extension"). */
const ALLOWED_PERMISSIONS = { chromium: ['alarms', 'notifications', 'sidePanel'], firefox: ['alarms', 'notifications'] } as const;
const PASSPHRASE = 'quiet harbour lantern';

type Relay = Awaited<ReturnType<typeof startRelay>>;

let relay: Relay;
let relayPort: number;
let dataDir: string;
let profileDir: string;
let context: BrowserContext;
let extensionId: string;
let alex: Credentials;
let sam: Page;
/** Uncaught exceptions in any page: neither the extension nor the web app may throw at the person. */
const pageErrors: string[] = [];

async function startRelayOn(port: number): Promise<Relay> {
  return startRelay({ host: '127.0.0.1', port, dataDir, webRoot: WEB_ROOT });
}

async function openPage(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.setDefaultTimeout(SYNC_WAIT);
  await page.goto(url);
  return page;
}

const extensionPage = (name: 'popup' | 'sidepanel'): Promise<Page> => openPage(`chrome-extension://${extensionId}/${name}.html`);

/** Write one note through the quick-note form and wait until the panel lists it. */
async function writeNote(page: Page, text: string, kind: string): Promise<void> {
  await page.getByLabel('Kind of note').selectOption({ label: kind });
  await page.getByLabel('Note', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Add to our inbox' }).click();
  await page.getByRole('list', { name: 'Notes sent from this extension' }).getByRole('listitem', { name: text }).waitFor();
}

/** The note as Sam's web app shows it in the inbox. */
const samSees = (text: string) => sam.getByRole('listitem', { name: `Note: ${text}` });

beforeAll(async () => {
  for (const target of ['chromium', 'firefox']) {
    if (!existsSync(join(EXTENSION_DIST, target, 'manifest.json'))) {
      throw new Error('apps/extension/dist is missing: run `pnpm --filter @securebase/extension build` first.');
    }
  }
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error('apps/web/dist is missing: run `pnpm --filter @securebase/web build` first.');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  dataDir = await mkdtemp(join(tmpdir(), 'securebase-ext-relay-'));
  profileDir = await mkdtemp(join(tmpdir(), 'securebase-ext-profile-'));
  relay = await startRelayOn(0);
  relayPort = Number(new URL(relay.url).port);
  ({ context, extensionId } = await launchWithExtension(profileDir, { build: CHROMIUM_BUILD, viewport: { width: 380, height: 640 } }));

  // Alex: a space made through the sync API; Sam joins it in the web app.
  alex = await createSpace(relay.url);
  const { link } = await createInviteLink(alex);
  sam = await openPage(link);
  await sam.getByRole('heading', { name: 'Join your partner’s space' }).waitFor();
  await sam.getByLabel('Your name (optional)').fill('Sam');
  await sam.getByRole('button', { name: 'Join', exact: true }).click();
  await sam.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
  await waitSynced(sam);
  await dismissOnboarding(sam);
  await gotoSection(sam, 'Inbox');
});

afterAll(async () => {
  await context?.close();
  await relay?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

describe('built manifests', () => {
  for (const target of ['chromium', 'firefox'] as const) {
    it(`${target}: no host permissions, no tabs, no content scripts, only the listed permissions`, () => {
      const manifest = JSON.parse(readFileSync(join(EXTENSION_DIST, target, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      expect(manifest.manifest_version).toBe(3);
      expect(manifest.host_permissions).toBeUndefined();
      expect(manifest.optional_host_permissions).toBeUndefined();
      expect(manifest.optional_permissions).toBeUndefined();
      expect(manifest.content_scripts).toBeUndefined();
      expect(manifest.externally_connectable).toBeUndefined();
      expect(manifest.web_accessible_resources).toBeUndefined();
      expect([...(manifest.permissions as string[])].sort()).toEqual([...ALLOWED_PERMISSIONS[target]].sort());
      expect(manifest.permissions).not.toContain('tabs');
      const csp = (manifest.content_security_policy as { extension_pages: string }).extension_pages;
      expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
      // The relay only: no wildcard host, no plain-http or data/blob sources beyond loopback.
      const connect = /connect-src ([^;]+)/.exec(csp)?.[1]?.split(' ') ?? [];
      expect(connect.length).toBeGreaterThan(0);
      for (const source of connect) {
        expect(source).not.toMatch(/^(\*|'self'|http:|ws:|data:|blob:)$/);
        if (/^(http|ws):\/\//.test(source)) expect(source).toMatch(/^(http|ws):\/\/(localhost|127\.0\.0\.1):\*$/);
      }
      if (target === 'chromium') {
        expect(manifest.side_panel).toEqual({ default_path: 'sidepanel.html' });
        expect(manifest.background).toEqual({ service_worker: 'background.js', type: 'module' });
        expect(Object.keys(manifest.commands as object).sort()).toEqual(['_execute_action', 'open-side-panel']);
      } else {
        expect(manifest.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html' });
        expect(manifest.background).toEqual({ scripts: ['background.js'], type: 'module' });
        expect(Object.keys(manifest.commands as object).sort()).toEqual(['_execute_action', '_execute_sidebar_action']);
        expect(manifest.browser_specific_settings).toMatchObject({ gecko: { id: expect.any(String) } });
      }
    });
  }

  it('ships the zips of both builds, each holding exactly its folder', () => {
    for (const target of ['chromium', 'firefox']) {
      const dir = join(EXTENSION_DIST, target);
      // fflate checks each entry's CRC-32 as it inflates it.
      const entries = new Map(Object.entries(unzipSync(readFileSync(join(EXTENSION_DIST, `securebase-${target}.zip`)))).filter(([name]) => !name.endsWith('/')));
      const files = readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));
      expect([...entries.keys()].sort(), target).toEqual(files.sort());
      for (const name of files) expect(Buffer.from(entries.get(name) ?? []).equals(readFileSync(join(dir, name))), `${target}: ${name}`).toBe(true);
    }
  });
});

describe('quick-note extension in Chromium', () => {
  it('links to Alex with a device-link code, showing the fingerprint to compare', async () => {
    const panel = await extensionPage('sidepanel');
    await panel.getByRole('heading', { name: 'Link this extension to your Secure Base' }).waitFor();
    const link = await createDeviceLinkCode(alex);
    await panel.getByLabel('Device link code').fill(link.code);
    await panel.getByRole('button', { name: 'Link this extension' }).click();
    const request = await link.waitForRequest({ pollMs: 200 });
    await expect.poll(() => panel.getByTestId('link-fingerprint').textContent(), { timeout: SYNC_WAIT }).toBe(request.fingerprint);
    await link.approve();
    await panel.getByLabel('Note', { exact: true }).waitFor();
    await panel.locator('[data-sync="synced"]').waitFor();
    await panel.getByText(`This extension’s fingerprint: ${request.fingerprint}`).waitFor();
    await panel.close();
  });

  it('a note from the side panel and one from the popup reach Sam’s inbox', async () => {
    const panel = await extensionPage('sidepanel');
    await panel.locator('[data-sync="synced"]').waitFor();
    await writeNote(panel, 'Thank you for making tea this morning', 'Appreciation');
    await samSees('Thank you for making tea this morning').waitFor();
    await panel.getByRole('listitem', { name: 'Thank you for making tea this morning' }).getByText('Delivered').waitFor();
    await panel.setViewportSize({ width: 360, height: 560 });
    await mkdir(dirname(PANEL_SCREENSHOT), { recursive: true });
    await panel.screenshot({ path: PANEL_SCREENSHOT });

    // Opening the popup takes the session over; the side panel steps aside.
    const popup = await extensionPage('popup');
    await popup.locator('[data-sync="synced"]').waitFor();
    await panel.locator('[data-sync="elsewhere"]').waitFor();
    await writeNote(popup, 'Can we talk about the holidays on Sunday?', 'Topic for our next check-in');
    await samSees('Can we talk about the holidays on Sunday?').waitFor();
    // The panel shows this device's own notes, and nothing else of the workbook.
    await expect(popup.getByRole('list', { name: 'Notes sent from this extension' }).getByRole('listitem').count()).resolves.toBe(2);
    await popup.close();
    await panel.close();
  });

  it('a note written while the relay is down is queued and delivered by the background once it is back', async () => {
    const panel = await extensionPage('sidepanel');
    await panel.locator('[data-sync="synced"]').waitFor();
    await relay.close();
    await panel.locator('[data-sync="offline"]').waitFor();
    await writeNote(panel, 'I noticed I tensed up when the phone buzzed', 'Trigger noticed');
    await panel.getByRole('listitem', { name: 'I noticed I tensed up when the phone buzzed' }).getByText('Waiting to send').waitFor();
    await panel.close();

    relay = await startRelayOn(relayPort);
    // Wake the background worker's retry now rather than after its one-minute period.
    const worker = context.serviceWorkers().find((w) => w.url().includes(extensionId));
    expect(worker).toBeDefined();
    await worker!.evaluate(() => {
      const api = (globalThis as unknown as { chrome: { alarms: { create(n: string, i: { when: number }): void } } }).chrome;
      api.alarms.create('securebase-retry', { when: Date.now() + 50 });
    });
    await samSees('I noticed I tensed up when the phone buzzed').waitFor();

    const again = await extensionPage('sidepanel');
    await again.getByRole('listitem', { name: 'I noticed I tensed up when the phone buzzed' }).getByText('Delivered').waitFor();
    await again.close();
  });

  it('locks with a passphrase, refuses a wrong one, unlocks, and auto-locks when idle', async () => {
    const panel = await extensionPage('sidepanel');
    await panel.locator('[data-sync="synced"]').waitFor();
    await panel.getByText('Lock with a passphrase').click();
    await panel.getByLabel('New passphrase').fill(PASSPHRASE);
    await panel.getByLabel('Repeat passphrase').fill(PASSPHRASE);
    await panel.getByRole('button', { name: 'Set passphrase' }).click();
    await panel.getByRole('button', { name: 'Lock', exact: true }).click();

    await panel.getByRole('heading', { name: 'Locked' }).waitFor();
    expect(await panel.getByLabel('Note', { exact: true }).count()).toBe(0);
    expect(await panel.getByText('Thank you for making tea').count()).toBe(0);
    await panel.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
    await panel.getByRole('button', { name: 'Unlock' }).click();
    await panel.getByRole('alert').filter({ hasText: 'did not unlock' }).waitFor();
    await panel.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await panel.getByRole('button', { name: 'Unlock' }).click();
    await panel.locator('[data-sync="synced"]').waitFor();
    await writeNote(panel, 'I need a quiet evening together', 'A need');
    await samSees('I need a quiet evening together').waitFor();

    // Idle auto-lock, with the test override of the timeout set in the extension's origin.
    await panel.evaluate(() => localStorage.setItem('securebase:test-idle-lock-ms', '2000'));
    await panel.reload();
    await panel.getByRole('heading', { name: 'Locked' }).waitFor();
    await panel.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await panel.getByRole('button', { name: 'Unlock' }).click();
    await panel.getByLabel('Note', { exact: true }).waitFor();
    // Nobody touches the panel now: it must lock itself.
    await panel.getByRole('heading', { name: 'Locked' }).waitFor();
    await panel.evaluate(() => localStorage.removeItem('securebase:test-idle-lock-ms'));
    await panel.close();
  });

  it('quick exit closes the panel: Escape twice, or the button', async () => {
    const byKeys = await extensionPage('popup');
    await byKeys.getByRole('heading', { name: 'Locked' }).waitFor();
    const closedByKeys = byKeys.waitForEvent('close');
    // One Escape alone, even right after opening, leaves the panel as it is.
    await byKeys.keyboard.press('Escape');
    expect(await byKeys.evaluate(() => document.title)).toBe('Secure Base quick note');
    // The next Escape (or the one after, on a slow machine) closes the page, possibly before the
    // key-up: only then may a press fail.
    const pressOnOpenPage = (): Promise<void> =>
      byKeys.isClosed()
        ? Promise.resolve()
        : byKeys.keyboard.press('Escape').catch((err: unknown) => {
            if (!byKeys.isClosed()) throw err;
          });
    await pressOnOpenPage();
    await pressOnOpenPage();
    await closedByKeys;
    expect(byKeys.isClosed()).toBe(true);

    const byButton = await extensionPage('sidepanel');
    await byButton.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await byButton.getByRole('button', { name: 'Unlock' }).click();
    await byButton.getByLabel('Note', { exact: true }).fill('half-written, never sent');
    const closedByButton = byButton.waitForEvent('close');
    await byButton.getByRole('button', { name: 'Quick exit' }).click();
    await closedByButton;
    expect(byButton.isClosed()).toBe(true);
  });

  it('never threw at the person', () => {
    expect(pageErrors).toEqual([]);
  });
});
