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
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoSection, seriousA11yViolations, startExtensionCouple, type ExtensionCouple } from './helpers/index.js';

const FRAMING = 'Is there a worry you have been carrying? I would like to listen, without fixing anything.';

let couple: ExtensionCouple;
let sam: Page;

beforeAll(async () => {
  couple = await startExtensionCouple('extinvite', { width: 360, height: 900 });
  ({ sam } = couple);
});

afterAll(async () => {
  await couple?.close();
});

describe('invitations to talk in the quick-note panel', () => {
  it('shows the partner’s invitation with one-tap answers, and sends one of its own', async () => {
    const panel = await couple.linkPanel();

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
    expect(couple.pageErrors).toEqual([]);
  });
});
