/**
 * The short list of notes this extension wrote, kept in the encrypted store so the panel can
 * show "sent" or "waiting to send" without reading anything else of the workbook. The notes
 * themselves travel in the workbook (the provider's outbox holds them while offline); this list
 * is only what the person sees, newest first, capped at a few entries.
 *
 *   const list = await loadSentNotes(store);
 *   await saveSentNotes(store, addSentNote(list, { id, kind, text, createdAt, state: 'queued' }));
 */
import { INBOX_KINDS, type InboxKind } from '@securebase/model';
import type { LocalStateStore } from '@securebase/sync';

/** Record key in the (encrypted) store. */
export const SENT_NOTES_KEY = 'ext/sent-notes';
/** How many notes the list keeps. */
export const SENT_NOTES_LIMIT = 5;

export type SentState = 'queued' | 'sent';

export interface SentNote {
  id: string;
  kind: InboxKind;
  text: string;
  createdAt: number;
  state: SentState;
}

/** The list with `note` in front, capped at SENT_NOTES_LIMIT. */
export function addSentNote(list: readonly SentNote[], note: SentNote): SentNote[] {
  return [note, ...list.filter((n) => n.id !== note.id)].slice(0, SENT_NOTES_LIMIT);
}

/** The list with every note in `ids` marked sent. */
export function markSent(list: readonly SentNote[], ids: ReadonlySet<string>): SentNote[] {
  return list.map((n) => (ids.has(n.id) ? { ...n, state: 'sent' } : n));
}

/** True when some note still waits for the relay. */
export function hasQueued(list: readonly SentNote[]): boolean {
  return list.some((n) => n.state === 'queued');
}

/** The stored list (empty if none); malformed entries are dropped rather than shown. */
export async function loadSentNotes(store: LocalStateStore): Promise<SentNote[]> {
  const bytes = await store.get(SENT_NOTES_KEY);
  if (!bytes) return [];
  const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(isSentNote).slice(0, SENT_NOTES_LIMIT);
}

/** Store the list (sealed by the EncryptedStateStore underneath). */
export async function saveSentNotes(store: LocalStateStore, list: readonly SentNote[]): Promise<void> {
  await store.set(SENT_NOTES_KEY, new TextEncoder().encode(JSON.stringify(list)));
}

function isSentNote(value: unknown): value is SentNote {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.text === 'string' &&
    typeof v.createdAt === 'number' &&
    (INBOX_KINDS as readonly unknown[]).includes(v.kind) &&
    (v.state === 'queued' || v.state === 'sent')
  );
}
