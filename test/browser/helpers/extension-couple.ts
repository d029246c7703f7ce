/**
 * The setup the quick-note panel's browser tests share: a real relay serving the web app, a
 * Chromium profile with the built extension loaded, Alex's space made in this process, Sam
 * joined through the web app (named, synced, onboarding put away), and — on request — the side
 * panel linked as one of Alex's devices.
 *
 *   const couple = await startExtensionCouple('extpause', { width: 390, height: 844 });
 *   const panel = await couple.linkPanel();        // synced, as one of Alex's devices
 *   couple.sam.getByRole(…);  couple.dataDir;  couple.pageErrors
 *   await couple.close();
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { startRelay } from '@securebase/relay';
import { createDeviceLinkCode, createInviteLink, createSpace, type Credentials } from '@securebase/sync';
import { launchWithExtension } from './extension.js';
import { SYNC_WAIT, WEB_ROOT, type Viewport } from './harness.js';
import { dismissOnboarding, waitSynced } from './space.js';

/** The extension's built folders (or a scratch build: SECUREBASE_EXTENSION_DIST). */
export const EXTENSION_DIST = process.env.SECUREBASE_EXTENSION_DIST ?? fileURLToPath(new URL('../../../apps/extension/dist', import.meta.url));
export const CHROMIUM_BUILD = join(EXTENSION_DIST, 'chromium');

export interface ExtensionCouple {
  relay: Awaited<ReturnType<typeof startRelay>>;
  /** The relay's data directory, for canary scans. */
  dataDir: string;
  context: BrowserContext;
  extensionId: string;
  /** Alex's first device, in this process (links the panel). */
  alex: Credentials;
  /** Sam's web app, joined and synced. */
  sam: Page;
  /** Every uncaught page error of the profile. */
  pageErrors: string[];
  /** A new page of the profile, errors collected, the sync wait as its default timeout. */
  openPage(url: string): Promise<Page>;
  /** Opens the side panel and links it as one of Alex's devices; resolves once it is synced. */
  linkPanel(): Promise<Page>;
  close(): Promise<void>;
}

/** Relay, profile and both partners; `name` tells the temporary directories apart. */
export async function startExtensionCouple(name: string, viewport: Viewport): Promise<ExtensionCouple> {
  if (!existsSync(join(CHROMIUM_BUILD, 'manifest.json'))) {
    throw new Error(`${CHROMIUM_BUILD} is missing: run \`pnpm --filter @securebase/extension build\` first.`);
  }
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error('apps/web/dist is missing: run `pnpm --filter @securebase/web build` first.');
  const dataDir = await mkdtemp(join(tmpdir(), `securebase-${name}-relay-`));
  const profileDir = await mkdtemp(join(tmpdir(), `securebase-${name}-profile-`));
  const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, webRoot: WEB_ROOT });
  const { context, extensionId } = await launchWithExtension(profileDir, { build: CHROMIUM_BUILD, viewport });
  const pageErrors: string[] = [];
  const openPage = async (url: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.setDefaultTimeout(SYNC_WAIT);
    await page.goto(url);
    return page;
  };

  const alex = await createSpace(relay.url);
  const { link } = await createInviteLink(alex);
  const sam = await openPage(link);
  await sam.getByRole('heading', { name: 'Join your partner’s space' }).waitFor();
  await sam.getByLabel('Your name (optional)').fill('Sam');
  await sam.getByRole('button', { name: 'Join', exact: true }).click();
  await sam.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
  await waitSynced(sam);
  await dismissOnboarding(sam);

  return {
    relay,
    dataDir,
    context,
    extensionId,
    alex,
    sam,
    pageErrors,
    openPage,
    async linkPanel() {
      const panel = await openPage(`chrome-extension://${extensionId}/sidepanel.html`);
      const code = await createDeviceLinkCode(alex);
      await panel.getByLabel('Device link code').fill(code.code);
      await panel.getByRole('button', { name: 'Link this extension' }).click();
      await code.waitForRequest({ pollMs: 200 });
      await code.approve();
      await panel.locator('[data-sync="synced"]').waitFor();
      return panel;
    },
    async close() {
      await context.close();
      await relay.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}
