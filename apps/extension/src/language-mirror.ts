/**
 * The pages' half of reminder-words.ts: whatever language a page shows (the panel's picker, the
 * workbook's settings, or the first choice from the browser), the check-in reminder's words in
 * it are handed to the background worker. Kept apart so the worker's bundle carries no Preact.
 *
 *   export function WriterGate() { useLanguageMirror(); … }
 */
import { useEffect } from 'preact/hooks';
import { useI18n } from './i18n.js';
import { reminderWordsStore, storeReminderWords } from './reminder-words.js';

/** Keep the worker's reminder words in the language this page shows. */
export function useLanguageMirror(): void {
  const { language, t } = useI18n();
  useEffect(() => {
    storeReminderWords(reminderWordsStore(), t);
  }, [language, t]);
}
