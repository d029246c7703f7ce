/**
 * Issue 17, part 4, the quick-note panel's part: invitations to talk. Sam (the web app) invites
 * Alex to talk about a fear; the extension's side panel (linked as one of Alex's devices) shows
 * the card with its two one-tap answers; "Later" reaches Sam's home, and then the panel's yes.
 * The panel sends an invitation of its own (own words only), which Sam's home shows. No "seen"
 * either way. Real relay, real Chromium with the built extension loaded unpacked; axe clean.
 *
 *   scripts/pnpm exec turbo run build --filter=@securebase/web --filter=@securebase/extension
 *   npx vitest run -c vitest.browser.config.ts test/browser/extension-invitations.test.ts
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay } from '@securebase/relay';
import { createDeviceLinkCode, createInviteLink, createSpace, type Credentials } from '@securebase/sync';
import { SYNC_WAIT, WEB_ROOT, dismissOnboarding, gotoSection, launchWithExtension, seriousA11yViolations, waitSynced } from './helpers/index.js';

const EXTENSION_DIST = process.env.SECUREBASE_EXTENSION_DIST ?? fileURLToPath(new URL('../../apps/extension/dist', import.meta.url));
const CHROMIUM_BUILD = join(EXTENSION_DIST, 'chromium');
const FRAMING = 'Is there a worry you have been carrying? I would like to listen, without fixing anything.';

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

beforeAll(async () => {
  if (!existsSync(join(CHROMIUM_BUILD, 'manifest.json'))) {
    throw new Error(`${CHROMIUM_BUILD} is missing: run \`pnpm --filter @securebase/extension build\` first.`);
  }
  dataDir = await mkdtemp(join(tmpdir(), 'securebase-extinvite-relay-'));
  profileDir = await mkdtemp(join(tmpdir(), 'securebase-extinvite-profile-'));
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

describe('invitations to talk in the quick-note panel', () => {
  it('shows the partner’s invitation with one-tap answers, and sends one of its own', async () => {
    const panel = await openPage(`chrome-extension://${extensionId}/sidepanel.html`);
    const code = await createDeviceLinkCode(alex);
    await panel.getByLabel('Device link code').fill(code.code);
    await panel.getByRole('button', { name: 'Link this extension' }).click();
    await code.waitForRequest({ pollMs: 200 });
    await code.approve();
    await panel.locator('[data-sync="synced"]').waitFor();

    // Sam invites from the web app's home.
    await gotoSection(sam, 'Home');
    const invite = sam.getByRole('region', { name: 'Invite your partner to talk' });
    await invite.getByRole('button', { name: 'Write an invitation' }).click();
    await invite.getByRole('radio', { name: FRAMING, exact: true }).check();
    await invite.getByRole('button', { name: 'Send the invitation' }).click();
    const samsOwn = invite.getByRole('list', { name: 'Your invitations' });
    await samsOwn.getByText('Waiting, whenever your partner is ready.').waitFor();

    const card = panel.getByRole('group', { name: 'Sam invites you to talk about a fear' });
    await card.getByText(FRAMING).waitFor();
    expect(await seriousA11yViolations(panel)).toEqual([]);
    await panel.screenshot({ path: 'test-output/screenshots/extension-invitation-360.png', fullPage: true });
    await card.getByRole('button', { name: 'Later' }).click();
    await card.getByText('You said later. It waits, whenever you are ready.').waitFor();
    await samsOwn.getByText('Your partner would like to, later.').waitFor();
    await card.getByRole('button', { name: 'Yes, let’s talk' }).click();
    await card.waitFor({ state: 'detached' });
    await samsOwn.getByText('Your partner said yes. Find a calm time together.').waitFor();

    // The panel invites Sam, in its own words only.
    await panel.getByText('Invite Sam to talk').click();
    const form = panel.getByRole('form', { name: 'Invite to talk' });
    await form.getByLabel('To talk about').selectOption('desire');
    await form.getByLabel('In these words').selectOption({ label: 'Only my own words' });
    await form.getByRole('button', { name: 'Send the invitation' }).click();
    await panel.getByText('Choose a framing, or write your own words first.').waitFor();
    await form.getByLabel('My words').fill('Could we plan a slow Sunday, just us?');
    await form.getByRole('button', { name: 'Send the invitation' }).click();
    await panel.getByText('Sent. Sam answers when ready.').waitFor();
    const toSam = sam.getByRole('region', { name: 'Your partner invites you to talk about a desire' });
    await toSam.getByText('Could we plan a slow Sunday, just us?').waitFor();
    await panel.close();
    expect(pageErrors).toEqual([]);
  });
});
