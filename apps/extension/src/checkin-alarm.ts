/**
 * The check-in reminder of the background worker. A page with the space open and unlocked hands
 * over one number, the next check-in time (or null: no rhythm agreed); the worker keeps it only
 * as a `chrome.alarms` alarm, which fires while the vault is locked and every page is closed,
 * and then shows a calm notification with no names and no content. A click opens the pinned
 * workbook. The time is the only thing the worker ever learns of the workbook.
 *
 *   const handoff = readCheckinHandoff(message);          // { at } | undefined (not ours)
 *   if (handoff) await applyCheckinHandoff(api, handoff); // sets, moves or clears the alarm
 *   api.alarms.onAlarm.addListener((a) => a.name === CHECKIN_ALARM && void remindOfCheckin(api));
 */
import type { ExtensionApi } from './browser-api.js';
import { CHECKIN_ALARM, CHECKIN_DUE_MESSAGE, CHECKIN_NOTIFICATION } from './extension-names.js';
import { WORKBOOK_PAGE } from './open-workbook.js';
import { reminderWords, reminderWordsStore } from './reminder-words.js';
import type { LocalStateStore } from '@securebase/sync';

/** What a page hands over: the next check-in (ms since the epoch), or null without a rhythm. */
export interface CheckinHandoff {
  at: number | null;
}

/** The message a page sends; nothing but the type and the time. */
export function checkinHandoffMessage(at: number | null): { type: typeof CHECKIN_DUE_MESSAGE; at: number | null } {
  return { type: CHECKIN_DUE_MESSAGE, at };
}

/** The handoff in a runtime message, or undefined when the message is something else or malformed. */
export function readCheckinHandoff(message: unknown): CheckinHandoff | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, at } = message as { type?: unknown; at?: unknown };
  if (type !== CHECKIN_DUE_MESSAGE) return undefined;
  if (at === null) return { at: null };
  return typeof at === 'number' && Number.isSafeInteger(at) && at > 0 ? { at } : undefined;
}

/**
 * Set the alarm for a future check-in, clear it without a rhythm. A time already past is left
 * alone: its alarm has fired at that moment (or fires as the browser starts, if it was closed),
 * and setting it again would repeat the reminder on every open until the check-in is started.
 */
export async function applyCheckinHandoff(api: ExtensionApi, handoff: CheckinHandoff, now = Date.now()): Promise<void> {
  if (handoff.at === null) {
    await api.alarms.clear(CHECKIN_ALARM);
    return;
  }
  if (handoff.at <= now) return;
  // The same name replaces the earlier alarm: a changed rhythm moves it.
  await api.alarms.create(CHECKIN_ALARM, { when: handoff.at });
}

/** Show the reminder, unless the pinned workbook is open (its own "due" card says it there). */
export async function remindOfCheckin(api: ExtensionApi, words: Promise<LocalStateStore> = reminderWordsStore()): Promise<'shown' | 'workbook-open' | 'unsupported'> {
  if (!api.notifications) return 'unsupported';
  if (await workbookOpen(api)) return 'workbook-open';
  // Calm, the same for everyone, nothing from the workbook; in the language the person's pages
  // last showed (reminder-words.ts).
  const { title, message } = await reminderWords(words);
  await api.notifications.create(CHECKIN_NOTIFICATION, { type: 'basic', title, message, iconUrl: api.runtime.getURL('icons/icon-128.png') });
  return 'shown';
}

/** A click on the reminder opens the pinned workbook and puts the reminder away. */
export async function openFromReminder(api: ExtensionApi, id: string): Promise<void> {
  if (id !== CHECKIN_NOTIFICATION) return;
  await api.notifications?.clear(id);
  await api.tabs?.create({ url: api.runtime.getURL(WORKBOOK_PAGE) });
}

async function workbookOpen(api: ExtensionApi): Promise<boolean> {
  // Without getContexts (older browsers) the reminder shows anyway: twice is kinder than never.
  if (!api.runtime.getContexts) return false;
  const page = api.runtime.getURL(WORKBOOK_PAGE);
  const tabs = await api.runtime.getContexts({ contextTypes: ['TAB'] });
  return tabs.some((c) => c.documentUrl?.startsWith(page) === true);
}
