/**
 * Issue 12, the extension's check-in reminder: with the space open and unlocked, the quick-note
 * panel and the pinned workbook hand the next check-in time (and only that) to the background
 * worker, which keeps it as a `chrome.alarms` alarm; when it fires, the worker shows a calm
 * notification. A changed rhythm moves the alarm, a removed one clears it, and "Stop reminders on
 * this device" clears it until it is turned on again. Alex's other device
 * (this process, through the sync API) agrees and changes the rhythm; the extension is linked as
 * one of Alex's devices. Real relay, real Chromium with the built extension loaded unpacked; the
 * alarm and the notification are read in the service worker.
 *
 *   pnpm --filter @securebase/web build && pnpm --filter @securebase/extension build
 *   npx vitest run -c vitest.browser.config.ts test/browser/extension-rhythm.test.ts
 *   # or against a scratch build: SECUREBASE_EXTENSION_DIST=/tmp/ext …
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import * as Y from 'yjs';
import { Workbook, currentRhythm, lastCheckinAt, nextCheckinDue } from '@securebase/model';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { startRelay } from '@securebase/relay';
import { EncryptedProvider, MemoryStateStore, createDeviceLinkCode, createSpace, type Credentials } from '@securebase/sync';
import { SYNC_WAIT, WEB_ROOT, waitSynced, launchWithExtension } from './helpers/index.js';

const EXTENSION_DIST = process.env.SECUREBASE_EXTENSION_DIST ?? fileURLToPath(new URL('../../apps/extension/dist', import.meta.url));
const CHROMIUM_BUILD = join(EXTENSION_DIST, 'chromium');
// The names in apps/extension/src/extension-names.ts.
const CHECKIN_ALARM = 'securebase-checkin';
const CHECKIN_NOTIFICATION = 'securebase-checkin';
// reason: `ws` implements the browser WebSocket API the provider uses, but its types differ.
const WebSocketPolyfill = NodeWebSocket as unknown as typeof WebSocket;

let relay: Awaited<ReturnType<typeof startRelay>>;
let dataDir: string;
let profileDir: string;
let context: BrowserContext;
let extensionId: string;
let alex: Credentials;
let provider: EncryptedProvider;
let workbook: Workbook;
const pageErrors: string[] = [];

async function openPage(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.setDefaultTimeout(SYNC_WAIT);
  await page.goto(url);
  return page;
}

/** The extension's service worker as it runs now (a message may have woken a new one). */
function backgroundWorker(): Worker {
  const workers = context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
  const worker = workers.at(-1);
  if (!worker) throw new Error('the extension has no service worker');
  return worker;
}

/** When the reminder's alarm fires, as the background holds it (undefined: no alarm). */
async function alarmTime(): Promise<number | undefined> {
  return backgroundWorker().evaluate(async (name) => {
    const alarm = await (globalThis as unknown as { chrome: { alarms: { get(n: string): Promise<{ scheduledTime: number } | undefined> } } }).chrome.alarms.get(name);
    return alarm?.scheduledTime;
  }, CHECKIN_ALARM);
}

/** The next check-in under the rhythm this device of Alex's sees (packages/model's rule). */
function expectedCheckin(): number | undefined {
  const rhythm = currentRhythm(workbook.agreements.list());
  return rhythm ? nextCheckinDue(rhythm, lastCheckinAt(workbook.checkins.list()), Date.now())?.at : undefined;
}

/** A time of day on this machine's clock, `hours` from now (HH:MM). */
function timeInHours(hours: number): string {
  const d = new Date(Date.now() + hours * 3_600_000);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

beforeAll(async () => {
  if (!existsSync(join(CHROMIUM_BUILD, 'manifest.json')) || !existsSync(join(CHROMIUM_BUILD, 'workbook.html'))) {
    throw new Error(`${CHROMIUM_BUILD} is missing: run \`pnpm --filter @securebase/extension build\` first.`);
  }
  dataDir = await mkdtemp(join(tmpdir(), 'securebase-extrhythm-relay-'));
  profileDir = await mkdtemp(join(tmpdir(), 'securebase-extrhythm-profile-'));
  relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, webRoot: WEB_ROOT });
  ({ context, extensionId } = await launchWithExtension(profileDir, { build: CHROMIUM_BUILD, viewport: { width: 390, height: 844 } }));

  alex = await createSpace(relay.url);
  const doc = new Y.Doc({ gc: false });
  workbook = new Workbook(doc);
  provider = new EncryptedProvider(relay.url, SHARED_DOC_ID, doc, { credentials: alex, store: new MemoryStateStore(), WebSocketPolyfill });
  await provider.whenSynced();
});

afterAll(async () => {
  await provider?.destroy();
  await context?.close();
  await relay?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

describe('the check-in reminder of the extension', () => {
  it('keeps an alarm at the next check-in, moves and clears it with the rhythm, and reminds when it fires', { timeout: 120_000 }, async () => {
    const panel = await openPage(`chrome-extension://${extensionId}/sidepanel.html`);
    const code = await createDeviceLinkCode(alex);
    await panel.getByLabel('Device link code').fill(code.code);
    await panel.getByRole('button', { name: 'Link this extension' }).click();
    await code.waitForRequest({ pollMs: 200 });
    await code.approve();
    await panel.locator('[data-sync="synced"]').waitFor();
    expect(await alarmTime()).toBeUndefined();

    // A rhythm agreed on Alex's other device: the panel hands the time over, the alarm holds it.
    const rhythm = workbook.agreements.add({ kind: 'check-in-rhythm' }, alex.partnerId);
    await provider.flush();
    const weekly = expectedCheckin();
    expect(weekly).toBeGreaterThan(Date.now());
    await expect.poll(alarmTime, { timeout: SYNC_WAIT }).toBe(weekly);

    // A changed rhythm moves it.
    workbook.agreements.setField(rhythm.id, alex.partnerId, 'cadence', 'daily');
    workbook.agreements.setField(rhythm.id, alex.partnerId, 'time', timeInHours(3));
    await provider.flush();
    const daily = expectedCheckin();
    expect(daily).not.toBe(weekly);
    await expect.poll(alarmTime, { timeout: SYNC_WAIT }).toBe(daily);

    // The moment comes (brought near: the same alarm, fired by the browser): a calm notification.
    await backgroundWorker().evaluate(async (name) => {
      const chrome = (globalThis as unknown as { chrome: { alarms: { create(n: string, i: { when: number }): Promise<void> } } }).chrome;
      await chrome.alarms.create(name, { when: Date.now() + 200 });
    }, CHECKIN_ALARM);
    const shown = (): Promise<string[]> =>
      backgroundWorker().evaluate(async () => {
        const chrome = (globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } }).chrome;
        return Object.keys(await chrome.notifications.getAll());
      });
    await expect.poll(shown, { timeout: SYNC_WAIT }).toEqual([CHECKIN_NOTIFICATION]);
    await panel.close();

    // The pinned workbook hands the time over too: a new time moves the alarm, no rhythm clears it.
    const tab = await openPage(`chrome-extension://${extensionId}/workbook.html`);
    await waitSynced(tab);
    workbook.agreements.setField(rhythm.id, alex.partnerId, 'time', timeInHours(5));
    await provider.flush();
    const later = expectedCheckin();
    expect(later).not.toBe(daily);
    await expect.poll(alarmTime, { timeout: SYNC_WAIT }).toBe(later);

    // The reminder is this device's choice: on from install, "Stop reminders on this device" on
    // the home clears the alarm, and no page of the extension sets it again until it is turned
    // back on (the quick-note panel reads the same choice).
    await tab.getByRole('button', { name: 'Stop reminders on this device' }).click();
    await expect.poll(alarmTime, { timeout: SYNC_WAIT }).toBeUndefined();
    const sixHoursTime = timeInHours(6);
    workbook.agreements.setField(rhythm.id, alex.partnerId, 'time', sixHoursTime);
    await provider.flush();
    const sixHours = expectedCheckin();
    // The home shows the new time ("daily at HH:MM"): this page has seen it, and kept it to itself.
    await tab.getByText(`at ${sixHoursTime}`, { exact: false }).first().waitFor();
    await tab.close();
    const panelAgain = await openPage(`chrome-extension://${extensionId}/sidepanel.html`);
    await panelAgain.locator('[data-sync="synced"]').waitFor();
    await panelAgain.close();
    const tabAgain = await openPage(`chrome-extension://${extensionId}/workbook.html`);
    await waitSynced(tabAgain);
    expect(await alarmTime()).toBeUndefined();
    await tabAgain.getByRole('button', { name: 'Remind me on this device' }).click();
    await expect.poll(alarmTime, { timeout: SYNC_WAIT }).toBe(sixHours);
    workbook.agreements.remove(rhythm.id, alex.partnerId);
    await provider.flush();
    expect(expectedCheckin()).toBeUndefined();
    await expect.poll(alarmTime, { timeout: SYNC_WAIT }).toBeUndefined();
    await tabAgain.close();
    expect(pageErrors).toEqual([]);
  });
});
