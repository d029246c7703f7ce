/**
 * The receiving side of one document: the relay's `updates`, `snapshot` and `synced` frames,
 * consumed in strict seq order. Each entry is opened, its author checked against the verified
 * membership, its signed head compared with our log hash (fork) and its per-author clock checked
 * for drops and replays (log-integrity.ts) before Yjs ever sees it. An entry that fails is never
 * applied: it is fetched again on a fresh connection, and skipped only once it keeps failing.
 *
 *   const incoming = new IncomingStream(ctx, { members, outgoing, snapshots, markSynced });
 *   await incoming.updates(conn, frame.entries);
 *   await incoming.snapshot(conn, frame);
 *   incoming.synced(frame.headSeq);
 */
import * as Y from 'yjs';
import { SecureBaseError, type FrameOf, type Result, type SequencedEnvelope } from '@securebase/protocol';
import type { Connection } from './connection.js';
import type { MembershipView } from './membership-view.js';
import type { OutgoingChanges } from './outgoing.js';
import type { SnapshotWriter } from './snapshot-writer.js';
import { openSnapshot, type OpenedSnapshot } from './snapshots.js';
import type { SyncContext } from './sync-context.js';
import { openUpdate, openUpdates, type OpenedUpdate } from './update-envelopes.js';

/** Times one stored entry is fetched again after failing its checks before it is skipped for good. */
const MAX_FETCH_ATTEMPTS = 3;

export interface IncomingStreamParts {
  members: MembershipView;
  outgoing: OutgoingChanges;
  snapshots: SnapshotWriter;
  /** The relay confirmed a complete catch-up: set the provider's `synced`. */
  markSynced: () => void;
}

/** A lookup done at most once per frame (membership or keys), however many entries need it. */
type Once = { done: boolean };

/** Consumes one document's log as the relay streams it. */
export class IncomingStream {
  private readonly ctx: SyncContext;
  private readonly parts: IncomingStreamParts;
  private readonly fetchAttempts = new Map<number, number>();

  constructor(ctx: SyncContext, parts: IncomingStreamParts) {
    this.ctx = ctx;
    this.parts = parts;
  }

  /** Consume an `updates` frame: every entry at lastSeq + 1 in turn, stopping at the first failure. */
  async updates(conn: Connection, entries: SequencedEnvelope[]): Promise<void> {
    const { connection, local } = this.ctx;
    // The relay numbers one document's log 1, 2, 3…; within one stream it never goes back.
    let previous = conn.lastDeliveredSeq;
    for (const entry of entries) {
      if (entry.seq <= previous) {
        connection.fail(new SecureBaseError('reordered-update', `seq ${entry.seq} after ${previous}`));
        return;
      }
      previous = entry.seq;
    }
    conn.lastDeliveredSeq = previous;
    const looked: Once = { done: false };
    const refreshed: Once = { done: false };
    // Opened together so each device's hash chain needs one signature check (update-envelopes.ts).
    const fresh = entries.filter((entry) => entry.seq > local.log.lastSeq);
    const { keys, docId } = this.ctx;
    const batch = openUpdates(
      fresh.map((entry) => entry.envelope),
      { spaceId: keys.spaceId, docId, keyForEpoch: keys.keyForEpoch },
    );
    const preOpened = new Map(fresh.map((entry, i) => [entry.seq, batch[i]!]));
    for (const entry of entries) {
      if (!connection.isCurrent(conn)) return;
      this.parts.outgoing.drainOwnAcked();
      // Already folded: our own change, whose ack came first. Never applied twice.
      if (entry.seq <= local.log.lastSeq) continue;
      if (entry.seq > local.log.lastSeq + 1) {
        connection.fail(new SecureBaseError('update-gap', `seq ${entry.seq} after ${local.log.lastSeq}`));
        return;
      }
      let consumed: boolean;
      try {
        consumed = await this.consumeEntry(entry, looked, refreshed, preOpened.get(entry.seq));
      } catch (err) {
        // The membership or key lookup failed: nothing was applied; fetch again later.
        connection.failOn(conn, err);
        return;
      }
      if (!consumed) return;
    }
    this.parts.outgoing.drainOwnAcked();
    local.schedulePersist();
    this.parts.snapshots.maybeWrite();
  }

  /** Consume a `snapshot` frame: it jumps the log forward to the position it covers. */
  async snapshot(conn: Connection, frame: FrameOf<'snapshot'>): Promise<void> {
    const { connection, local, doc, origin, keys } = this.ctx;
    // A snapshot jumps the stream forward (the relay may send one mid-catch-up); never back.
    if (frame.coversSeq <= conn.lastDeliveredSeq) {
      connection.fail(new SecureBaseError('reordered-update', `snapshot of seq ${frame.coversSeq} after seq ${conn.lastDeliveredSeq}`));
      return;
    }
    let opened: Result<OpenedSnapshot>;
    try {
      opened = await this.openSnapshotFrame(frame);
    } catch (err) {
      connection.failOn(conn, err);
      return;
    }
    if (!connection.isCurrent(conn)) return;
    // A snapshot cannot be skipped (the updates it covers are pruned): a bad one is fetched again.
    if (!opened.ok) {
      connection.fail(opened.error);
      return;
    }
    const { anchor, clocks } = opened.value;
    const problem = local.log.checkSnapshot(anchor.coversSeq, anchor.logHash);
    if (problem) {
      connection.fail(problem);
      return;
    }
    const { yjsUpdates, parts } = opened.value;
    if (anchor.coversSeq > local.log.lastSeq) {
      try {
        doc.transact(() => {
          for (const update of yjsUpdates) Y.applyUpdate(doc, update, origin);
        }, origin);
      } catch (err) {
        connection.fail(new SecureBaseError('invalid-update', `snapshot state: ${(err as Error).message}`));
        return;
      }
      const ownClock = clocks.get(keys.deviceKeyText);
      if (ownClock !== undefined) await this.parts.outgoing.ownCommitted(ownClock, undefined, undefined);
    }
    if (parts) {
      // What the snapshot vouches for is ours to know, and the other partner's signed words are
      // what our next snapshot carries for them.
      const { authorship } = local;
      for (const [client, binding] of parts.bindings) authorship.bindings.bind([client], binding.device, binding.partnerId);
      for (const part of parts.parts) {
        if (part.partnerId !== keys.credentials.partnerId) authorship.adoptPart(part.partnerId, part.part, part.updates, anchor.coversSeq);
      }
    }
    local.log.adoptSnapshot(anchor, clocks);
    conn.lastDeliveredSeq = anchor.coversSeq;
    this.parts.outgoing.drainOwnAcked();
    this.parts.snapshots.caughtUp();
    local.schedulePersist();
  }

  /** The relay says every entry up to `headSeq` was delivered: check that against what we consumed. */
  synced(headSeq: number): void {
    const { connection, local } = this.ctx;
    this.parts.outgoing.drainOwnAcked();
    const problem = local.log.checkSyncedHead(headSeq);
    if (problem) {
      connection.fail(problem);
      return;
    }
    connection.resetBackoff();
    this.parts.snapshots.caughtUp();
    this.parts.markSynced();
    this.parts.snapshots.maybeWrite();
  }

  /** Check and apply the entry at lastSeq + 1; false when it stopped this connection. */
  private async consumeEntry(entry: SequencedEnvelope, looked: Once, refreshed: Once, preOpened?: Result<OpenedUpdate>): Promise<boolean> {
    const { keys, local, connection, docId } = this.ctx;
    const { log } = local;
    const open = () => openUpdate(entry.envelope, { spaceId: keys.spaceId, docId, keyForEpoch: keys.keyForEpoch });
    const opened = await this.withFreshKeys(preOpened ?? open(), open, refreshed);
    if (!opened.ok) return this.rejectEntry(entry, opened.error);
    const { header, author, payload, digest } = opened.value;
    if (author === keys.deviceKeyText) {
      // Our own change back from the log (a catch-up): already in the doc unless local state was
      // lost; applying it again is a no-op for Yjs either way.
      const own = local.authorship.bindings.check(payload.update, author);
      if (!own.ok) return this.rejectEntry(entry, own.error);
      this.applyRemote(payload.update);
      local.authorship.bindings.bind(own.value, author, keys.credentials.partnerId);
      await this.parts.outgoing.ownCommitted(header.clock, payload.update, entry.envelope);
      log.recordClock(author, header.clock);
      log.fold(entry.seq, entry.envelope, digest);
      return true;
    }
    if (!(await this.parts.members.mayAuthorFresh(header.author, header.epoch, looked))) {
      return this.rejectEntry(entry, new SecureBaseError('unknown-author', `seq ${entry.seq}`));
    }
    // The signed head first: a history that differs from ours explains any clock oddity after it.
    const fork = payload.head ? log.checkHead(payload.head, entry.seq) : undefined;
    if (fork) {
      connection.fail(fork);
      return false;
    }
    // After a skip, a partner at exactly our position tells us the shared H again.
    if (payload.head) log.adoptPartnerHead(payload.head);
    const verdict = log.clockVerdict(author, header.clock);
    if (verdict === 'gap' && !log.excuseGap(author, header.clock)) {
      // The relay left out something this author sent: apply nothing more, fetch again.
      connection.fail(new SecureBaseError('update-gap', `clock ${header.clock} after ${log.clockOf(author)}`));
      return false;
    }
    if (verdict === 'replay') {
      // An old change under a new seq: never applied again, but it is part of the log we fold.
      this.ctx.report(new SecureBaseError('replayed-update', `clock ${header.clock} after ${log.clockOf(author)}`));
      log.fold(entry.seq, entry.envelope);
      return true;
    }
    // Structs only under client ids this device introduced (or new ones): never the partner's.
    const fresh = local.authorship.bindings.check(payload.update, author);
    if (!fresh.ok) return this.rejectEntry(entry, fresh.error);
    const partnerId = this.parts.members.partnerOf(author);
    if (partnerId === undefined) return this.rejectEntry(entry, new SecureBaseError('unknown-author', `seq ${entry.seq}`));
    this.applyRemote(payload.update);
    local.authorship.bindings.bind(fresh.value, author, partnerId);
    if (partnerId !== keys.credentials.partnerId) local.authorship.carry(partnerId, entry.seq, entry.envelope);
    log.recordClock(author, header.clock);
    log.fold(entry.seq, entry.envelope, digest);
    this.fetchAttempts.delete(entry.seq);
    return true;
  }

  /**
   * An entry failed its checks: never applied. Recoverable failures are fetched again on a fresh
   * connection; an entry that fails MAX_FETCH_ATTEMPTS times is what the relay stores, so it is
   * consumed unapplied (except for a key we may still receive). Returns whether to go on.
   */
  private rejectEntry(entry: SequencedEnvelope, error: SecureBaseError): boolean {
    const attempts = (this.fetchAttempts.get(entry.seq) ?? 0) + 1;
    if (error.fatal || error.code === 'unknown-epoch' || attempts < MAX_FETCH_ATTEMPTS) {
      this.fetchAttempts.set(entry.seq, attempts);
      this.ctx.connection.fail(error);
      return false;
    }
    this.fetchAttempts.delete(entry.seq);
    // One report for the skip (this fetch's failure); the clock gap it leaves is not another incident.
    this.ctx.report(error);
    this.ctx.local.log.skipUnapplied(entry.seq, entry.envelope);
    return true;
  }

  private applyRemote(update: Uint8Array): void {
    try {
      Y.applyUpdate(this.ctx.doc, update, this.ctx.origin);
    } catch (err) {
      // Authentic but not a valid Yjs update (a buggy peer): report it; never throw into Yjs users.
      this.ctx.report(new SecureBaseError('invalid-update', (err as Error).message));
    }
  }

  /** Open a snapshot frame, looking membership or keys up again once if they may be out of date. */
  private async openSnapshotFrame(frame: FrameOf<'snapshot'>): Promise<Result<OpenedSnapshot>> {
    const { keys, docId } = this.ctx;
    const open = () =>
      openSnapshot(frame.envelope, frame.coversSeq, {
        spaceId: keys.spaceId,
        docId,
        keyForEpoch: keys.keyForEpoch,
        mayAuthor: (key, epoch) => this.parts.members.mayAuthor(key, epoch),
        partnerOf: (device) => this.parts.members.partnerOf(device),
        ownPartner: keys.credentials.partnerId,
        known: this.ctx.local.authorship.bindings,
      });
    const first = open();
    // A part or carried update from a device we have not seen yet: look the chain up again once.
    if (!first.ok && (first.error.code === 'unknown-author' || first.error.code === 'forged-authorship')) {
      await this.parts.members.refresh();
      return open();
    }
    return this.withFreshKeys(first, open, { done: false });
  }

  /** `opened` again after fetching newer keys, once per `refreshed`, when it failed for want of a key. */
  private async withFreshKeys<T>(opened: Result<T>, open: () => Result<T>, refreshed: Once): Promise<Result<T>> {
    if (opened.ok || opened.error.code !== 'unknown-epoch' || refreshed.done) return opened;
    refreshed.done = true;
    return (await this.ctx.keys.refreshOnce()) ? open() : opened;
  }
}
