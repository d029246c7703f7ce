/**
 * Forget everything Secure Base keeps in this browser: credentials, keys, the workbook's local
 * copy, pending changes, the trust mark. Used by a removed device and after leaving. The store
 * itself does the clearing (state-store.ts), and refuses any write this page still attempts
 * afterwards; then the app starts afresh.
 *
 *   await clearLocalData();
 *   location.replace(`${location.pathname}#/`);
 */
import { clearIndexedDbStore } from '../state-store.js';

/** Empty this browser's Secure Base store; resolves once the clear is durable. */
export function clearLocalData(): Promise<void> {
  return clearIndexedDbStore();
}

/** Clear, then start the app afresh on the welcome page (nothing of the old space is in memory either). */
export async function clearLocalDataAndRestart(): Promise<void> {
  await clearLocalData();
  location.replace(`${location.pathname}#/`);
  location.reload();
}
