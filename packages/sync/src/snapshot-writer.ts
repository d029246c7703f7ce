/**
 * Writing snapshots (see snapshots.ts): when one is due under the policy and the doc holds
 * exactly the log up to lastSeq, seal the whole state and offer it to the relay; on its ack the
 * snapshot becomes the newest one the log measures rollbacks against. When another device's
 * snapshot won the race, ours is dropped (nothing is lost) and the next catch-up starts from the
 * newest snapshot we know, to learn the winner.
 *
 *   const snapshots = new SnapshotWriter(ctx, { policy, outgoing, isSynced: () => provider.synced });
 *   send({ type: 'subscribe', docId, afterSeq: snapshots.subscribeAfter() });
 *   snapshots.maybeWrite();                  // after each batch of updates, ack and `synced`
 *   if (snapshots.acked(ack.ref)) return;
 */
import type { SecureBaseError } from '@securebase/protocol';
import type { OutgoingChanges } from './outgoing.js';
import { sealSnapshot, type SealedSnapshot, type SnapshotPolicy } from './snapshots.js';
import type { SyncContext } from './sync-context.js';

export interface SnapshotWriterOptions {
  policy: SnapshotPolicy;
  /** Own changes not yet folded into the log would put into the snapshot what the log lacks. */
  outgoing: Pick<OutgoingChanges, 'unsettled'>;
  /** Has the relay confirmed this device holds every stored update? */
  isSynced: () => boolean;
  /** The partner of a device (base64url), current or removed. */
  partnerOf: (device: string) => string | undefined;
}

/** Writes one document's snapshots, at most one in flight. */
export class SnapshotWriter {
  private readonly ctx: SyncContext;
  private readonly opts: SnapshotWriterOptions;
  private inFlight: { ref: number; sealed: SealedSnapshot } | undefined;
  /** After losing a snapshot race: catch up from the newest snapshot we know, to learn the winner. */
  private catchUpFromSnapshot = false;

  constructor(ctx: SyncContext, opts: SnapshotWriterOptions) {
    this.ctx = ctx;
    this.opts = opts;
  }

  /** The `afterSeq` a new socket subscribes with. */
  subscribeAfter(): number {
    const { log } = this.ctx.local;
    return this.catchUpFromSnapshot ? (log.state.newestSnapshot?.coversSeq ?? 0) : log.lastSeq;
  }

  /** A catch-up delivered a snapshot or completed: the winner of a lost race is known. */
  caughtUp(): void {
    this.catchUpFromSnapshot = false;
  }

  /** Write a snapshot when one is due and the doc holds exactly the log up to lastSeq. */
  maybeWrite(): void {
    const { connection, local, keys, doc, docId } = this.ctx;
    const conn = connection.ready;
    if (!conn || !this.opts.isSynced() || this.inFlight) return;
    if (!local.log.snapshotDue(this.opts.policy.everyUpdates, this.opts.policy.everyBytes)) return;
    if (this.opts.outgoing.unsettled) return;
    const sealed = sealSnapshot({
      spaceId: keys.spaceId,
      docId,
      device: keys.device,
      key: keys.current(),
      doc,
      log: local.log,
      ownPartner: keys.credentials.partnerId,
      authorship: local.authorship,
      partnerOf: this.opts.partnerOf,
    });
    const ref = connection.nextRef();
    this.inFlight = { ref, sealed };
    connection.send(conn, {
      type: 'put-snapshot',
      docId,
      ref,
      parentHash: sealed.parentHash,
      coversSeq: sealed.anchor.coversSeq,
      envelope: sealed.envelope,
    });
  }

  /** The relay stored our snapshot `ref`: adopt it as the newest. False if `ref` is not ours. */
  acked(ref: number): boolean {
    const sent = this.inFlight;
    if (sent?.ref !== ref) return false;
    this.inFlight = undefined;
    this.ctx.local.log.adoptSnapshot(sent.sealed.anchor, new Map());
    this.ctx.local.schedulePersist();
    return true;
  }

  /** True if `ref` is our snapshot in flight (the relay answered it with an error); it no longer is. */
  take(ref: number): boolean {
    if (this.inFlight?.ref !== ref) return false;
    this.inFlight = undefined;
    return true;
  }

  /** The relay refused our snapshot with a recoverable `error` (after `take`). */
  refused(error: SecureBaseError): void {
    // Try again only after another full interval, whatever went wrong.
    this.ctx.local.log.state.sinceSnapshot = { updates: 0, bytes: 0 };
    if (error.code === 'snapshot-conflict') {
      // Another device's snapshot won: ours is simply dropped, nothing is lost (the updates are
      // all in the log). Learn the winner, the parent of the next one, from a fresh catch-up.
      this.catchUpFromSnapshot = true;
      this.ctx.connection.drop(null);
      return;
    }
    this.ctx.report(error);
  }

  /** The socket is gone: no answer to our snapshot will come. */
  forgetInFlight(): void {
    this.inFlight = undefined;
  }
}
