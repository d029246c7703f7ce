/**
 * The background worker (Chromium service worker, Firefox event page): opens the side panel on
 * its keyboard command and retries queued notes on a periodic alarm. Listeners are registered
 * at the top level, as MV3 requires, so a wake-up by an event finds them.
 *
 *   // manifest: background.service_worker = "background.js" (Chromium) / background.scripts (Firefox)
 */
import { extensionApi } from './browser-api.js';
import { deliverQueuedNotes } from './background-delivery.js';
import { OPEN_SIDE_PANEL_COMMAND, RETRY_ALARM, RETRY_PERIOD_MINUTES } from './extension-names.js';

const api = extensionApi();

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
  });
  api.commands.onCommand.addListener((command, tab) => {
    // sidePanel.open must run inside the command's user gesture: no await before it.
    if (command !== OPEN_SIDE_PANEL_COMMAND || !api.sidePanel || tab?.windowId === undefined) return;
    api.sidePanel.open({ windowId: tab.windowId }).catch((err: unknown) => {
      console.warn('quick note: could not open the side panel:', err instanceof Error ? err.name : typeof err);
    });
  });
}
