/**
 * Live signals for the provider: sends this device's signals (live-signals.ts) through the relay
 * as `ephemeral` frames on the shared document, and hands partners' signals to listeners. Unlike
 * presence this is always on: a signal is something the person chose to send, never a trace of
 * them being here. While offline, a signal waits in a small in-memory queue until its own
 * deadline and goes out on the next ready socket; listeners hear when it did (`onSent`).
 *
 *   const signals = provider.signals;
 *   signals.onSignal(({ signal, partnerId }) => show(signal, partnerId));
 *   signals.send({ kind: 'check', id, question: 'are-you-okay' }, Date.now() + 180_000);
 */
import { SecureBaseError } from '@securebase/protocol';
import type { Connection } from './connection.js';
import type { OpenedEphemeral } from './ephemeral.js';
import { LiveSignalChannel, type LiveSignal, type SignalDropReason } from './live-signals.js';
import type { MembershipView } from './membership-view.js';
import type { SyncContext } from './sync-context.js';

/** One signal from another device of the space. */
export interface ReceivedSignal {
  signal: LiveSignal;
  /** The partner whose device sent it (this partner for their own other devices). */
  partnerId: string | undefined;
}

/** Whether a signal left now or waits for the connection. */
export type SignalDelivery = 'sent' | 'queued';

/**
 * A signal from a device this one does not know yet (linked since the chain was last fetched)
 * makes it look the chain up again, at most this often: a stream of junk cannot turn into a
 * stream of fetches, and a pause is re-sent every few seconds, so a later copy gets through.
 */
const MEMBERSHIP_LOOKUP_GAP_MS = 5_000;

interface Pending {
  signal: LiveSignal;
  /** After this (ms), sending it would only be noise: it is dropped. */
  until: number;
}

/** Sends and receives live signals for one provider. */
export class LiveSignals {
  private readonly ctx: SyncContext;
  private readonly members: MembershipView;
  private readonly channel: LiveSignalChannel;
  private readonly now: () => number;
  private pending: Pending[] = [];
  private networkDown = false;
  private readonly signalListeners = new Set<(received: ReceivedSignal) => void>();
  private readonly sentListeners = new Set<(signal: LiveSignal) => void>();
  private readonly dropListeners = new Set<(reason: SignalDropReason) => void>();
  private membershipLookup: Promise<boolean> | undefined;
  private lastLookup = Number.NEGATIVE_INFINITY;

  constructor(ctx: SyncContext, members: MembershipView, now: () => number = Date.now) {
    this.ctx = ctx;
    this.members = members;
    this.now = now;
    this.channel = new LiveSignalChannel({ spaceId: ctx.keys.spaceId, docId: ctx.docId, device: ctx.keys.device, now });
  }

  /** Send `signal` now, or queue it until the socket is ready again (never after `until`). */
  send(signal: LiveSignal, until: number): SignalDelivery {
    const conn = this.ctx.connection.ready;
    if (conn && !this.networkDown) {
      this.sendOn(conn, signal);
      return 'sent';
    }
    // A pause (or pacer) ended before it ever left needs neither message; a newer copy replaces an older one.
    const startKind = signal.kind === 'pause-end' ? 'pause-start' : signal.kind === 'breathe-end' ? 'breathe-start' : undefined;
    if (startKind && this.pending.some((p) => p.signal.kind === startKind && p.signal.id === signal.id)) {
      this.pending = this.pending.filter((p) => p.signal.id !== signal.id);
      return 'queued';
    }
    this.pending = this.pending.filter((p) => !(p.signal.kind === signal.kind && p.signal.id === signal.id));
    this.pending.push({ signal, until });
    return 'queued';
  }

  /** True while a socket is ready to carry a signal. */
  get online(): boolean {
    return this.ctx.connection.ready !== undefined && !this.networkDown;
  }

  /**
   * The runtime says the network is gone (a browser's `offline` event) or back. A socket can look
   * ready for a while after the network went, and an ephemeral has no ack: while down, signals
   * wait in the queue instead of being written into a dead socket; back up, what waited is sent
   * on the ready socket (or on the next one, after a reconnect).
   */
  setNetworkDown(down: boolean): void {
    this.networkDown = down;
    const conn = this.ctx.connection.ready;
    if (!down && conn) this.announce(conn);
  }

  /** A socket became ready: send what waited, in order, unless its time has passed. */
  announce(conn: Connection): void {
    if (this.networkDown) return;
    const now = this.now();
    const due = this.pending.filter((p) => p.until > now);
    this.pending = [];
    for (const { signal } of due) {
      this.sendOn(conn, signal);
      for (const listener of this.sentListeners) listener(signal);
    }
  }

  /**
   * An `ephemeral` frame arrived: 'signal' when it was one (acted on or dropped); otherwise it is
   * for the presence stream, handed on already opened, or as it came when it did not open
   * (presence reports those).
   */
  received(envelope: Uint8Array): 'signal' | OpenedEphemeral | undefined {
    return this.dispatch(envelope, true);
  }

  private dispatch(envelope: Uint8Array, mayLookUp: boolean): 'signal' | OpenedEphemeral | undefined {
    const verdict = this.channel.open(envelope, {
      keyForEpoch: this.ctx.keys.keyForEpoch,
      isMember: (key) => this.members.isMember(key),
    });
    switch (verdict.kind) {
      case 'not-a-signal':
        return verdict.opened;
      case 'unopened':
        return undefined;
      case 'dropped':
        // A device linked since the chain was fetched (the partner's new extension, say).
        if (verdict.reason === 'unknown-author' && mayLookUp) {
          this.openAfterLookup(envelope);
          return 'signal';
        }
        for (const listener of this.dropListeners) listener(verdict.reason);
        return 'signal';
      case 'signal': {
        const received = { signal: verdict.signal, partnerId: this.members.partnerOf(verdict.author) };
        for (const listener of this.signalListeners) listener(received);
        return 'signal';
      }
    }
  }

  /** Fetch the membership chain again (shared, rate-limited), then open `envelope` once more. */
  private openAfterLookup(envelope: Uint8Array): void {
    if (!this.membershipLookup) {
      if (this.now() - this.lastLookup < MEMBERSHIP_LOOKUP_GAP_MS) {
        for (const listener of this.dropListeners) listener('unknown-author');
        return;
      }
      this.lastLookup = this.now();
      this.membershipLookup = this.members.refresh().then(
        () => true,
        (err: unknown) => {
          // Not a member any more is the provider's to show; a failed fetch waits for the next copy.
          if (err instanceof SecureBaseError) this.ctx.report(err);
          return false;
        },
      );
      const lookup = this.membershipLookup;
      void lookup.then(() => {
        if (this.membershipLookup === lookup) this.membershipLookup = undefined;
      });
    }
    void this.membershipLookup.then((fetched) => {
      if (fetched) this.dispatch(envelope, false);
      else for (const listener of this.dropListeners) listener('unknown-author');
    });
  }

  /** Listen for partners' (and this partner's other devices') signals. */
  onSignal(listener: (received: ReceivedSignal) => void): () => void {
    this.signalListeners.add(listener);
    return () => this.signalListeners.delete(listener);
  }

  /** Listen for queued signals that have now left this device. */
  onSent(listener: (signal: LiveSignal) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  /** Listen for signals dropped on receipt, with the reason (for tests and diagnostics). */
  onDropped(listener: (reason: SignalDropReason) => void): () => void {
    this.dropListeners.add(listener);
    return () => this.dropListeners.delete(listener);
  }

  /** Forget listeners and anything still queued (the provider is going away). */
  detach(): void {
    this.pending = [];
    this.signalListeners.clear();
    this.sentListeners.clear();
    this.dropListeners.clear();
  }

  private sendOn(conn: Connection, signal: LiveSignal): void {
    const envelope = this.channel.seal(signal, this.ctx.keys.current());
    this.ctx.connection.send(conn, { type: 'ephemeral', docId: this.ctx.docId, envelope });
  }
}
