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
 *   await showCheckinNotification(t);
 */
import type { Translate } from '@securebase/i18n';
import type { LocalStateStore } from '@securebase/sync';

const REMINDERS_KEY = 'web/home/checkin-reminders';
const NOTIFIED_KEY = 'web/home/checkin-notified';

export type ReminderPermission = 'unsupported' | NotificationPermission;

/** What this browser allows now. */
export function reminderPermission(): ReminderPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** The choice made on this device: on, off, or undefined while nobody has chosen. */
async function reminderChoice(store: LocalStateStore): Promise<boolean | undefined> {
  const bytes = await store.get(REMINDERS_KEY);
  return bytes === undefined ? undefined : bytes[0] === 1;
}

const choiceListeners = new Set<() => void>();

/** Hear when this device's choice changes (a page's switch; the runner re-reads it). */
export function onReminderChoice(listener: () => void): () => void {
  choiceListeners.add(listener);
  return () => choiceListeners.delete(listener);
}

async function setReminderChoice(store: LocalStateStore, on: boolean): Promise<void> {
  await store.set(REMINDERS_KEY, Uint8Array.of(on ? 1 : 0));
  for (const listener of choiceListeners) listener();
}

/** Was "Remind me on this device" chosen here (and not turned off)? */
export async function remindersChosen(store: LocalStateStore): Promise<boolean> {
  return (await reminderChoice(store)) === true;
}

/**
 * Does a host that reminds while the app is closed (the browser extension's alarm) remind from
 * this device? Yes until "Stop reminders on this device": installing the extension, which asks
 * for its notifications permission, was the choice; the web app instead asks first, because a
 * site's notification permission is a separate question the browser puts to the person.
 */
export async function hostRemindersOn(store: LocalStateStore): Promise<boolean> {
  return (await reminderChoice(store)) !== false;
}

/** Turns a host's reminders on or off for this device. */
export function chooseHostReminders(store: LocalStateStore, on: boolean): Promise<void> {
  return setReminderChoice(store, on);
}

/** Asks the browser (from a button press), and remembers the choice. True when allowed. */
export async function enableCheckinReminders(store: LocalStateStore): Promise<boolean> {
  if (typeof Notification === 'undefined') return false;
  const answer = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  await setReminderChoice(store, answer === 'granted');
  return answer === 'granted';
}

/** Turns this device's reminders off (the browser's permission stays as the person set it). */
export async function disableCheckinReminders(store: LocalStateStore): Promise<void> {
  await setReminderChoice(store, false);
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

/** Shows the reminder in this person's language: through the service worker when there is one, else directly. */
export async function showCheckinNotification(t: Translate): Promise<void> {
  const title = t('home.notifyTitle');
  const options: NotificationOptions = { body: t('home.notifyBody'), tag: 'securebase-checkin' };
  const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : undefined;
  if (registration) {
    await registration.showNotification(title, options);
    return;
  }
  // Shown and left to the browser: the object is not needed afterwards.
  new Notification(title, options);
}
