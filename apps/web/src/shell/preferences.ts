/**
 * This browser's app preferences (idle auto-lock minutes), kept in the encrypted local store
 * beside everything else. Small JSON, read once after unlocking.
 *
 *   const prefs = await loadPreferences(store);   // { idleLockMinutes: 5 }
 *   await savePreferences(store, { ...prefs, idleLockMinutes: 15 });
 */
import type { LocalStateStore } from '@securebase/sync';
import { DEFAULT_IDLE_LOCK_MINUTES, IDLE_LOCK_CHOICES } from './use-idle-lock.js';

const PREFERENCES_KEY = 'web/preferences';

export interface Preferences {
  idleLockMinutes: number;
}

export const DEFAULT_PREFERENCES: Preferences = { idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES };

/** The stored preferences, or the defaults (also for anything unreadable or out of range). */
export async function loadPreferences(store: LocalStateStore): Promise<Preferences> {
  const bytes = await store.get(PREFERENCES_KEY);
  if (!bytes) return DEFAULT_PREFERENCES;
  const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
  const minutes = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).idleLockMinutes : undefined;
  const valid = IDLE_LOCK_CHOICES.find((choice) => choice === minutes);
  return { idleLockMinutes: valid ?? DEFAULT_IDLE_LOCK_MINUTES };
}

/** Persist preferences. */
export async function savePreferences(store: LocalStateStore, prefs: Preferences): Promise<void> {
  await store.set(PREFERENCES_KEY, new TextEncoder().encode(JSON.stringify(prefs)));
}
