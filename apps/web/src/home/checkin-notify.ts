/**
 * The check-in reminder as an OS notification from this browser. Honest about its reach: there
 * is no push server (the relay would have to know the couple's schedule, and it must not), so a
 * notification is shown only while Secure Base is open here, in a tab or as the installed app;
 * shown through the service worker when one is registered (so it reads as the installed app's),
 * else with `new Notification`. The calendar file covers the times the app is closed.
 *
 * Permission is asked for only when the person presses "Remind me on this device", never on
 * load. The notification says only "Our check-in": a lock screen is not private.
 *
 *   if (await enableCheckinReminders(store)) …;
 *   await showCheckinNotification();
 */
import type { LocalStateStore } from '@securebase/sync';

const REMINDERS_KEY = 'web/home/checkin-reminders';
const NOTIFIED_KEY = 'web/home/checkin-notified';

export type ReminderPermission = 'unsupported' | NotificationPermission;

/** What this browser allows now. */
export function reminderPermission(): ReminderPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Was "Remind me on this device" chosen here (and not turned off)? */
export async function remindersChosen(store: LocalStateStore): Promise<boolean> {
  const bytes = await store.get(REMINDERS_KEY);
  return bytes !== undefined && bytes[0] === 1;
}

/** Asks the browser (from a button press), and remembers the choice. True when allowed. */
export async function enableCheckinReminders(store: LocalStateStore): Promise<boolean> {
  if (typeof Notification === 'undefined') return false;
  const answer = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  await store.set(REMINDERS_KEY, Uint8Array.of(answer === 'granted' ? 1 : 0));
  return answer === 'granted';
}

/** Turns this device's reminders off (the browser's permission stays as the person set it). */
export async function disableCheckinReminders(store: LocalStateStore): Promise<void> {
  await store.set(REMINDERS_KEY, Uint8Array.of(0));
}

/** The slot (ms) this device last reminded about, so one slot is one notification. */
export async function lastNotifiedSlot(store: LocalStateStore): Promise<number | undefined> {
  const bytes = await store.get(NOTIFIED_KEY);
  if (!bytes) return undefined;
  const value = Number(new TextDecoder().decode(bytes));
  return Number.isFinite(value) ? value : undefined;
}

export async function rememberNotifiedSlot(store: LocalStateStore, slot: number): Promise<void> {
  await store.set(NOTIFIED_KEY, new TextEncoder().encode(String(slot)));
}

const TITLE = 'Our check-in';
const OPTIONS: NotificationOptions = { body: 'It is time for your check-in.', tag: 'securebase-checkin' };

/** Shows the reminder: through the service worker when there is one, else directly. */
export async function showCheckinNotification(): Promise<void> {
  const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : undefined;
  if (registration) {
    await registration.showNotification(TITLE, OPTIONS);
    return;
  }
  // Shown and left to the browser: the object is not needed afterwards.
  new Notification(TITLE, OPTIONS);
}
