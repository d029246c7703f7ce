/**
 * Browser end-to-end for the pinned app: the whole workbook in the extension's own tab
 * (workbook.html), built from the web app's source into the extension package. Real Chromium
 * with the built extension loaded unpacked, a real relay serving the web app, changed by its
 * operator (a line of the operator's in the bundle, the integrity hash redone). Sam makes the space
 * in the web app; Alex is driven through the sync API and links the extension as one of Alex's
 * devices from the pinned tab itself. The tab then writes in every section (Sam sees each),
 * reads Sam's changes, says on the devices screen that its code is the installed extension's
 * (and checks the relay's own web app against its release manifest),
 * locks and unlocks, exports, quick-hides, and shares the one-writer rule with the side panel.
 * The tab is screenshotted at phone and desktop width into test-output/screenshots/pinned-*.png.
 *
 *   pnpm --filter @securebase/web build && pnpm --filter @securebase/extension build
 *   npx vitest run -c vitest.browser.config.ts test/browser/pinned-app.test.ts
 *   SECUREBASE_EXTENSION_DIST=/tmp/ext npx vitest run -c vitest.browser.config.ts test/browser/pinned-app.test.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay } from '@securebase/relay';
import { createDeviceLinkCode, joinSpace, type Credentials } from '@securebase/sync';
import {
  CHROMIUM,
  SCREENSHOTS,
  SYNC_WAIT,
  VIEWPORTS,
  WEB_ROOT,
  createInvite,
  dismissOnboarding,
  gotoSection,
  horizontalOverflow,
  screenshot,
  seriousA11yViolations,
  waitSynced,
  type A11yViolation,
  launchWithExtension,
} from './helpers/index.js';

/** The built extension (or a scratch build, while dist/ is busy). */
const EXTENSION_DIST = process.env.SECUREBASE_EXTENSION_DIST
  ? resolve(process.env.SECUREBASE_EXTENSION_DIST)
  : fileURLToPath(new URL('../../apps/extension/dist', import.meta.url));
const CHROMIUM_BUILD = join(EXTENSION_DIST, 'chromium');
const PASSPHRASE = 'lantern over the harbour';
const WORD = 'Pinned app canary word';

type Relay = Awaited<ReturnType<typeof startRelay>>;

let relay: Relay;
let dataDir: string;
/** The web root the relay serves: the built app with the operator's change. */
let webRoot: string;
/** The bundle path the operator changed. */
let changedBundle: string;
let profileDir: string;
let context: BrowserContext;
let extensionId: string;
let version: string;
let alex: Credentials;
let sam: Page;
let tab: Page;
/** Uncaught exceptions in any page: neither the extension nor the web app may throw at the person. */
const pageErrors: string[] = [];
/** Content Security Policy refusals reported in any page's console. */
const cspViolations: string[] = [];
/** Every request an extension page made: what it loaded, and from where. */
const extensionRequests: { url: string; type: string }[] = [];

async function openPage(url: string): Promise<Page> {
  const page = await context.newPage();
  watch(page, url.startsWith('chrome-extension://'));
  await page.goto(url);
  return page;
}

function watch(page: Page, isExtension: boolean): void {
  if (isExtension) page.on('request', (request) => extensionRequests.push({ url: request.url(), type: request.resourceType() }));
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.setDefaultTimeout(SYNC_WAIT);
}

const extensionUrl = (page: string): string => `chrome-extension://${extensionId}/${page}`;

function card(page: Page, list: string, name: string): Locator {
  return page.getByRole('list', { name: list, exact: true }).getByRole('listitem', { name, exact: true });
}

async function unlock(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Secure Base is locked' }).waitFor();
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await waitSynced(page);
}

/**
 * axe on an extension page: the strict CSP refuses the inline script tag the shared helper adds,
 * so axe is evaluated through the debugging protocol first (which the CSP does not govern).
 */
async function a11yViolations(page: Page): Promise<A11yViolation[]> {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source);
  return seriousA11yViolations(page);
}

/** The visible text of the page (what quick-hide must leave behind). */
const domText = (page: Page): Promise<string> => page.evaluate(() => document.body.innerText);

/**
 * A copy of the built web app as a hostile operator would serve it: the bundle gains a line of the
 * operator's (it marks the page it runs in), and index.html's integrity hash is redone to match, so
 * browsers load it. The web app (Sam) runs that code; the pinned tab must never run it.
 */
async function operatorChangedWebApp(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'securebase-pinned-web-'));
  await cp(WEB_ROOT, root, { recursive: true });
  const html = await readFile(join(root, 'index.html'), 'utf8');
  const bundle = /src="\/(assets\/index-[^"]+\.js)"/.exec(html)?.[1];
  if (!bundle) throw new Error('the built index.html names no bundle');
  const changed = `${await readFile(join(root, bundle), 'utf8')}\nglobalThis.__operatorCode = true;\n`;
  await writeFile(join(root, bundle), changed);
  const integrity = `sha384-${createHash('sha384').update(changed).digest('base64')}`;
  await writeFile(join(root, 'index.html'), html.replace(new RegExp(`(src="/${bundle}"[^>]*integrity=")[^"]+`), `$1${integrity}`));
  changedBundle = `/${bundle}`;
  return root;
}

beforeAll(async () => {
  if (!existsSync(join(CHROMIUM_BUILD, 'manifest.json')) || !existsSync(join(CHROMIUM_BUILD, 'workbook.html'))) {
    throw new Error('the built extension (with workbook.html) is missing: run `pnpm --filter @securebase/extension build` first.');
  }
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error('apps/web/dist is missing: run `pnpm --filter @securebase/web build` first.');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  await mkdir(SCREENSHOTS, { recursive: true });
  version = (JSON.parse(readFileSync(join(CHROMIUM_BUILD, 'manifest.json'), 'utf8')) as { version: string }).version;
  dataDir = await mkdtemp(join(tmpdir(), 'securebase-pinned-relay-'));
  profileDir = await mkdtemp(join(tmpdir(), 'securebase-pinned-profile-'));
  webRoot = await operatorChangedWebApp();
  relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, webRoot });
  ({ context, extensionId } = await launchWithExtension(profileDir, { build: CHROMIUM_BUILD, viewport: VIEWPORTS.desktop, acceptDownloads: true }));

  // Sam makes the space in the web app; Alex joins it through the sync API.
  sam = await openPage(relay.url);
  await sam.getByLabel('Your name (optional)').fill('Sam');
  await sam.getByRole('button', { name: 'Create our space' }).click();
  await waitSynced(sam);
  await dismissOnboarding(sam);
  alex = await joinSpace(await createInvite(sam));
});

afterAll(async () => {
  await context?.close();
  await relay?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
  if (webRoot) await rm(webRoot, { recursive: true, force: true });
});

describe('the pinned workbook in the extension', () => {
  it('links the extension as Alex’s device from the pinned tab, then opens the workbook', async () => {
    tab = await openPage(extensionUrl('workbook.html'));
    await tab.getByRole('heading', { name: 'Link this extension to your Secure Base' }).waitFor();
    await screenshot(tab, 'pinned-link-desktop');
    expect(await a11yViolations(tab)).toEqual([]);
    const link = await createDeviceLinkCode(alex);
    await tab.getByLabel('Device link code').fill(link.code);
    await tab.getByRole('button', { name: 'Link this extension' }).click();
    const request = await link.waitForRequest({ pollMs: 200 });
    await expect.poll(() => tab.getByTestId('link-fingerprint').textContent(), { timeout: SYNC_WAIT }).toBe(request.fingerprint);
    await link.approve();
    await tab.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
    await waitSynced(tab);
    await dismissOnboarding(tab);
    // The page is the extension's own; the only service worker is the extension's background, never the web app's sw.js.
    expect(new URL(tab.url()).protocol).toBe('chrome-extension:');
    const workers = await tab.evaluate(async () =>
      (await navigator.serviceWorker.getRegistrations()).map((r) => new URL((r.active ?? r.installing ?? r.waiting)?.scriptURL ?? '').pathname),
    );
    expect(workers).toEqual(['/background.js']);
  });

  it('the popup’s “Open the whole workbook” opens the pinned tab, which takes the session over', async () => {
    const popup = await openPage(extensionUrl('popup.html'));
    await popup.locator('[data-sync="synced"]').waitFor();
    // The popup is the newest window: the first tab stepped aside.
    await tab.locator('[data-writer="elsewhere"]').waitFor();
    const opened = context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Open the whole workbook' }).click();
    const fresh = await opened;
    watch(fresh, true);
    expect(fresh.url()).toBe(extensionUrl('workbook.html'));
    await waitSynced(fresh);
    await popup.locator('[data-sync="elsewhere"]').waitFor();
    await popup.close();
    await tab.close();
    tab = fresh;
    await dismissOnboarding(tab);
  });

  it('writes in every section and Sam sees each; Sam’s change reaches the tab', async () => {
    await gotoSection(tab, 'Our words');
    await tab.getByLabel('Word or phrase').fill(WORD);
    await tab.getByLabel('What it means to me', { exact: true }).fill('Written in the pinned app.');
    await tab.getByRole('button', { name: 'Add word' }).click();
    await gotoSection(sam, 'Our words');
    await card(sam, 'Our words', WORD).waitFor();

    // A boundary: drafted privately (the private document), then shared.
    await gotoSection(tab, 'Boundaries');
    const form = tab.getByRole('form', { name: 'Draft a boundary' });
    await form.getByLabel('Topic').fill('Phones away at dinner');
    await form.getByRole('radio', { name: 'Yes', exact: true }).check();
    await form.getByRole('button', { name: 'Save draft' }).click();
    const draft = card(tab, 'My private drafts', 'Draft: Phones away at dinner');
    await draft.getByRole('button', { name: 'Share with my partner: Phones away at dinner' }).click();
    await draft.getByRole('button', { name: 'Share it' }).click();
    await gotoSection(sam, 'Boundaries');
    await card(sam, 'Shared boundaries', 'Boundary: Phones away at dinner').waitFor();

    await gotoSection(tab, 'Wins');
    await tab.getByRole('radio', { name: 'Micro-repair' }).check();
    await tab.getByLabel('What happened').fill('We paused and came back kinder.');
    await tab.getByRole('button', { name: 'Add to our wins' }).click();
    await gotoSection(sam, 'Wins');
    await card(sam, 'Our wins', 'Micro-repair: We paused and came back kinder.').waitFor();

    await gotoSection(tab, 'Reframes');
    await tab.getByLabel('The automatic thought').fill('Nothing I do is enough.');
    await tab.getByLabel('The reframe').fill('We paused tonight, and it helped.');
    await tab.getByRole('radio', { name: 'Sam and me', exact: true }).check();
    await tab.getByRole('button', { name: 'Add reframe' }).click();
    await gotoSection(sam, 'Reframes');
    await sam.getByText('We paused tonight, and it helped.').waitFor();

    await gotoSection(tab, 'Our story');
    await tab.getByRole('textbox', { name: 'What happened, in my words' }).click();
    await tab.keyboard.type('Written from the pinned tab.');
    await tab.getByRole('button', { name: 'Share with Sam', exact: true }).first().click();
    await gotoSection(sam, 'Our story');
    await sam.getByText('Written from the pinned tab.').waitFor();

    await gotoSection(tab, 'Agreements');
    await tab.getByLabel('Kind of agreement').selectOption('time-out');
    await tab.getByRole('button', { name: 'Add agreement' }).click();
    await gotoSection(sam, 'Agreements');
    await card(sam, 'Our agreements', 'Our time-out').waitFor();

    await gotoSection(tab, 'Triggers');
    const trigger = tab.getByRole('form', { name: 'Add a trigger' });
    await trigger.getByLabel('The trigger').fill('A door closed hard');
    await trigger.getByLabel('What tends to happen').fill('I go quiet.');
    await trigger.getByLabel('The response we propose').fill('Say "I am here" and wait.');
    await trigger.getByRole('button', { name: 'Add trigger' }).click();
    await gotoSection(sam, 'Triggers');
    await card(sam, 'Our triggers', 'Trigger: A door closed hard').waitFor();

    await gotoSection(tab, 'Check-ins');
    await tab.getByRole('button', { name: 'Start check-in' }).click();
    await gotoSection(sam, 'Check-ins');
    await sam.getByRole('list', { name: 'Our check-ins' }).getByRole('button', { name: 'Seal my answers' }).first().waitFor();

    await gotoSection(tab, 'Inbox');
    await tab.getByLabel('Note', { exact: true }).fill('Written in the pinned tab');
    await tab.getByRole('button', { name: 'Add note' }).click();
    await gotoSection(sam, 'Inbox');
    await card(sam, 'Notes', 'Note: Written in the pinned tab').waitFor();

    // And the other way: Sam's note shows in the tab.
    await sam.getByLabel('Note', { exact: true }).fill('Sam wrote this in the web app');
    await sam.getByRole('button', { name: 'Add note' }).click();
    await card(tab, 'Notes', 'Note: Sam wrote this in the web app').waitFor();
  });

  it('reveals shared desires between the tab and Sam’s web app, and only those', async () => {
    const addWish = async (page: Page, words: string): Promise<void> => {
      const form = page.getByRole('form', { name: 'Add your own wish' });
      await form.getByLabel('Your wish, in your own words').fill(words);
      await form.getByRole('button', { name: 'Add my wish' }).click();
      await page.getByRole('listitem', { name: words, exact: true }).waitFor();
    };
    await gotoSection(tab, 'Closeness');
    await gotoSection(sam, 'Closeness');
    await addWish(tab, 'Dancing in the pinned tab');
    await addWish(tab, 'Only the tab wants this');
    await addWish(sam, 'Dancing in the pinned tab');
    for (const page of [tab, sam]) await page.getByRole('region', { name: 'Reveal together' }).getByRole('button', { name: 'Reveal together', exact: true }).click();
    for (const page of [tab, sam]) {
      const shared = page.getByRole('region', { name: 'Reveal together' }).getByRole('list', { name: 'Wishes you share' });
      await shared.waitFor({ timeout: SYNC_WAIT });
      expect(await shared.getByRole('listitem').allTextContents()).toEqual(['Dancing in the pinned tab']);
    }
    expect(await sam.content()).not.toContain('Only the tab wants this');
    // Back where the tests after this one expect the two pages.
    await gotoSection(tab, 'Inbox');
    await gotoSection(sam, 'Inbox');
  });

  it('the devices screen says the code is the installed extension’s, not the relay’s', async () => {
    await tab.getByRole('link', { name: 'Devices & trust' }).first().click();
    await tab.getByRole('heading', { name: 'Devices & trust', level: 1 }).waitFor();
    const line = tab.getByTestId('code-source');
    await expect.poll(() => line.textContent()).toContain(`installed Secure Base extension, version ${version}, not from the relay`);
    // The relay's own web app, checked from here against its release manifest: the operator's
    // changed bundle (and index.html) are named.
    await tab.getByRole('button', { name: 'Check the relay’s web app' }).click();
    const verdict = tab.getByTestId('served-app-check');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).toBe('not-verified');
    expect(await verdict.textContent()).toContain(`changed: /, ${changedBundle}, /index.html`);
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await tab.setViewportSize(viewport);
      expect(await horizontalOverflow(tab), `devices at ${width} width`).toEqual([]);
      expect(await a11yViolations(tab), `devices at ${width} width`).toEqual([]);
      await screenshot(tab, `pinned-devices-${width}`);
    }
    await gotoSection(tab, 'Our words');
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await tab.setViewportSize(viewport);
      await card(tab, 'Our words', WORD).waitFor();
      expect(await horizontalOverflow(tab), `words at ${width} width`).toEqual([]);
      await screenshot(tab, `pinned-words-${width}`);
    }
    await tab.setViewportSize(VIEWPORTS.desktop);
  });

  it('exports Markdown and JSON with what the tab can read', async () => {
    await tab.getByRole('link', { name: 'Export and print' }).click();
    const [markdown] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('button', { name: 'Download Markdown' }).click()]);
    expect(await readFile(await markdown.path(), 'utf8')).toContain(WORD);
    const [json] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('button', { name: 'Download JSON' }).click()]);
    const exported = JSON.parse(await readFile(await json.path(), 'utf8')) as { shared: Record<string, unknown> };
    expect(JSON.stringify(exported.shared.vocabulary)).toContain(WORD);
    expect(JSON.stringify(exported.shared.inbox)).toContain('Sam wrote this in the web app');
    await tab.getByRole('link', { name: 'Open the printable view' }).click();
    await tab.getByRole('heading', { name: 'Our workbook' }).waitFor();
    await tab.getByText(WORD).first().waitFor();
  });

  it('locks with a passphrase, refuses a wrong one and unlocks; quick-hide leaves nothing behind', async () => {
    await tab.getByRole('link', { name: 'Settings' }).click();
    await tab.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await tab.getByLabel('Type it again').fill(PASSPHRASE);
    await tab.getByRole('button', { name: 'Set passphrase' }).click();
    await tab.getByText('Passphrase set.', { exact: false }).waitFor();
    await tab.getByRole('button', { name: 'Lock', exact: true }).click();
    await tab.getByRole('heading', { name: 'Secure Base is locked' }).waitFor();
    expect(await domText(tab)).not.toContain(WORD);
    await tab.getByLabel('Passphrase').fill('not the passphrase');
    await tab.getByRole('button', { name: 'Unlock' }).click();
    await tab.getByText('That passphrase did not open Secure Base.', { exact: false }).waitFor();
    await tab.getByLabel('Passphrase').fill(PASSPHRASE);
    await tab.getByRole('button', { name: 'Unlock' }).click();
    await waitSynced(tab);
    await gotoSection(tab, 'Our words');
    await card(tab, 'Our words', WORD).waitFor();

    await tab.getByRole('button', { name: 'Quick hide' }).click();
    await tab.getByRole('heading', { name: 'Notes', exact: true }).waitFor();
    const hidden = await domText(tab);
    expect(hidden).not.toContain(WORD);
    expect(hidden).not.toContain('Secure Base');
    expect(await tab.title()).toBe('Notes');
    await screenshot(tab, 'pinned-quick-hide-desktop');
    await tab.getByRole('button', { name: 'Back' }).click();
    // With a passphrase set, quick-hide locked the tab too.
    await unlock(tab);
  });

  it('one writer at a time: the side panel takes over (a hidden tab stays hidden), the tab takes it back', async () => {
    await tab.getByRole('button', { name: 'Quick hide' }).click();
    await tab.getByRole('heading', { name: 'Notes', exact: true }).waitFor();
    const panel = await openPage(extensionUrl('sidepanel.html'));
    await panel.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await panel.getByRole('button', { name: 'Unlock' }).click();
    await panel.locator('[data-sync="synced"]').waitFor();
    // The panel holds the session, so the tab has let go, behind its neutral page: nothing about Secure Base appeared.
    await expect.poll(() => tab.evaluate(() => document.title)).toBe('Notes');
    expect(await domText(tab)).not.toContain('Secure Base');
    await tab.getByRole('button', { name: 'Back' }).click();
    await tab.locator('[data-writer="elsewhere"]').waitFor();
    expect(await a11yViolations(tab)).toEqual([]);
    await screenshot(tab, 'pinned-elsewhere-desktop');
    await panel.getByLabel('Kind of note').selectOption({ label: 'Appreciation' });
    await panel.getByLabel('Note', { exact: true }).fill('From the side panel while the tab waits');
    await panel.getByRole('button', { name: 'Add to our inbox' }).click();
    await card(sam, 'Notes', 'Note: From the side panel while the tab waits').waitFor();

    await tab.getByRole('button', { name: 'Use here' }).click();
    await panel.locator('[data-sync="elsewhere"]').waitFor();
    await unlock(tab);
    await gotoSection(tab, 'Inbox');
    await card(tab, 'Notes', 'Note: From the side panel while the tab waits').waitFor();
    await tab.getByLabel('Note', { exact: true }).fill('Back in the tab');
    await tab.getByRole('button', { name: 'Add note' }).click();
    await card(sam, 'Notes', 'Note: Back in the tab').waitFor();
    await panel.close();
  });

  it('never threw at the person, the extension’s CSP refused nothing, and no code came from the relay', async () => {
    // The operator's line ran in the web app the relay served, and never in the pinned tab.
    expect(await sam.evaluate(() => '__operatorCode' in globalThis)).toBe(true);
    expect(await tab.evaluate(() => '__operatorCode' in globalThis)).toBe(false);
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
    // Pages, scripts, styles, workers and images: from the package. From the relay: its API, and
    // the web app's files read as data by the check above (fetched, never loaded as code).
    expect(extensionRequests.filter((r) => r.url.includes('/workbook.html')).length).toBeGreaterThan(0);
    const relayOrigin = new URL(relay.url).origin;
    for (const request of extensionRequests) {
      const url = new URL(request.url);
      if (url.origin === relayOrigin) {
        expect(['fetch', 'xhr'], request.url).toContain(request.type);
      } else {
        expect(url.protocol, request.url).toBe('chrome-extension:');
      }
    }
  });
});
