/**
 * The one dispatch of relay frames for a provider: each frame the relay sends is checked against
 * the socket's phase and our document, then handed to the part that owns it (handshake to the
 * connection, the log to IncomingStream, acks and refusals to OutgoingChanges or SnapshotWriter,
 * presence to AwarenessSync). Frame types that only travel client → relay are refused.
 *
 *   const router = new FrameRouter(ctx, { members, outgoing, snapshots, incoming, presence, connected });
 *   queue.enqueue(() => router.route(conn, frame));
 */
import { SecureBaseError, errorCodeFromWire, type Frame, type FrameOf } from '@securebase/protocol';
import type { AwarenessSync } from './awareness-sync.js';
import type { Connection } from './connection.js';
import type { IncomingStream } from './incoming-stream.js';
import type { DesireReveals } from './desire-reveal.js';
import type { LiveSignals } from './live-signal-sync.js';
import type { MembershipView } from './membership-view.js';
import type { OutgoingChanges } from './outgoing.js';
import type { SnapshotWriter } from './snapshot-writer.js';
import type { SyncContext } from './sync-context.js';

export interface FrameRouterParts {
  members: MembershipView;
  outgoing: OutgoingChanges;
  snapshots: SnapshotWriter;
  incoming: IncomingStream;
  presence: AwarenessSync;
  /** Pause and gentle checks: offered every ephemeral frame before presence. */
  signals: LiveSignals;
  /** The mutual reveal: offered what opened and is not a signal, before presence. */
  reveals: DesireReveals;
  /** The socket passed the handshake and the membership check: the provider is connected. */
  connected: () => void;
}

/** Routes the frames of the current socket, one at a time (from the provider's queue). */
export class FrameRouter {
  private readonly ctx: SyncContext;
  private readonly parts: FrameRouterParts;

  constructor(ctx: SyncContext, parts: FrameRouterParts) {
    this.ctx = ctx;
    this.parts = parts;
  }

  /** Handle one frame received on `conn` (ignored if `conn` was dropped meanwhile). */
  async route(conn: Connection, frame: Frame): Promise<void> {
    const { connection } = this.ctx;
    const { incoming, presence, signals, reveals } = this.parts;
    if (!connection.isCurrent(conn)) return;
    switch (frame.type) {
      case 'challenge':
        connection.answerChallenge(conn, frame);
        return;
      case 'welcome':
        await this.welcome(conn, frame);
        return;
      case 'snapshot':
        if (this.readyFor(conn, frame.docId)) await incoming.snapshot(conn, frame);
        return;
      case 'updates':
        if (this.readyFor(conn, frame.docId)) await incoming.updates(conn, frame.entries);
        return;
      case 'synced':
        if (this.readyFor(conn, frame.docId)) incoming.synced(frame.headSeq);
        return;
      case 'ack':
        this.ack(frame);
        return;
      case 'error':
        await this.error(frame);
        return;
      case 'ephemeral':
        if (this.readyFor(conn, frame.docId)) {
          // Opened once: what is not a signal goes to presence as the signal channel opened it.
          const rest = signals.received(frame.envelope);
          if (rest === undefined) reveals.unopened(frame.envelope);
          if (rest !== 'signal' && !(rest && reveals.received(rest))) presence.received(conn, frame.envelope, rest);
        }
        return;
      default:
        // hello, auth, subscribe, push and put-snapshot only travel client → relay.
        connection.fail(new SecureBaseError('malformed-frame', `unexpected ${frame.type} frame from relay`));
    }
  }

  /** True when `conn` may carry document frames and the frame names our document. */
  private readyFor(conn: Connection, docId: string): boolean {
    if (conn.phase !== 'ready') return false;
    if (docId === this.ctx.docId) return true;
    // This socket subscribed to one document: a frame for another is substituted.
    this.ctx.connection.fail(new SecureBaseError('wrong-document', 'the relay sent a frame for another document'));
    return false;
  }

  /** The relay accepted our auth: verify the membership it names, then subscribe and re-send. */
  private async welcome(conn: Connection, frame: FrameOf<'welcome'>): Promise<void> {
    const { connection, docId } = this.ctx;
    const { members, snapshots, outgoing, presence, signals } = this.parts;
    if (conn.phase !== 'handshake') return;
    conn.phase = 'verifying';
    if (members.needsRefresh(frame.membershipHead)) {
      try {
        await members.refresh();
      } catch (err) {
        connection.failOn(conn, err);
        return;
      }
    }
    if (!connection.isCurrent(conn)) return;
    conn.phase = 'ready';
    this.parts.connected();
    connection.send(conn, { type: 'subscribe', docId, afterSeq: snapshots.subscribeAfter() });
    outgoing.resend(conn);
    presence.announce(conn);
    signals.announce(conn);
  }

  private ack(frame: FrameOf<'ack'>): void {
    const { snapshots, outgoing } = this.parts;
    if (frame.docId !== this.ctx.docId || snapshots.acked(frame.ref)) return;
    if (outgoing.acked(frame.ref, frame.seq)) snapshots.maybeWrite();
  }

  /** An error from the relay, answering one of our requests (`ref`) or none (ref 0). */
  private async error(frame: FrameOf<'error'>): Promise<void> {
    const { connection } = this.ctx;
    const { snapshots, outgoing } = this.parts;
    const error = new SecureBaseError(errorCodeFromWire(frame.code), frame.detail);
    const push = outgoing.take(frame.ref);
    if (snapshots.take(frame.ref) && !error.fatal) {
      snapshots.refused(error);
      return;
    }
    if (error.code === 'stale-epoch' && push) {
      await outgoing.refusedStale(push, error);
      return;
    }
    if (error.fatal) {
      connection.fail(error);
      return;
    }
    this.ctx.report(error);
    // A refused clock means the relay and this device disagree on what was sent: start over,
    // re-sending the outbox from the relay's point of view.
    if (error.code === 'clock-conflict') connection.drop(null);
  }
}
