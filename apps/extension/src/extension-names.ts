/**
 * Names shared by the manifest generator (Node, at build time), the pages and the background
 * worker, so a renamed command, alarm or message cannot leave them disagreeing.
 *
 *   if (command === OPEN_SIDE_PANEL_COMMAND) void chrome.sidePanel.open({ windowId });
 */

/** The manifest command that opens the side panel (Chromium; Firefox uses `_execute_sidebar_action`). */
export const OPEN_SIDE_PANEL_COMMAND = 'open-side-panel';

/** The periodic alarm that retries sending queued notes. */
export const RETRY_ALARM = 'securebase-retry';

/** Minutes between background retries (Chromium's floor for packed extensions is 0.5). */
export const RETRY_PERIOD_MINUTES = 1;

/** The one-shot alarm at the couple's next check-in (its time is all the background knows). */
export const CHECKIN_ALARM = 'securebase-checkin';

/** The check-in reminder's notification id: one at a time, a newer one replaces it. */
export const CHECKIN_NOTIFICATION = 'securebase-checkin';

/** The message type a page uses to hand the next check-in time to the background. */
export const CHECKIN_DUE_MESSAGE = 'securebase-checkin-due';
