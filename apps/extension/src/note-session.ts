/**
 * One live connection of this extension to the shared workbook, used only to write notes: a
 * Y.Doc synced by the EncryptedProvider (state and outbox in the encrypted vault), the typed
 * Workbook over it, and the sent-notes list. Notes go in with `inbox.add`; while offline the
 * sealed change waits in the provider's outbox and is re-sent on reconnect. Nothing of the
 * workbook is ever read out of here: the panel is for writing, not reading.
 *
 *   const session = new NoteSession(creds, store, (view) => render(view));
 *   await session.addNote('Thank you for this morning', 'appreciation');
 *   await session.close();   // seals and persists anything not yet written
 */
import * as Y from 'yjs';
import { Workbook, type InboxKind } from '@securebase/model';
import { ERRORS, SHARED_DOC_ID, SecureBaseError } from '@securebase/protocol';
import {
  EncryptedProvider,
  refreshKeys,
  type Credentials,
  type EncryptedProviderOptions,
  type LocalStateStore,
  type ProviderStatus,
} from '@securebase/sync';
import { saveCredentials } from './local-vault.js';
import { addSentNote, hasQueued, loadSentNotes, markSent, saveSentNotes, type SentNote } from './sent-notes.js';

export type SyncState =
  | { kind: 'connecting' }
  | { kind: 'synced' }
  | { kind: 'offline' }
  | { kind: 'problem'; message: string; fatal: boolean };

/** What the panel shows: the sync state and this device's last notes. */
export interface SessionView {
  sync: SyncState;
  sent: SentNote[];
}

export type SessionOptions = Pick<EncryptedProviderOptions, 'WebSocketPolyfill' | 'maxBackoffTime'>;

/** The writing side of the workbook for one unlocked vault. */
export class NoteSession {
  private creds: Credentials;
  private readonly store: LocalStateStore;
  private readonly doc = new Y.Doc();
  private readonly workbook: Workbook;
  private readonly provider: EncryptedProvider;
  private readonly onChange: (view: SessionView) => void;
  private status: ProviderStatus = 'connecting';
  private synced = false;
  private problem: { message: string; fatal: boolean } | undefined;
  private sent: SentNote[] = [];
  /** Serialises read-modify-write of the sent-notes record. */
  private listQueue: Promise<void>;
  private closed = false;

  constructor(creds: Credentials, store: LocalStateStore, onChange: (view: SessionView) => void, opts: SessionOptions = {}) {
    this.creds = creds;
    this.store = store;
    this.onChange = onChange;
    this.workbook = new Workbook(this.doc);
    this.provider = new EncryptedProvider(creds.relayUrl, SHARED_DOC_ID, this.doc, {
      ...opts,
      credentials: creds,
      store,
      refreshKeys: () => this.refreshCredentials(),
    });
    this.provider.on('status', ({ status }) => {
      this.status = status;
      // A new connection must sync again before it counts as synced.
      if (status !== 'connected') this.synced = false;
      this.emit();
    });
    this.provider.on('sync', (isSynced) => {
      this.synced = isSynced;
      // A recoverable problem is healed once a full sync succeeds again.
      if (isSynced && this.problem && !this.problem.fatal) this.problem = undefined;
      this.emit();
    });
    this.provider.on('error', (err) => this.report(err));
    this.listQueue = loadSentNotes(store).then((list) => {
      this.sent = list;
      this.emit();
    });
  }

  /** The current view (sync state and sent notes). */
  get view(): SessionView {
    return { sync: this.syncState(), sent: this.sent };
  }

  /** Resolves once the sent-notes list is loaded. */
  async ready(): Promise<void> {
    await this.listQueue;
  }

  /**
   * Add a note to the shared inbox as this partner. Resolves once the sealed change is in the
   * vault (so closing the panel at once loses nothing); delivery follows in the background.
   * Throws ModelValidationError for empty or over-long text.
   */
  async addNote(text: string, kind: InboxKind): Promise<SentNote> {
    if (this.closed) throw new Error('NoteSession: closed');
    const note = this.workbook.inbox.add({ text, kind }, this.creds.partnerId);
    const entry: SentNote = { id: note.id, kind: note.kind, text: note.text, createdAt: note.createdAt, state: 'queued' };
    await this.updateList((list) => addSentNote(list, entry));
    await this.provider.persistNow();
    this.deliverLater();
    return entry;
  }

  /** Start delivering queued notes (from this window or one closed earlier); failures show in the view. */
  deliverLater(): void {
    this.deliverQueued().catch((err: unknown) => this.report(err));
  }

  /** Wait until the relay has acknowledged every queued note, then mark them sent. */
  async deliverQueued(): Promise<void> {
    await this.listQueue;
    const ids = new Set(this.sent.filter((n) => n.state === 'queued').map((n) => n.id));
    if (ids.size === 0) return;
    try {
      await this.provider.flush();
    } catch (err) {
      // Closing (lock, quick exit, another window) abandons the wait; the outbox keeps the notes.
      if (this.closed) return;
      throw err;
    }
    if (this.closed) return;
    await this.updateList((list) => markSent(list, ids));
  }

  /** True when some note of this device still waits for the relay. */
  get hasQueued(): boolean {
    return hasQueued(this.sent);
  }

  /** Disconnect and write the final state (outbox included); resolves once written. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.listQueue;
    await this.provider.destroy();
    this.doc.destroy();
  }

  private async updateList(change: (list: SentNote[]) => SentNote[]): Promise<void> {
    const run = this.listQueue.then(async () => {
      const next = change(this.sent);
      await saveSentNotes(this.store, next);
      this.sent = next;
      this.emit();
    });
    // The queue continues after a failure; the caller still sees the error through `run`.
    // The queue goes on after a failure; the error itself reaches the caller through `run`.
    this.listQueue = run.catch(() => undefined);
    await run;
  }

  private async refreshCredentials(): Promise<Credentials> {
    const next = await refreshKeys(this.creds, this.store);
    await saveCredentials(this.store, next);
    this.creds = next;
    return next;
  }

  private syncState(): SyncState {
    if (this.problem) return { kind: 'problem', ...this.problem };
    if (this.status === 'disconnected') return { kind: 'offline' };
    return this.status === 'connected' && this.synced ? { kind: 'synced' } : { kind: 'connecting' };
  }

  /** Show a failure in plain words (never its detail: it may name ids). */
  private report(err: unknown): void {
    // Only the error's name: a message could carry a note's text or an id.
    if (!(err instanceof SecureBaseError)) console.warn('quick note: local failure:', err instanceof Error ? err.name : typeof err);
    this.problem =
      err instanceof SecureBaseError
        ? { message: ERRORS[err.code].message, fatal: err.fatal }
        : { message: 'This device could not save or send the note. Close and reopen the panel to retry.', fatal: false };
    this.emit();
  }

  private emit(): void {
    if (!this.closed) this.onChange(this.view);
  }
}
