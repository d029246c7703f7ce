/**
 * Issue 16 part 3: apps/example-codemirror, a page outside the workbook that puts CodeMirror 6 and
 * y-codemirror.next on EncryptedProvider, works with two people in real Chromium through a real
 * relay. The example is served from its own origin (a static server) and the relay allows that
 * origin (--allow-origin), as a deployment would. Alex creates a space, Sam joins with the invite
 * link; both type and see each other's text; Sam sees Alex's cursor with Alex's name; what Sam
 * types offline arrives after the connection is back, and nothing typed is lost on either side.
 * The relay's data directory never holds the typed text. Screenshots at 390 and 1280 px go to
 * test-output/screenshots/example-codemirror-*.png.
 *
 *   scripts/pnpm exec turbo run build --filter=@securebase/example-codemirror
 *   npx vitest run -c vitest.browser.config.ts test/browser/example-codemirror.test.ts
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay } from '@securebase/relay';
import { CHROMIUM, SCREENSHOTS, SYNC_WAIT, VIEWPORTS, horizontalOverflow, screenshot, type Relay, type Viewport } from './helpers/index.js';
import { serveStatic, type StaticSite } from './helpers/static-server.js';

const EXAMPLE_DIST = fileURLToPath(new URL('../../apps/example-codemirror/dist', import.meta.url));
/** Text that must never reach the relay readable; random so no earlier run's data can match. */
const canary = (label: string): string => `${label}-canary-${randomBytes(8).toString('hex')}`;

let site: StaticSite;
let relay: Relay | undefined;
let dataDir: string;
let browser: Browser;
let alex: Page;
let sam: Page;
const pageErrors: string[] = [];
const typed: string[] = [];

async function openPage(viewport: Viewport): Promise<Page> {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.setDefaultTimeout(SYNC_WAIT);
  return page;
}

const editor = (page: Page) => page.locator('.cm-content');

/** Put the cursor at the end of the note and insert `text` as one edit. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
  await editor(page).click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText(text);
  typed.push(text);
}

/** The note's text as the editor shows it, line by line, without the partner's caret label. */
async function noteText(page: Page): Promise<string> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.cm-content .cm-line'), (line) => {
      const copy = line.cloneNode(true) as HTMLElement;
      for (const caret of Array.from(copy.querySelectorAll('.cm-ySelectionCaret'))) caret.remove();
      return copy.textContent ?? '';
    }).join('\n'),
  );
}

async function waitForText(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.querySelector('.cm-content')?.textContent?.includes(t) ?? false, text);
}

/** Every file under `dir`, recursively (SQLite's database, WAL and shared-memory files). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  if (!existsSync(join(EXAMPLE_DIST, 'index.html'))) {
    throw new Error('apps/example-codemirror/dist is missing: run `scripts/pnpm --filter @securebase/example-codemirror build` first.');
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  site = await serveStatic(EXAMPLE_DIST);
  dataDir = await mkdtemp(join(tmpdir(), 'securebase-example-'));
  relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, allowOrigins: [site.url] });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  alex = await openPage(VIEWPORTS.desktop);
  sam = await openPage(VIEWPORTS.phone);
});

afterAll(async () => {
  await browser?.close();
  await relay?.close();
  await site?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('CodeMirror example on the encrypted provider', () => {
  it('creates a space and shows an invite link', async () => {
    await alex.goto(`${site.url}/?relay=${encodeURIComponent(relay!.url)}`);
    await expect(alex.locator('#relay').inputValue()).resolves.toBe(relay!.url.replace(/\/+$/, ''));
    await screenshot(alex, 'example-codemirror-start-desktop');
    await alex.getByLabel('Your name').fill('Alex');
    await alex.getByRole('button', { name: 'Create a space' }).click();
    await alex.locator('#status[data-status="synced"]').waitFor();
    const link = await alex.locator('#invite-link').inputValue();
    expect(link).toMatch(/#\/join\/[A-Za-z0-9_-]+$/);
    await screenshot(alex, 'example-codemirror-created-desktop');
    expect(await horizontalOverflow(alex)).toEqual([]);

    await sam.goto(`${site.url}/`);
    await screenshot(sam, 'example-codemirror-start-phone');
    expect(await horizontalOverflow(sam)).toEqual([]);
    await sam.getByLabel('Your name').fill('Sam');
    // A mistyped link: the plain message, and the form stays usable.
    await sam.getByLabel('Invite link').fill(link.slice(0, -4));
    await sam.getByRole('button', { name: 'Join' }).click();
    await sam.getByRole('alert').getByText('This invitation link is not valid.', { exact: false }).waitFor();
    await sam.getByLabel('Invite link').fill(link);
    await sam.getByRole('button', { name: 'Join' }).click();
    await sam.locator('#status[data-status="synced"]').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('shows each partner what the other types, and the partner cursor with a name', async () => {
    const fromAlex = canary('alex');
    await typeAtEnd(alex, `${fromAlex}\n`);
    await waitForText(sam, fromAlex);
    const fromSam = canary('sam');
    await typeAtEnd(sam, `${fromSam}\n`);
    await waitForText(alex, fromSam);
    // Alex moves the cursor (awareness) after Sam's edit: Sam must see it, named.
    await alex.keyboard.press('ControlOrMeta+Home');
    await sam.locator('.cm-ySelectionCaret', { hasText: 'Alex' }).waitFor({ state: 'attached' });
    // And the other way: Sam joined after Alex's provider verified the chain (a look-up again).
    await alex.locator('.cm-ySelectionCaret', { hasText: 'Sam' }).waitFor({ state: 'attached' });
    expect(await alex.locator('#error').isHidden()).toBe(true);
    await screenshot(sam, 'example-codemirror-editing-phone');
    await screenshot(alex, 'example-codemirror-editing-desktop');
    expect(await horizontalOverflow(sam)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('keeps what is typed offline and while the partner was away', async () => {
    await sam.context().setOffline(true);
    await sam.locator('#status[data-status="disconnected"]').waitFor();
    const offline = canary('offline');
    await typeAtEnd(sam, `${offline}\n`);
    const meanwhile = canary('meanwhile');
    await typeAtEnd(alex, `${meanwhile}\n`);
    await screenshot(sam, 'example-codemirror-offline-phone');
    await sam.context().setOffline(false);
    await sam.locator('#status[data-status="synced"]').waitFor();
    await waitForText(alex, offline);
    await waitForText(sam, meanwhile);
    const alexText = await noteText(alex);
    const samText = await noteText(sam);
    for (const text of typed) {
      expect(alexText).toContain(text);
      expect(samText).toContain(text);
    }
    expect(alexText).toBe(samText);
    expect(await sam.locator('#error').isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('never stores the typed text readable on the relay', async () => {
    // Browser first (its keep-alive connections hold the server open), then the relay, whose
    // close checkpoints SQLite's WAL into the database file; every file is scanned.
    await browser.close();
    await relay!.close();
    relay = undefined;
    const files = await filesUnder(dataDir);
    const contents = await Promise.all(files.map((file) => readFile(file)));
    expect(contents.reduce((total, bytes) => total + bytes.length, 0)).toBeGreaterThan(0);
    for (const text of typed) {
      const needle = Buffer.from(text.trim(), 'utf8');
      for (const [i, bytes] of contents.entries()) expect(bytes.includes(needle), `${files[i]} holds typed text`).toBe(false);
    }
  });
});
