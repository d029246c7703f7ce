/**
 * The background worker (Chromium service worker, Firefox event page): opens the side panel on
 * its keyboard command, retries queued notes on a periodic alarm, and keeps the check-in
 * reminder's alarm at the time a page hands over (checkin-alarm.ts). Listeners are registered
 * at the top level, as MV3 requires, so a wake-up by an event finds them.
 *
 *   // manifest: background.service_worker = "background.js" (Chromium) / background.scripts (Firefox)
 */
import { extensionApi } from './browser-api.js';
import { deliverQueuedNotes } from './background-delivery.js';
import { applyCheckinHandoff, openFromReminder, readCheckinHandoff, remindOfCheckin } from './checkin-alarm.js';
import { CHECKIN_ALARM, OPEN_SIDE_PANEL_COMMAND, RETRY_ALARM, RETRY_PERIOD_MINUTES } from './extension-names.js';

const api = extensionApi();
// Handoffs apply in the order they came, so a quick "none" then "this time" ends with the alarm set.
let handoffs: Promise<void> = Promise.resolve();

function scheduleRetries(): void {
  // create() with the same name replaces the alarm, so repeating this is harmless.
  void Promise.resolve(api?.alarms.create(RETRY_ALARM, { periodInMinutes: RETRY_PERIOD_MINUTES }));
}

function retryNow(): void {
  deliverQueuedNotes().then(
    (outcome) => console.info('quick note: background delivery:', outcome),
    (err: unknown) => console.warn('quick note: background delivery failed:', err instanceof Error ? err.name : typeof err),
  );
}

if (api) {
  api.runtime.onInstalled.addListener(scheduleRetries);
  api.runtime.onStartup.addListener(() => {
    scheduleRetries();
    retryNow();
  });
  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETRY_ALARM) retryNow();
    if (alarm.name === CHECKIN_ALARM) {
      remindOfCheckin(api).then(
        (outcome) => console.info('check-in reminder:', outcome),
        (err: unknown) => console.warn('check-in reminder failed:', err instanceof Error ? err.name : typeof err),
      );
    }
  });
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const handoff = sender.id === api.runtime.id ? readCheckinHandoff(message) : undefined;
    if (!handoff) return undefined;
    const applied = handoffs.then(() => applyCheckinHandoff(api, handoff));
    handoffs = applied.catch(() => undefined);
    applied.then(
      () => sendResponse({ ok: true }),
      (err: unknown) => {
        console.warn('check-in alarm not set:', err instanceof Error ? err.name : typeof err);
        sendResponse({ ok: false });
      },
    );
    // The reply comes after the alarm is set: keep the channel open for it.
    return true;
  });
  api.notifications?.onClicked.addListener((id) => {
    openFromReminder(api, id).catch((err: unknown) => {
      console.warn('could not open the workbook from the reminder:', err instanceof Error ? err.name : typeof err);
    });
  });
  api.commands.onCommand.addListener((command, tab) => {
    // sidePanel.open must run inside the command's user gesture: no await before it.
    if (command !== OPEN_SIDE_PANEL_COMMAND || !api.sidePanel || tab?.windowId === undefined) return;
    api.sidePanel.open({ windowId: tab.windowId }).catch((err: unknown) => {
      console.warn('quick note: could not open the side panel:', err instanceof Error ? err.name : typeof err);
    });
  });
}
