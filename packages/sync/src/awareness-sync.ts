/**
 * Presence for the provider: this device's y-protocols awareness state, sealed and sent through
 * the relay (presence.ts) whenever it changes, and partners' states opened and applied. Only when
 * the app passed an awareness; otherwise a local-only one is kept (bindings expect
 * `provider.awareness`) and nothing ephemeral is ever sent or applied.
 *
 *   const presence = new AwarenessSync(ctx, { awareness, shared: true, members });
 *   presence.announce(conn);                   // once the socket is ready
 *   presence.received(conn, frame.envelope);   // an `ephemeral` frame
 *   presence.forgetRemote();                   // the socket dropped
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import { SecureBaseError } from '@securebase/protocol';
import type { Connection } from './connection.js';
import type { MembershipView } from './membership-view.js';
import type { OpenedEphemeral } from './ephemeral.js';
import { PresenceChannel } from './presence.js';
import type { SyncContext } from './sync-context.js';

/** Origin of remote awareness changes (y-protocols convention); never re-broadcast. */
const REMOTE_ORIGIN = 'remote';
/**
 * Unknown authors that may each cause one membership look-up. A space has two partners with a
 * few devices each; only holders of a space key get this far, and the bound keeps even one of
 * those (a removed device minting new keys) from keeping the provider's queue busy with look-ups.
 */
const MAX_LOOKED_UP_AUTHORS = 32;

export interface AwarenessSyncOptions {
  awareness: awarenessProtocol.Awareness;
  /** False when the awareness is local-only: then nothing is sent or applied. */
  shared: boolean;
  members: MembershipView;
}

/** Shares one awareness over the relay for one document. */
export class AwarenessSync {
  private readonly ctx: SyncContext;
  private readonly awareness: awarenessProtocol.Awareness;
  private readonly shared: boolean;
  private readonly members: MembershipView;
  private readonly channel: PresenceChannel;
  /** Authors whose presence already made us look the chain up again (see `received`). */
  private readonly lookedUp = new Set<string>();

  constructor(ctx: SyncContext, opts: AwarenessSyncOptions) {
    this.ctx = ctx;
    this.awareness = opts.awareness;
    this.shared = opts.shared;
    this.members = opts.members;
    this.channel = new PresenceChannel({ spaceId: ctx.keys.spaceId, docId: ctx.docId, device: ctx.keys.device });
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** A socket became ready: show partners our state (if we have one). */
  announce(conn: Connection): void {
    if (this.shared && this.awareness.getLocalState() !== null) this.sendOwnPresence(conn);
  }

  /** Tell partners we left rather than letting our presence time out. */
  leave(conn: Connection): void {
    if (!this.shared) return;
    this.sendPresence(conn, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.ctx.doc.clientID], new Map()));
  }

  /** The socket dropped: partners' states are no longer known. */
  forgetRemote(): void {
    const remote = [...this.awareness.getStates().keys()].filter((id) => id !== this.ctx.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, remote, REMOTE_ORIGIN);
  }

  /**
   * Apply a partner's presence envelope from an `ephemeral` frame; `opened` when the live-signal
   * channel already verified and decrypted it (each envelope is opened once).
   */
  received(conn: Connection, envelope: Uint8Array, opened?: OpenedEphemeral): void {
    if (!this.shared) return;
    const isMember = (key: Uint8Array): boolean => this.members.isMember(key);
    const verdict = opened
      ? this.channel.accept(opened, { isMember })
      : this.channel.open(envelope, { keyForEpoch: this.ctx.keys.keyForEpoch, isMember });
    if (verdict.kind === 'rejected') {
      const author = verdict.unknownAuthor;
      if (author !== undefined && !this.lookedUp.has(author) && this.lookedUp.size < MAX_LOOKED_UP_AUTHORS) {
        // A partner who joined after our chain was verified: their presence may be the first
        // thing of theirs to arrive (before any update, whose check looks the chain up too).
        this.lookedUp.add(author);
        this.ctx.queue.enqueue(async () => {
          await this.members.refresh();
          if (this.ctx.connection.ready === conn) this.received(conn, envelope, opened);
        });
        return;
      }
      this.ctx.report(verdict.error);
      return;
    }
    // A stale presence message (replayed or late) is dropped: it can only show an old state.
    if (verdict.kind === 'stale') return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, verdict.update, REMOTE_ORIGIN);
    } catch (err) {
      this.ctx.report(new SecureBaseError('invalid-update', `awareness: ${(err as Error).message}`));
      return;
    }
    if (!conn.presencePeers.has(verdict.author)) {
      conn.presencePeers.add(verdict.author);
      // A device that just arrived has not seen us yet; awareness renews only every 15 s.
      if (this.awareness.getLocalState() !== null) this.sendOwnPresence(conn);
    }
  }

  /** Stop observing the awareness (and destroy it if it was our local-only one). */
  detach(): void {
    this.awareness.off('update', this.onAwarenessUpdate);
    if (!this.shared) this.awareness.destroy();
  }

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (!this.shared || origin === REMOTE_ORIGIN) return;
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    // Only our own state is ours to sign; partners' states come from their devices.
    if (!changed.includes(this.ctx.doc.clientID)) return;
    const conn = this.ctx.connection.ready;
    if (conn) this.sendOwnPresence(conn);
  };

  private sendOwnPresence(conn: Connection): void {
    this.sendPresence(conn, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.ctx.doc.clientID]));
  }

  private sendPresence(conn: Connection, update: Uint8Array): void {
    const envelope = this.channel.seal(update, this.ctx.keys.current());
    this.ctx.connection.send(conn, { type: 'ephemeral', docId: this.ctx.docId, envelope });
  }
}
