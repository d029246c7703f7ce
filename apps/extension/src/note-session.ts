/**
 * One live connection of this extension to the shared workbook, used only to write notes: a
 * Y.Doc synced by the EncryptedProvider (state and outbox in the encrypted vault), the typed
 * Workbook over it, and the sent-notes list. Notes go in with `inbox.add`; while offline the
 * sealed change waits in the provider's outbox and is re-sent on reconnect. Nothing of the
 * workbook is ever read out of here but the couple's pause signal and time-out length, the
 * partner's display name (the live moments say who), when the next check-in is (for the
 * background's reminder) and the partner's invitations to talk waiting for an answer: the panel
 * is for writing, not reading. It also carries the live
 * signals of the pause and the gentle checks (LiveMoments over the provider's signal channel,
 * the same rules as the web app).
 *
 *   const session = new NoteSession(creds, store, (view) => render(view));
 *   await session.addNote('Thank you for this morning', 'appreciation');
 *   await session.close();   // seals and persists anything not yet written
 */
import * as Y from 'yjs';
import {
  Invitations,
  Workbook,
  currentRhythm,
  lastCheckinAt,
  nextCheckinDue,
  type InboxKind,
  type Invitation,
  type InvitationAnswer,
  type InvitationTopic,
} from '@securebase/model';
import { SHARED_DOC_ID, SecureBaseError } from '@securebase/protocol';
import {
  EncryptedProvider,
  LiveMoments,
  refreshKeys,
  type CheckAnswer,
  type CheckQuestion,
  type LiveMomentsState,
  type Credentials,
  type EncryptedProviderOptions,
  type LocalStateStore,
  type ProviderStatus,
} from '@securebase/sync';
// The web app's own reading of the pause script, as the pinned workbook uses it: one source of the words.
import { pauseScript } from '../../web/src/live/pause-script.js';
import { describeError } from '../../web/src/messages.js';
// The web app's rule for the partner's name and its fallback, "your partner".
import { partnerName } from '../../web/src/sections/partners.js';
import type { Translate } from '@securebase/i18n';
import type { Said } from './i18n.js';
import { saveCredentials } from './local-vault.js';
import { addSentNote, hasQueued, loadSentNotes, markSent, saveSentNotes, type SentNote } from './sent-notes.js';

export type SyncState =
  | { kind: 'connecting' }
  | { kind: 'synced' }
  | { kind: 'offline' }
  | { kind: 'problem'; say: Said; fatal: boolean };

/** What the panel shows: the sync state, this device's last notes, and any live pause or check. */
export interface SessionView {
  sync: SyncState;
  sent: SentNote[];
  live: LiveMomentsState;
  /** The partner's display name, or "your partner" before they have given one. */
  partner: string;
  /**
   * When the next check-in is (ms), null without a rhythm agreement; undefined until the first
   * full sync, so a stale or empty local copy never moves or clears the reminder.
   */
  nextCheckin: number | null | undefined;
  /** The partner's invitations to talk waiting for this person's answer (or put off: "later"). */
  invitations: Invitation[];
}

export type SessionOptions = Pick<EncryptedProviderOptions, 'WebSocketPolyfill' | 'maxBackoffTime'>;

/** The writing side of the workbook for one unlocked vault. */
export class NoteSession {
  private creds: Credentials;
  private readonly store: LocalStateStore;
  // gc off, as in the web app: overwritten values stay, so what a partner changed can be shown.
  private readonly doc = new Y.Doc({ gc: false });
  private readonly workbook: Workbook;
  private readonly provider: EncryptedProvider;
  private readonly live: LiveMoments;
  private readonly onChange: (view: SessionView) => void;
  private status: ProviderStatus = 'connecting';
  private synced = false;
  private problem: { say: Said; fatal: boolean } | undefined;
  private sent: SentNote[] = [];
  /** Serialises read-modify-write of the sent-notes record. */
  private listQueue: Promise<void>;
  private closed = false;
  private partner = 'your partner';
  private nextCheckin: number | null | undefined;
  private everSynced = false;
  private readonly invitationList: Invitations;
  private invitations: Invitation[] = [];

  constructor(creds: Credentials, store: LocalStateStore, onChange: (view: SessionView) => void, opts: SessionOptions = {}) {
    this.creds = creds;
    this.store = store;
    this.onChange = onChange;
    // Authorship from the provider's verified client-id bindings (created right below).
    this.workbook = new Workbook(this.doc, { authorOfClient: (client) => this.provider.partnerOfClient(client) });
    this.invitationList = new Invitations(this.doc, { authorOfClient: (client) => this.provider.partnerOfClient(client) });
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
      if (isSynced) this.everSynced = true;
      this.readWorkbook();
      this.emit();
    });
    this.workbook.onChange(() => {
      if (this.readWorkbook()) this.emit();
    });
    this.provider.on('error', (err) => this.report(err));
    this.live = new LiveMoments(this.provider.signals, { me: creds.partnerId });
    this.live.subscribe(() => this.emit());
    this.listQueue = loadSentNotes(store).then((list) => {
      this.sent = list;
      this.emit();
    });
  }

  /** The current view (sync state and sent notes). */
  get view(): SessionView {
    return { sync: this.syncState(), sent: this.sent, live: this.live.state, partner: this.partner, nextCheckin: this.nextCheckin, invitations: this.invitations };
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

  /**
   * Send the couple's pause signal with their agreed time-out length (or the default). `t`: the
   * sender's language, for the plain signal word when the couple has none of their own.
   */
  startPause(t?: Translate): void {
    const script = pauseScript(this.workbook, t);
    this.live.startPause({ signalWord: script.signalWord, minutes: script.minutes });
  }

  /** End the live pause for both partners. */
  endPause(): void {
    this.live.endPause();
  }

  /** Send a gentle check. */
  sendCheck(question: CheckQuestion): void {
    this.live.sendCheck(question);
  }

  /** Answer the partner's check ('pause' also starts a pause, as in the web app). */
  answerCheck(id: string, answer: CheckAnswer, t?: Translate): void {
    this.live.answerCheck(id, answer);
    if (answer === 'pause') this.startPause(t);
  }

  /** Put away a check this device sent. */
  dismissCheck(id: string): void {
    this.live.dismissOutgoing(id);
  }

  /** Answer the partner's invitation to talk ('later' may become 'yes'); the model refuses one's own. */
  async answerInvitation(id: string, answer: InvitationAnswer): Promise<void> {
    this.invitationList.answer(id, this.creds.partnerId, answer);
    await this.provider.persistNow();
  }

  /** Send an invitation to talk (a framing, own words, or both); throws ModelValidationError. */
  async sendInvitation(input: { topic: InvitationTopic; framingId?: string; words?: string }): Promise<void> {
    this.invitationList.send(this.creds.partnerId, input);
    await this.provider.persistNow();
  }

  /** True when some note of this device still waits for the relay. */
  get hasQueued(): boolean {
    return hasQueued(this.sent);
  }

  /** Disconnect and write the final state (outbox included); resolves once written. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.live.destroy();
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

  /** Read the partner's name, the next check-in and the waiting invitations again; true when any changed. */
  private readWorkbook(): boolean {
    const partner = partnerName(this.workbook, this.creds.partnerId);
    const nextCheckin = this.everSynced ? nextCheckinAt(this.workbook) : undefined;
    const invitations = this.invitationList.waitingFor(this.creds.partnerId);
    const sameInvitations =
      invitations.length === this.invitations.length && invitations.every((i, n) => i.id === this.invitations[n]?.id && i.answer?.answer === this.invitations[n]?.answer?.answer);
    if (partner === this.partner && nextCheckin === this.nextCheckin && sameInvitations) return false;
    this.partner = partner;
    this.nextCheckin = nextCheckin;
    this.invitations = invitations;
    return true;
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
        ? { say: (t) => describeError(err, t), fatal: err.fatal }
        : { say: (t) => t('note.sendFailed'), fatal: false };
    this.emit();
  }

  private emit(): void {
    if (!this.closed) this.onChange(this.view);
  }
}

/** The next check-in under the couple's rhythm (packages/model's rule), or null without one. */
function nextCheckinAt(workbook: Workbook): number | null {
  const rhythm = currentRhythm(workbook.agreements.list());
  if (!rhythm) return null;
  return nextCheckinDue(rhythm, lastCheckinAt(workbook.checkins.list()), Date.now())?.at ?? null;
}
