/**
 * Names shared by the manifest generator (Node, at build time) and the background worker, so a
 * renamed command or alarm cannot leave the two disagreeing.
 *
 *   if (command === OPEN_SIDE_PANEL_COMMAND) void chrome.sidePanel.open({ windowId });
 */

/** The manifest command that opens the side panel (Chromium; Firefox uses `_execute_sidebar_action`). */
export const OPEN_SIDE_PANEL_COMMAND = 'open-side-panel';

/** The periodic alarm that retries sending queued notes. */
export const RETRY_ALARM = 'securebase-retry';

/** Minutes between background retries (Chromium's floor for packed extensions is 0.5). */
export const RETRY_PERIOD_MINUTES = 1;
