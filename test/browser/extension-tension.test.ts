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
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import * as Y from 'yjs';
import { PrivateWorkbook } from '@securebase/model';
import { MemoryStateStore, openPrivateDoc } from '@securebase/sync';
import { canariesIn } from '../integration/canaries.js';
import { SYNC_WAIT, seriousA11yViolations, startExtensionCouple, waitSynced, type ExtensionCouple } from './helpers/index.js';

const CANARIES = { words: 'Zqtensionpanelember6620' };
// reason: `ws` implements the browser WebSocket API the provider uses, but its types differ.
const WebSocketPolyfill = NodeWebSocket as unknown as typeof WebSocket;

let couple: ExtensionCouple;
let sam: Page;

async function relayLeaks(): Promise<string[]> {
  const found: string[] = [];
  const entries = (await readdir(couple.dataDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  // The relay did store the space: an empty directory would prove nothing.
  expect(entries.length).toBeGreaterThan(0);
  for (const entry of entries) {
    const file = join(entry.parentPath, entry.name);
    for (const leak of canariesIn(await readFile(file), CANARIES)) found.push(`${file}: ${leak}`);
  }
  return found;
}

beforeAll(async () => {
  couple = await startExtensionCouple('exttension', { width: 360, height: 900 });
  ({ sam } = couple);
});

afterAll(async () => {
  await couple?.close();
});

describe('the tension log in the quick-note panel', () => {
  it('records privately in one tap, nudges without sending, and stays off the partner’s screen and the relay', async () => {
    const panel = await couple.linkPanel();

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
    const provider = openPrivateDoc(couple.alex, doc, { store: new MemoryStateStore(), WebSocketPolyfill });
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
    expect(couple.pageErrors).toEqual([]);
  });
});
