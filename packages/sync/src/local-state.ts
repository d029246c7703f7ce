/**
 * One document's local sync state, and its persistence: the verified log position (SyncLog), the
 * outbox, and the Yjs state, kept in the app's LocalStateStore when it passed one (in memory
 * otherwise). Writes follow provider-state.ts: the outbox at once (before anything it holds is
 * sent), the doc and the log position debounced and always in that order.
 *
 * The doc state is written incrementally: every update the doc receives is collected, and each
 * debounced write appends what arrived as one small `doc-log/<n>` record. The full state is
 * re-encoded only when the appended records pass COMPACT_AFTER_BYTES / COMPACT_AFTER_RECORDS, or
 * on close: for a large workbook a keystroke costs a few hundred bytes, not the whole document.
 *
 *   const local = new LocalState({ doc, docId, keys, store, queue, origin: provider, persistDebounceMs: 200, unobserved });
 *   const unsaved = await local.load(preexisting); // inside the queue's first task
 *   doc.on('update', (update) => local.docChanged(update));
 *   local.outbox.add(update, sealAt); await local.persistOutbox();
 *   local.log.fold(seq, envelope); local.schedulePersist();
 */
import * as Y from 'yjs';
import { openEnvelope } from '@securebase/crypto';
import { AuthorshipState, decodeAuthorship, encodeAuthorship } from './authorship-state.js';
import { SyncLog } from './log-integrity.js';
import { Outbox } from './outbox.js';
import { decodeInbox, decodeOutbox, docLogKey, emptyInbox, encodeInbox, encodeOutbox, stateKeys } from './provider-state.js';
import type { ProviderKeys } from './provider-keys.js';
import type { SerialQueue } from './serial-queue.js';
import type { LocalStateStore } from './state-store.js';

/** Appended doc-update bytes past which the next write compacts into one full state record. */
export const COMPACT_AFTER_BYTES = 256 * 1024;
/** Appended doc-update records past which the next write compacts (bounds the reads on open). */
export const COMPACT_AFTER_RECORDS = 200;

export interface LocalStateOptions {
  doc: Y.Doc;
  docId: string;
  keys: ProviderKeys;
  store: LocalStateStore | undefined;
  queue: SerialQueue;
  /** Transaction origin of the stored state applied to the doc (the provider). */
  origin: unknown;
  /** Debounce of the doc-state write, in ms. */
  persistDebounceMs: number;
  /**
   * Runs `apply` with the provider's doc observer detached. Stored state is neither a local change
   * nor news for the store, and an `update` observer makes Yjs re-encode everything applied: for
   * a large doc that doubles the cost of opening it.
   */
  unobserved: (apply: () => void) => void;
}

/** Log position, outbox and doc state of one document, loaded from and written to the store. */
export class LocalState {
  /** Replaced once by `load`: always read through this object, never keep a reference. */
  outbox = new Outbox({ ownClock: 0, pending: [] });
  /** Replaced once by `load`: always read through this object, never keep a reference. */
  log = new SyncLog(emptyInbox());
  /** Replaced once by `load`: always read through this object, never keep a reference. */
  authorship = new AuthorshipState();
  private readonly opts: LocalStateOptions;
  private readonly keys: ReturnType<typeof stateKeys>;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  /** Doc updates received since the last doc write (not yet in the store). */
  private unsaved: Uint8Array[] = [];
  /** Appended doc-log records in the store (the next one gets this index) and their bytes. */
  private logRecords = 0;
  private logBytes = 0;
  /** Set when a doc write failed: what it held is written by the next compaction instead. */
  private mustCompact = false;

  constructor(opts: LocalStateOptions) {
    this.opts = opts;
    this.keys = stateKeys(opts.keys.spaceId, opts.docId);
  }

  /** True when there is a store to load from and write to. */
  get persistent(): boolean {
    return this.opts.store !== undefined;
  }

  /**
   * Load outbox, log position and doc state from the store into this object and the doc. Returns
   * what of `preexisting` (the doc before the provider was attached) the stored state lacks: a
   * local change still to be sent.
   */
  async load(preexisting: Uint8Array | undefined): Promise<Uint8Array | undefined> {
    const { store, doc, docId, keys, origin, unobserved } = this.opts;
    if (!store) return preexisting;
    const [docBytes, inboxBytes, outboxBytes, authorshipBytes, logged] = await Promise.all([
      store.get(this.keys.doc),
      store.get(this.keys.inbox),
      store.get(this.keys.outbox),
      store.get(this.keys.authorship),
      this.readDocLog(store),
    ]);
    if (authorshipBytes) this.authorship = decodeAuthorship(authorshipBytes);
    this.logRecords = logged.length;
    this.logBytes = logged.reduce((sum, update) => sum + update.length, 0);
    if (outboxBytes) this.outbox = new Outbox(decodeOutbox(outboxBytes));
    if (inboxBytes) this.log = new SyncLog(decodeInbox(inboxBytes));
    // Outbox v1 kept envelopes only; their plaintext was the bare Yjs update.
    this.outbox.fillUpdates((p) => {
      const opened = openEnvelope(p.envelope, { spaceId: keys.spaceId, docId, keyForEpoch: keys.keyForEpoch });
      if (!opened.ok) throw opened.error;
      return opened.value.plaintext;
    });
    unobserved(() => {
      if (docBytes) Y.applyUpdate(doc, docBytes, origin);
      for (const update of logged) Y.applyUpdate(doc, update, origin);
      // The doc write is debounced, the outbox write is not: changes sealed just before a crash
      // may be in the outbox only, so put them back into the doc.
      for (const pending of this.outbox.pending) if (pending.update) Y.applyUpdate(doc, pending.update, origin);
    });
    // Applied unobserved, so no update event records them: the next doc write must hold them
    // (once acknowledged they leave the outbox, and the log position moves past them).
    for (const pending of this.outbox.pending) if (pending.update) this.unsaved.push(pending.update);
    if (!preexisting) return undefined;
    const stored = docBytes ? [docBytes, ...logged] : logged;
    const missing = stored.length > 0 ? Y.diffUpdate(preexisting, Y.encodeStateVectorFromUpdate(mergeAll(stored))) : preexisting;
    if (!hasChanges(missing)) return undefined;
    this.unsaved.push(missing);
    return missing;
  }

  /** The doc received `update` (local or remote): keep it for the next write and schedule that. */
  docChanged(update: Uint8Array): void {
    if (!this.opts.store) return;
    this.unsaved.push(update);
    this.schedulePersist();
  }

  /** Write doc state and log position after the debounce (no-op without a store or once closed). */
  schedulePersist(): void {
    if (!this.opts.store || this.closed || this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.opts.queue.enqueue(() => this.persistDocAndLog());
    }, this.opts.persistDebounceMs);
  }

  /** Queue the doc-state and log-position write now, replacing a debounced one. */
  persistSoon(): void {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    this.opts.queue.enqueue(() => this.persistDocAndLog());
  }

  /** Write the outbox (before anything newly added to it is sent). */
  async persistOutbox(): Promise<void> {
    if (!this.opts.store) return;
    await this.opts.store.set(this.keys.outbox, encodeOutbox(this.outbox.state));
  }

  /** No more debounced writes: the provider is being destroyed (it queues a last one itself). */
  close(): void {
    this.closed = true;
  }

  private async persistDocAndLog(): Promise<void> {
    const { store } = this.opts;
    if (!store) return;
    // Order matters: no struct in the stored doc without its stored binding, and progress (inbox)
    // never recorded ahead of the doc state it describes.
    await this.persistAuthorship(store);
    await this.persistDoc(store);
    await store.set(this.keys.inbox, encodeInbox(this.log.state));
  }

  /** Write bindings and the partner's material when they changed. */
  private async persistAuthorship(store: LocalStateStore): Promise<void> {
    const { authorship } = this;
    if (!authorship.dirty) return;
    authorship.written();
    try {
      await store.set(this.keys.authorship, encodeAuthorship(authorship));
    } catch (err) {
      authorship.bindings.dirty = true;
      throw err;
    }
  }

  /** Append what the doc received since the last write, or compact when the log is long enough. */
  private async persistDoc(store: LocalStateStore): Promise<void> {
    const batch = this.unsaved;
    this.unsaved = [];
    const appended = batch.length > 0 ? mergeAll(batch) : undefined;
    const bytes = this.logBytes + (appended?.length ?? 0);
    const full =
      this.mustCompact ||
      bytes > COMPACT_AFTER_BYTES ||
      this.logRecords + 1 > COMPACT_AFTER_RECORDS ||
      // On close: leave one full record behind, so the next open reads a single value.
      (this.closed && (this.logRecords > 0 || appended !== undefined));
    try {
      if (full) await this.compact(store);
      else if (appended) {
        await store.set(docLogKey(this.opts.keys.spaceId, this.opts.docId, this.logRecords), appended);
        this.logRecords += 1;
        this.logBytes = bytes;
      }
    } catch (err) {
      // The batch may not be stored: the next write re-encodes the whole doc, which holds it.
      this.mustCompact = true;
      throw err;
    }
  }

  /** Write the full state, then drop the appended records it now holds (highest first). */
  private async compact(store: LocalStateStore): Promise<void> {
    await store.set(this.keys.doc, Y.encodeStateAsUpdate(this.opts.doc));
    this.mustCompact = false;
    // Highest first: a crash part-way leaves a gap-free prefix, which `load` still finds.
    for (let n = this.logRecords - 1; n >= 0; n--) {
      await store.delete(docLogKey(this.opts.keys.spaceId, this.opts.docId, n));
      this.logRecords = n;
    }
    this.logBytes = 0;
  }

  /** The appended doc-update records, in order: from 0 up to the first missing index. */
  private async readDocLog(store: LocalStateStore): Promise<Uint8Array[]> {
    const records: Uint8Array[] = [];
    for (;;) {
      const update = await store.get(docLogKey(this.opts.keys.spaceId, this.opts.docId, records.length));
      if (update === undefined) return records;
      records.push(update);
    }
  }
}

function mergeAll(updates: Uint8Array[]): Uint8Array {
  const [only] = updates;
  return updates.length === 1 && only ? only : Y.mergeUpdates(updates);
}

function hasChanges(update: Uint8Array): boolean {
  const decoded = Y.decodeUpdate(update);
  return decoded.structs.length > 0 || decoded.ds.clients.size > 0;
}
