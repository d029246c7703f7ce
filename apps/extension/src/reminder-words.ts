/**
 * The check-in reminder's words in the person's language. The background worker cannot read
 * localStorage (where the pages keep the language choice, apps/web/src/i18n.tsx), and a
 * Chromium service worker may not `import()` a catalog chunk, so the pages hand over the two
 * finished lines instead: whenever a page shows a language, it stores the reminder's title and
 * message in a small IndexedDB database of the extension's own (pages and worker share it; no
 * `storage` permission needed), and the worker shows them as they are. Nothing from the
 * workbook is in them; before any page has run, the worker speaks English.
 *
 *   storeReminderWords(reminderWordsStore(), t);      // a page (language-mirror.ts)
 *   const words = await reminderWords(reminderWordsStore());   // the worker: { title, message }
 */
import { indexedDbStateStore } from '@securebase/browser';
import type { Translate } from '@securebase/i18n';
import type { LocalStateStore } from '@securebase/sync';

/** The key of the reminder's words in their store. */
export const REMINDER_WORDS_KEY = 'reminder';

export interface ReminderWords {
  title: string;
  message: string;
}

/**
 * Before any page has stored its words. The same as the English catalog's `reminder.title` and
 * `reminder.message`, written out because the worker loads no catalog.
 */
export const ENGLISH_REMINDER: ReminderWords = { title: 'Your check-in is due', message: 'Whenever you are both ready.' };

/** Longer than any translation; a stored value beyond it is not ours. */
const MAX_CHARS = 200;

let opened: Promise<LocalStateStore> | undefined;

/** The extension's words database (not the encrypted vault: these lines hold nothing personal). */
export function reminderWordsStore(): Promise<LocalStateStore> {
  opened ??= indexedDbStateStore({ dbName: 'securebase-extension-words', storeName: 'words' }).open();
  return opened;
}

/** The reminder's words in `t`'s language. */
export function reminderWordsIn(t: Translate): ReminderWords {
  return { title: t('reminder.title'), message: t('reminder.message') };
}

/** Store the words for the worker; a failure only leaves the worker speaking English. */
export function storeReminderWords(store: Promise<LocalStateStore>, t: Translate): void {
  store
    .then((words) => words.set(REMINDER_WORDS_KEY, new TextEncoder().encode(JSON.stringify(reminderWordsIn(t)))))
    .catch((err: unknown) => {
      console.warn('reminder words not handed to the background:', err instanceof Error ? err.name : typeof err);
    });
}

/** The words a page stored, else English. */
export async function reminderWords(store: Promise<LocalStateStore>): Promise<ReminderWords> {
  try {
    const bytes = await (await store).get(REMINDER_WORDS_KEY);
    const stored: unknown = bytes ? JSON.parse(new TextDecoder().decode(bytes)) : undefined;
    return isReminderWords(stored) ? { title: stored.title, message: stored.message } : ENGLISH_REMINDER;
  } catch {
    // Unreadable or not JSON: a reminder in English is better than none.
    return ENGLISH_REMINDER;
  }
}

function isReminderWords(value: unknown): value is ReminderWords {
  if (typeof value !== 'object' || value === null) return false;
  const { title, message } = value as Record<string, unknown>;
  const fits = (text: unknown): boolean => typeof text === 'string' && text.trim() !== '' && text.length <= MAX_CHARS;
  return fits(title) && fits(message);
}
