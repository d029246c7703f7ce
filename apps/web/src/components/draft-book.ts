/**
 * Unsent writing, kept in the encrypted local store: every form field with a draft key mirrors
 * what is typed into one sealed value (`web/drafts`, a JSON map of key → text) in the same
 * EncryptedStateStore as the credentials, so a reload, quick-hide, the lock or a crash loses
 * nothing and no plaintext ever reaches IndexedDB or localStorage. The map is read once when the
 * store opens, so a field finds its draft in the first render; writes are queued one at a time
 * and the latest wins, so a burst of keystrokes costs one write in flight and one waiting.
 *
 *   const book = await openDraftBook(store);
 *   book.set('inbox/add/text', 'I noticed you…');   // '' or a deleted key removes the draft
 *   book.get('inbox/add/text');                     // → 'I noticed you…' (also after a reload)
 *   <DraftsContext.Provider value={book}>…</DraftsContext.Provider>
 */
import { createContext } from 'preact';
import type { LocalStateStore } from '@securebase/sync';

/** Where the drafts live in the local store (sealed like every other value there). */
export const DRAFTS_KEY = 'web/drafts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes of every book, in order: a book opened after a lock reads what the last one wrote. */
let lastWrite: Promise<void> = Promise.resolve();

/** The drafts of one open local store. */
export class DraftBook {
  private writing = false;
  private dirty = false;

  constructor(
    private readonly store: LocalStateStore,
    private readonly drafts: Map<string, string>,
  ) {}

  /** The saved draft for `key`, if any. */
  get(key: string): string | undefined {
    return this.drafts.get(key);
  }

  /** Keep `text` as the draft for `key`; an empty text removes it. */
  set(key: string, text: string): void {
    if (text === '') {
      this.delete(key);
      return;
    }
    if (this.drafts.get(key) === text) return;
    this.drafts.set(key, text);
    this.persist();
  }

  /** Forget the draft for `key` (it was sent, or it matches what is saved). */
  delete(key: string): void {
    if (!this.drafts.delete(key)) return;
    this.persist();
  }

  /** Resolves once every change made so far is in the store. */
  flushed(): Promise<void> {
    return lastWrite;
  }

  private persist(): void {
    this.dirty = true;
    if (this.writing) return;
    this.writing = true;
    lastWrite = lastWrite.then(() => this.writeUntilClean());
  }

  private async writeUntilClean(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const bytes = encoder.encode(JSON.stringify(Object.fromEntries(this.drafts)));
        await this.store.set(DRAFTS_KEY, bytes);
      }
    } catch (err) {
      // A store that refuses writes (cleared after leaving) has nothing left to keep drafts for.
      console.warn('drafts not saved:', err instanceof Error ? err.name : typeof err);
    } finally {
      this.writing = false;
    }
  }
}

/** Read the drafts of this store (after any write still on its way from a book before a lock). */
export async function openDraftBook(store: LocalStateStore): Promise<DraftBook> {
  await lastWrite;
  const bytes = await store.get(DRAFTS_KEY);
  return new DraftBook(store, parseDrafts(bytes));
}

/** The stored map, keeping only string values (anything else is not a draft this app wrote). */
function parseDrafts(bytes: Uint8Array | undefined): Map<string, string> {
  const drafts = new Map<string, string>();
  if (!bytes) return drafts;
  const parsed: unknown = JSON.parse(decoder.decode(bytes));
  if (typeof parsed !== 'object' || parsed === null) return drafts;
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') drafts.set(key, value);
  return drafts;
}

/** The open store's drafts; undefined outside an open store (fields then keep no drafts). */
export const DraftsContext = createContext<DraftBook | undefined>(undefined);

/**
 * The draft keys of the form around a field: the form forgets them once it was sent. Provided by
 * OnceForm; a field outside a form keeps its draft until its text matches what is saved.
 */
export interface DraftScope {
  add(key: string): void;
}
export const DraftScopeContext = createContext<DraftScope | undefined>(undefined);
