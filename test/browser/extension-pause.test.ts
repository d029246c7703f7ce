/**
 * Issue 12, the quick-note panel's part: the extension's side panel (linked as one of Alex's
 * devices, with its own provider) sends a pause and gentle checks through the same live-signal
 * channel as the web app. A pause from the panel shows on Sam's web app as the full pause card;
 * Sam's check arrives in the panel with one-tap answers and the answer reaches Sam; ending the
 * pause on Sam's side ends it in the panel; Sam's own pause shows in the panel. Every line names
 * Sam, as the workbook does. The manifest asks for no permission beyond alarms, notifications
 * (the check-in reminder, extension-rhythm.test.ts) and the side panel.
 * Real relay, real Chromium with the built extension loaded unpacked. Screenshots: /tmp/shots-breathe/.
 *
 *   pnpm --filter @securebase/web build && pnpm --filter @securebase/extension build
 *   npx vitest run -c vitest.browser.config.ts test/browser/extension-pause.test.ts
 *   # or against scratch builds: SECUREBASE_WEB_ROOT=/tmp/web SECUREBASE_EXTENSION_DIST=/tmp/ext …
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_BUILD, seriousA11yViolations, startExtensionCouple, waitGone, type ExtensionCouple } from './helpers/index.js';

const SHOTS = '/tmp/shots-breathe';

let couple: ExtensionCouple;
let sam: Page;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  couple = await startExtensionCouple('extpause', { width: 390, height: 844 });
  ({ sam } = couple);
});

afterAll(async () => {
  await couple?.close();
});

describe('pause and gentle checks in the quick-note panel', () => {
  it('asks for no permission beyond alarms, notifications and the side panel', () => {
    const manifest = JSON.parse(readFileSync(join(CHROMIUM_BUILD, 'manifest.json'), 'utf8')) as { permissions: string[] };
    expect([...manifest.permissions].sort()).toEqual(['alarms', 'notifications', 'sidePanel']);
  });

  it('a pause from the panel shows on the partner’s web app; checks and answers go both ways', async () => {
    const panel = await couple.linkPanel();

    const sentAt = Date.now();
    await panel.getByRole('button', { name: 'Pause', exact: true }).click();
    const card = sam.getByRole('dialog', { name: /needs a pause$/ });
    await card.waitFor();
    console.log(`pause latency, panel click to card on Sam's web app: ${Date.now() - sentAt} ms (test-process clock)`);
    await card.getByRole('timer').waitFor();
    await panel.getByText('You asked for a pause').waitFor();
    await panel.getByText('sent to Sam', { exact: false }).waitFor();
    await panel.screenshot({ path: `${SHOTS}/extension-panel-pause.png` });
    expect(await seriousA11yViolations(panel)).toEqual([]);

    // Sam ends it: the panel's pause goes too.
    await card.getByRole('button', { name: 'End the pause for both of us' }).click();
    await waitGone(panel.locator('.live-panel-pause'));

    // A check from the panel reaches Sam, and Sam's answer comes back to the panel.
    await panel.getByRole('button', { name: 'Are you okay?' }).click();
    const check = sam.getByRole('dialog', { name: /asks: Are you okay\?$/ });
    await check.getByRole('button', { name: 'I need a moment' }).click();
    await panel.getByText('Sam needs a moment.').waitFor();

    // Sam's check reaches the panel with one-tap answers.
    await sam.getByText('Gentle check').click();
    await sam.getByRole('button', { name: 'Would it help if we pause?' }).click();
    const incoming = panel.getByRole('group', { name: 'Sam asks: Would it help if we pause?' });
    await incoming.waitFor();
    await panel.screenshot({ path: `${SHOTS}/extension-panel-check.png` });
    expect(await seriousA11yViolations(panel)).toEqual([]);
    await incoming.getByRole('button', { name: 'Come closer' }).click();
    await sam.getByText('would like you to come closer.', { exact: false }).waitFor();

    // Sam's own pause: the panel names Sam, at the side panel's and the popup's real widths.
    await sam.getByRole('button', { name: 'Pause', exact: true }).click();
    const samsPause = panel.locator('.live-panel-pause[data-pause="partner"]');
    await samsPause.getByText('Sam needs a pause').waitFor();
    for (const width of [320, 360]) {
      await panel.setViewportSize({ width, height: 640 });
      await panel.screenshot({ path: `${SHOTS}/extension-panel-partner-pause-${width}.png` });
    }
    expect(await seriousA11yViolations(panel)).toEqual([]);
    await samsPause.getByRole('button', { name: 'End the pause for both of us' }).click();
    await waitGone(samsPause);
    await panel.close();
    expect(couple.pageErrors).toEqual([]);
  });
});
