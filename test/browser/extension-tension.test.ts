/**
 * Issue 17, item 2, the quick-note panel's part: the extension's side panel (linked as one of
 * Alex's devices) records "where am I now?" in one tap into Alex's PRIVATE document, with the
 * same gentle nudge as the web app's home (pointing at the panel's own Pause button, sending
 * nothing). Another of Alex's devices (a provider in this test process) reads the entry back;
 * Sam's web app never shows it and the relay's files never hold it (canary scan).
 * Real relay, real Chromium with the built extension loaded unpacked. Screenshots: /tmp/tension-panel-*.png.
 *
 *   scripts/pnpm exec turbo run build --filter=@securebase/web --filter=@securebase/extension
 *   npx vitest run -c vitest.browser.config.ts test/browser/extension-tension.test.ts
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import * as Y from 'yjs';
import { PrivateWorkbook } from '@securebase/model';
import { startRelay } from '@securebase/relay';
import { MemoryStateStore, createDeviceLinkCode, createInviteLink, createSpace, openPrivateDoc, type Credentials } from '@securebase/sync';
import { canariesIn } from '../integration/canaries.js';
import { SYNC_WAIT, WEB_ROOT, dismissOnboarding, seriousA11yViolations, waitSynced, launchWithExtension } from './helpers/index.js';

const EXTENSION_DIST = process.env.SECUREBASE_EXTENSION_DIST ?? fileURLToPath(new URL('../../apps/extension/dist', import.meta.url));
const CHROMIUM_BUILD = join(EXTENSION_DIST, 'chromium');
const CANARIES = { words: 'Zqtensionpanelember6620' };
// reason: `ws` implements the browser WebSocket API the provider uses, but its types differ.
const WebSocketPolyfill = NodeWebSocket as unknown as typeof WebSocket;

let relay: Awaited<ReturnType<typeof startRelay>>;
let dataDir: string;
let profileDir: string;
let context: BrowserContext;
let extensionId: string;
let alex: Credentials;
let sam: Page;
const pageErrors: string[] = [];

async function openPage(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.setDefaultTimeout(SYNC_WAIT);
  await page.goto(url);
  return page;
}

async function relayLeaks(): Promise<string[]> {
  const found: string[] = [];
  const entries = (await readdir(dataDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  // The relay did store the space: an empty directory would prove nothing.
  expect(entries.length).toBeGreaterThan(0);
  for (const entry of entries) {
    const file = join(entry.parentPath, entry.name);
    for (const leak of canariesIn(await readFile(file), CANARIES)) found.push(`${file}: ${leak}`);
  }
  return found;
}

beforeAll(async () => {
  if (!existsSync(join(CHROMIUM_BUILD, 'manifest.json'))) {
    throw new Error(`${CHROMIUM_BUILD} is missing: run \`pnpm --filter @securebase/extension build\` first.`);
  }
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error('apps/web/dist is missing: run `pnpm --filter @securebase/web build` first.');
  dataDir = await mkdtemp(join(tmpdir(), 'securebase-exttension-relay-'));
  profileDir = await mkdtemp(join(tmpdir(), 'securebase-exttension-profile-'));
  relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, webRoot: WEB_ROOT });
  ({ context, extensionId } = await launchWithExtension(profileDir, { build: CHROMIUM_BUILD, viewport: { width: 360, height: 900 } }));

  alex = await createSpace(relay.url);
  const { link } = await createInviteLink(alex);
  sam = await openPage(link);
  await sam.getByRole('heading', { name: 'Join your partner’s space' }).waitFor();
  await sam.getByLabel('Your name (optional)').fill('Sam');
  await sam.getByRole('button', { name: 'Join', exact: true }).click();
  await sam.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
  await waitSynced(sam);
  await dismissOnboarding(sam);
});

afterAll(async () => {
  await context?.close();
  await relay?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

describe('the tension log in the quick-note panel', () => {
  it('records privately in one tap, nudges without sending, and stays off the partner’s screen and the relay', async () => {
    const panel = await openPage(`chrome-extension://${extensionId}/sidepanel.html`);
    const code = await createDeviceLinkCode(alex);
    await panel.getByLabel('Device link code').fill(code.code);
    await panel.getByRole('button', { name: 'Link this extension' }).click();
    await code.waitForRequest({ pollMs: 200 });
    await code.approve();
    await panel.locator('[data-sync="synced"]').waitFor();

    const card = panel.getByRole('region', { name: /^Where am I now\?/ });
    await card.getByText('Only on your devices').waitFor();
    await card.getByLabel('A few words (optional)').fill(CANARIES.words);
    await card.getByRole('button', { name: '8 of 10', exact: true }).click();
    await card.getByText('Noted: 8 of 10. Kept only on your devices.').waitFor();
    const nudge = card.getByRole('note', { name: 'A gentle suggestion' });
    await nudge.getByRole('button', { name: 'Show me the Pause button' }).click();
    const pause = panel.getByRole('button', { name: 'Pause', exact: true });
    await expect.poll(() => pause.evaluate((el) => el === document.activeElement)).toBe(true);
    // Focus only: nothing was sent, so Sam sees no pause.
    expect(await sam.getByRole('dialog').count()).toBe(0);
    await panel.screenshot({ path: '/tmp/tension-panel-360.png', fullPage: true });
    expect(await seriousA11yViolations(panel)).toEqual([]);

    // Another of Alex's devices reads it from Alex's private document.
    const doc = new Y.Doc();
    const provider = openPrivateDoc(alex, doc, { store: new MemoryStateStore(), WebSocketPolyfill });
    try {
      const mine = new PrivateWorkbook(doc);
      await expect.poll(() => mine.tension.list().map((e) => [e.level, e.words]), { timeout: SYNC_WAIT }).toEqual([[8, CANARIES.words]]);
    } finally {
      await provider.destroy();
    }

    await sam.reload();
    await waitSynced(sam);
    expect(canariesIn(Buffer.from(await sam.evaluate(() => document.documentElement.outerHTML)), CANARIES)).toEqual([]);
    expect(await relayLeaks()).toEqual([]);
    await panel.close();
    expect(pageErrors).toEqual([]);
  });
});
