// The background's check-in reminder rules (src/checkin-alarm.ts): what a page may hand over (a
// positive whole number of ms or null, nothing else), and what each handoff does to the alarm.
// The alarms API itself is Chromium's, exercised in test/browser/extension-rhythm.test.ts; here
// an in-memory table stands in for it.
import { describe, expect, it } from 'vitest';
import { loadTranslator } from '@securebase/i18n';
import { MemoryStateStore, type LocalStateStore } from '@securebase/sync';
import type { Alarm, AlarmsApi, ExtensionApi, NotificationOptions } from '../src/browser-api.js';
import { applyCheckinHandoff, checkinHandoffMessage, readCheckinHandoff, remindOfCheckin } from '../src/checkin-alarm.js';
import { ENGLISH_REMINDER, REMINDER_WORDS_KEY, reminderWordsIn, storeReminderWords } from '../src/reminder-words.js';
import { CHECKIN_ALARM, CHECKIN_DUE_MESSAGE } from '../src/extension-names.js';

/** Just enough of `chrome.alarms` to see what a handoff leaves behind. */
function alarmTable(): { api: ExtensionApi; alarms: Map<string, Alarm> } {
  const alarms = new Map<string, Alarm>();
  const table: AlarmsApi = {
    create: (name, info) => void alarms.set(name, { name, scheduledTime: info.when ?? 0 }),
    get: async (name) => alarms.get(name),
    clear: async (name) => alarms.delete(name),
    onAlarm: { addListener: () => undefined },
  };
  return { api: { alarms: table } as unknown as ExtensionApi, alarms };
}

describe('check-in handoff', () => {
  it('carries only its type and the time, and reads back', () => {
    expect(Object.keys(checkinHandoffMessage(1_800_000_000_000)).sort()).toEqual(['at', 'type']);
    expect(readCheckinHandoff(checkinHandoffMessage(1_800_000_000_000))).toEqual({ at: 1_800_000_000_000 });
    expect(readCheckinHandoff(checkinHandoffMessage(null))).toEqual({ at: null });
  });

  it('ignores other messages and refuses malformed times', () => {
    for (const message of [undefined, null, 'x', { type: 'other', at: 5 }, { at: 5 }]) expect(readCheckinHandoff(message)).toBeUndefined();
    for (const at of [0, -5, 1.5, Number.NaN, Infinity, '1800000000000', undefined, {}]) {
      expect(readCheckinHandoff({ type: CHECKIN_DUE_MESSAGE, at })).toBeUndefined();
    }
  });

  it('sets, moves and clears the alarm; a time already past leaves it as it is', async () => {
    const { api, alarms } = alarmTable();
    const now = 1_800_000_000_000;
    await applyCheckinHandoff(api, { at: now + 60_000 }, now);
    expect(alarms.get(CHECKIN_ALARM)?.scheduledTime).toBe(now + 60_000);
    await applyCheckinHandoff(api, { at: now + 120_000 }, now);
    expect(alarms.get(CHECKIN_ALARM)?.scheduledTime).toBe(now + 120_000);
    await applyCheckinHandoff(api, { at: now - 1 }, now);
    expect(alarms.get(CHECKIN_ALARM)?.scheduledTime).toBe(now + 120_000);
    await applyCheckinHandoff(api, { at: null }, now);
    expect(alarms.has(CHECKIN_ALARM)).toBe(false);
  });
});

/** A worker with notifications, recording the notifications it shows. */
function reminderWorker(): { api: ExtensionApi; shown: NotificationOptions[] } {
  const shown: NotificationOptions[] = [];
  const api = {
    ...alarmTable().api,
    runtime: { getURL: (path: string) => `chrome-extension://test/${path}` },
    notifications: { create: async (_id: string, options: NotificationOptions) => (shown.push(options), 'id'), clear: async () => true, onClicked: { addListener: () => undefined } },
  } as unknown as ExtensionApi;
  return { api, shown };
}

/** The words database as the pages and the worker share it (IndexedDB in the extension). */
const wordsHolding = async (value: unknown): Promise<LocalStateStore> => {
  const store = new MemoryStateStore();
  if (value !== undefined) await store.set(REMINDER_WORDS_KEY, new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)));
  return store;
};

describe('check-in reminder words', () => {
  it('shows the words a page stored in its language, and English before any page did', async () => {
    const words = Promise.resolve(await wordsHolding(undefined));
    const { api, shown } = reminderWorker();
    await remindOfCheckin(api, words);
    expect(shown.at(-1)).toMatchObject({ type: 'basic', ...ENGLISH_REMINDER });

    storeReminderWords(words, (await loadTranslator('de', ['extension'])).t);
    await new Promise((done) => setTimeout(done, 0));
    await remindOfCheckin(api, words);
    expect(shown.at(-1)).toMatchObject({ title: 'Euer Check-in steht an', message: 'Wann immer ihr beide so weit seid.' });
  });

  it('matches the English catalog, and ignores a stored value that is not ours', async () => {
    expect(reminderWordsIn((await loadTranslator('en', ['extension'])).t)).toEqual(ENGLISH_REMINDER);
    for (const bad of [null, 'not json {', 'Your check-in is due', { title: 'x' }, { title: '', message: 'y' }, { title: 'x'.repeat(201), message: 'y' }]) {
      const { api, shown } = reminderWorker();
      await remindOfCheckin(api, Promise.resolve(await wordsHolding(bad)));
      expect(shown.at(-1)).toMatchObject(ENGLISH_REMINDER);
    }
  });
});
