/**
 * One document's local sync state, and its persistence: the verified log position (SyncLog), the
 * outbox, and the Yjs state, kept in the app's LocalStateStore when it passed one (in memory
 * otherwise). Writes follow provider-state.ts: the outbox at once (before anything it holds is
 * sent), the doc and the log position debounced and always in that order.
 *
 *   const local = new LocalState({ doc, docId, keys, store, queue, origin: provider, persistDebounceMs: 200, unobserved });
 *   const unsaved = await local.load(preexisting); // inside the queue's first task
 *   local.outbox.add(update, sealAt); await local.persistOutbox();
 *   local.log.fold(seq, envelope); local.schedulePersist();
 */
import * as Y from 'yjs';
import { openEnvelope } from '@securebase/crypto';
import { SyncLog } from './log-integrity.js';
import { Outbox } from './outbox.js';
import { decodeInbox, decodeOutbox, emptyInbox, encodeInbox, encodeOutbox, stateKeys } from './provider-state.js';
import type { ProviderKeys } from './provider-keys.js';
import type { SerialQueue } from './serial-queue.js';
import type { LocalStateStore } from './state-store.js';

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
  private readonly opts: LocalStateOptions;
  private readonly keys: ReturnType<typeof stateKeys>;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

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
    const [docBytes, inboxBytes, outboxBytes] = await Promise.all([
      store.get(this.keys.doc),
      store.get(this.keys.inbox),
      store.get(this.keys.outbox),
    ]);
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
      // The doc write is debounced, the outbox write is not: changes sealed just before a crash
      // may be in the outbox only, so put them back into the doc.
      for (const pending of this.outbox.pending) if (pending.update) Y.applyUpdate(doc, pending.update, origin);
    });
    if (!preexisting) return undefined;
    const missing = docBytes ? Y.diffUpdate(preexisting, Y.encodeStateVectorFromUpdate(docBytes)) : preexisting;
    return hasChanges(missing) ? missing : undefined;
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
    const { store, doc } = this.opts;
    if (!store) return;
    // Order matters: progress (inbox) must never be recorded ahead of the doc state it describes.
    await store.set(this.keys.doc, Y.encodeStateAsUpdate(doc));
    await store.set(this.keys.inbox, encodeInbox(this.log.state));
  }
}

function hasChanges(update: Uint8Array): boolean {
  const decoded = Y.decodeUpdate(update);
  return decoded.structs.length > 0 || decoded.ds.clients.size > 0;
}
