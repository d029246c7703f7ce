/**
 * Local changes on their way to the relay: Yjs updates merged over a short window, sealed into
 * signed envelopes (see update-envelopes.ts) with the next clock, written to the outbox before
 * they are sent, re-sent verbatim after a reconnect, and settled by the relay's acks (or by
 * finding them in the log after a restart). Acked entries are folded into the log hash at the seq
 * the relay gave them, once everything before that seq is in.
 *
 * The merge window is a leading-edge throttle: a change made when nothing was sealed for
 * `mergeWindowMs` is sealed on the next microtask (so the updates of one synchronous burst still
 * merge), and whatever follows within the window is merged and sealed when the window ends. A lone
 * keystroke after a pause costs no waiting; a burst of typing costs one envelope per window.
 *
 * At most MAX_PUSHES_IN_FLIGHT pushes are unacknowledged on a socket at once, and pushes keep to
 * FRAME_BUDGET.clientPushes (a token bucket, fresh per socket as the relay's is); each ack or
 * refill sends the next, in clock order. The relay holds every connection to a frame budget and
 * closes one that floods, so a device coming back after hours offline with hundreds of envelopes
 * must not send them all at once.
 *
 *   const outgoing = new OutgoingChanges(ctx, 30);
 *   doc.on('update', (u, origin) => { if (origin !== provider) outgoing.add(u); });
 *   outgoing.resend(conn);                             // after `welcome`
 *   if (outgoing.acked(ack.ref, ack.seq)) maybeWriteSnapshot();
 *   await outgoing.flush();
 */
import * as Y from 'yjs';
import { keepClients } from './client-bindings.js';
import { decodeEnvelope, FRAME_BUDGET, TokenBucket, type SecureBaseError } from '@securebase/protocol';
import { hashBytes } from '@securebase/crypto';
import type { Connection } from './connection.js';
import type { SealAt } from './outbox.js';
import { asSecureBaseError } from './relay-socket.js';
import type { SyncContext } from './sync-context.js';
import { sealUpdate } from './update-envelopes.js';

/**
 * Pushes sent on one socket and not yet answered. Well inside the relay's frame burst (200) and
 * large enough that one round trip per 32 envelopes does not slow a catch-up down.
 */
export const MAX_PUSHES_IN_FLIGHT = 32;

/** One own envelope sent to the relay, or acked by it. */
export interface SentPush {
  clock: number;
  envelope: Uint8Array;
}

/** The sending side of one document. */
export class OutgoingChanges {
  private readonly ctx: SyncContext;
  private readonly mergeWindowMs: number;
  private buffer: Uint8Array[] = [];
  private mergeTimer: ReturnType<typeof setTimeout> | undefined;
  /** A seal is queued for the next microtask (the leading edge of a window). */
  private sealQueued = false;
  /** When the last envelope was made (performance.now()); -Infinity before the first. */
  private lastSealAt = Number.NEGATIVE_INFINITY;
  /** Pushes sent on the current socket, by ref. */
  private readonly inFlight = new Map<number, SentPush>();
  /** Highest clock sent on the current socket: the outbox after it waits for room in the window. */
  private sentClock = 0;
  /** This socket's share of the relay's frame budget for pushes. */
  private pushBudget = OutgoingChanges.freshBudget();
  /** Set while the window waits for the budget to refill. */
  private refillTimer: ReturnType<typeof setTimeout> | undefined;
  /** Own envelopes the relay acked at a seq we cannot fold yet (something before it is still coming). */
  private readonly ownAcked = new Map<number, SentPush>();
  private ackWaiters: Array<{ clock: number; resolve: () => void; reject: (e: Error) => void }> = [];
  /** Our newest envelope known (sealed here or seen in the log) by hash: the next seal's `prev`. */
  private lastOwn: { clock: number; hash: Uint8Array } | undefined;

  constructor(ctx: SyncContext, mergeWindowMs: number) {
    this.ctx = ctx;
    this.mergeWindowMs = mergeWindowMs;
  }

  /** True while some own change is not yet in the log as we folded it (buffered, unacked or unfolded). */
  get unsettled(): boolean {
    return this.ctx.local.outbox.pending.length > 0 || this.buffer.length > 0 || this.ownAcked.size > 0;
  }

  /** A local change: sealed at once after a quiet window, else with the rest of the current window. */
  add(update: Uint8Array): void {
    this.buffer.push(update);
    this.scheduleSeal();
  }

  /** A change made before anything buffered so far (found while loading local state). */
  addFirst(update: Uint8Array): void {
    this.buffer.unshift(update);
  }

  /** Schedule sealing of what is buffered, like any local change (no-op when nothing is). */
  scheduleSeal(): void {
    if (this.buffer.length === 0 || this.mergeTimer || this.sealQueued) return;
    const wait = this.lastSealAt + this.mergeWindowMs - performance.now();
    if (wait > 0) {
      // Inside the window of the last envelope: merge until it ends, then send one envelope.
      this.mergeTimer = setTimeout(() => this.sealNow(), wait);
      return;
    }
    // Quiet until now: send at once, but after the current task, so one burst still merges.
    this.sealQueued = true;
    queueMicrotask(() => {
      if (this.sealQueued) this.sealNow();
    });
  }

  /** Close the merge window now: seal what is buffered (in the queue). */
  sealNow(): void {
    if (this.mergeTimer) clearTimeout(this.mergeTimer);
    this.mergeTimer = undefined;
    this.sealQueued = false;
    if (this.buffer.length === 0) return;
    // The window starts when an envelope is made: changes in the next mergeWindowMs wait for it.
    this.lastSealAt = performance.now();
    this.ctx.queue.enqueue(() => this.sealBuffered());
  }

  /** Resolves once every local change made so far is sealed and acked by the relay. */
  async flush(): Promise<void> {
    this.sealNow();
    const { queue, local } = this.ctx;
    await queue.idle();
    if (queue.startError) throw queue.startError;
    const target = local.outbox.ownClock;
    if (!local.outbox.pending.some((p) => p.clock <= target)) return;
    await new Promise<void>((resolve, reject) => this.ackWaiters.push({ clock: target, resolve, reject }));
  }

  /** Fail every pending `flush` (the provider is destroyed). */
  rejectWaiters(error: Error): void {
    for (const w of this.ackWaiters.splice(0)) w.reject(error);
  }

  /** Send every unacknowledged envelope again, in clock order, as the window allows (a fresh socket). */
  resend(conn: Connection): void {
    this.forgetInFlight();
    this.sendWhatFits(conn);
  }

  /** The socket is gone: nothing sent on it will be acked, and the next one starts a fresh budget. */
  forgetInFlight(): void {
    this.inFlight.clear();
    this.sentClock = 0;
    this.pushBudget = OutgoingChanges.freshBudget();
    clearTimeout(this.refillTimer);
    this.refillTimer = undefined;
  }

  private static freshBudget(): TokenBucket {
    return new TokenBucket(FRAME_BUDGET.clientPushes.ratePerSecond, FRAME_BUDGET.clientPushes.burst);
  }

  /** The push sent as `ref`, no longer in flight (the relay answered with an error). */
  take(ref: number): SentPush | undefined {
    const sent = this.inFlight.get(ref);
    if (sent) this.inFlight.delete(ref);
    return sent;
  }

  /** The relay committed our push `ref` at `seq`; false if `ref` is not a push of ours. */
  acked(ref: number, seq: number): boolean {
    const sent = this.take(ref);
    if (!sent) return false;
    const { local, queue } = this.ctx;
    local.outbox.acked(sent.clock);
    // Own updates are not echoed back: fold ours at its seq once everything before it is in.
    if (seq > local.log.lastSeq) this.ownAcked.set(seq, sent);
    this.drainOwnAcked();
    queue.enqueue(() => local.persistOutbox());
    local.schedulePersist();
    this.resolveAckWaiters();
    const conn = this.ctx.connection.ready;
    if (conn) this.sendWhatFits(conn);
    return true;
  }

  /** Fold acked own entries that are next in the log; forget those the log already passed. */
  drainOwnAcked(): void {
    const { log } = this.ctx.local;
    for (let next = this.ownAcked.get(log.lastSeq + 1); next; next = this.ownAcked.get(log.lastSeq + 1)) {
      this.ownAcked.delete(log.lastSeq + 1);
      log.recordClock(this.ctx.keys.deviceKeyText, next.clock);
      log.fold(log.lastSeq + 1, next.envelope);
    }
    for (const seq of this.ownAcked.keys()) if (seq <= log.lastSeq) this.ownAcked.delete(seq);
  }

  /** The log holds our change `clock`: settle the outbox; re-send what turned out never committed. */
  async ownCommitted(clock: number, update: Uint8Array | undefined, envelope: Uint8Array | undefined): Promise<void> {
    const { local, connection } = this.ctx;
    if (envelope && clock >= (this.lastOwn?.clock ?? 0)) this.lastOwn = { clock, hash: hashBytes(envelope) };
    const before = local.outbox.state;
    const resealed = local.outbox.committed(clock, update, envelope, this.sealAt);
    if (local.outbox.state === before) return;
    await local.persistOutbox();
    this.resolveAckWaiters();
    // Earlier sends of these clocks are void; start over so the relay sees them in order.
    if (resealed && connection.ready) connection.drop(null);
  }

  /** The relay refused push `sent` as sealed under an old epoch: re-seal it and what follows under a newer key. */
  async refusedStale(sent: SentPush, error: SecureBaseError): Promise<void> {
    const { keys, local, connection } = this.ctx;
    const sealedEpoch = decodeEnvelope(sent.envelope).header.epoch;
    if (keys.currentEpoch() <= sealedEpoch) {
      try {
        await keys.refreshOnce();
      } catch (err) {
        connection.fail(asSecureBaseError(err));
        return;
      }
    }
    if (keys.currentEpoch() <= sealedEpoch) {
      // No newer key yet: say so, and try again on a fresh connection.
      connection.fail(error);
      return;
    }
    // Nothing from this clock on was committed (the relay refuses the rest as clock conflicts).
    local.outbox.resealFrom(sent.clock, this.sealAt);
    await local.persistOutbox();
    connection.drop(null);
  }

  private readonly sealAt: SealAt = (clock, update) => {
    const envelope = sealUpdate({
      spaceId: this.ctx.keys.spaceId,
      docId: this.ctx.docId,
      device: this.ctx.keys.device,
      key: this.ctx.keys.current(),
      clock,
      update,
      head: this.ctx.local.log.head(),
      prev: this.prevFor(clock),
    });
    this.lastOwn = { clock, hash: hashBytes(envelope) };
    return envelope;
  };

  /** Hash of our envelope at `clock - 1` when known (just re-sealed, or still pending); a miss only costs readers a signature check. */
  private prevFor(clock: number): Uint8Array | undefined {
    if (this.lastOwn?.clock === clock - 1) return this.lastOwn.hash;
    const pending = this.ctx.local.outbox.find(clock - 1);
    return pending ? hashBytes(pending.envelope) : undefined;
  }

  /**
   * Seal everything buffered when the task runs, not when it was queued: a change found while
   * loading local state (addFirst) then still goes before the edits made meanwhile.
   */
  private async sealBuffered(): Promise<void> {
    if (this.buffer.length === 0) return;
    const updates = this.buffer;
    this.buffer = [];
    const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    const update = this.ownStructsOnly(merged);
    if (update === undefined) return;
    this.ctx.local.outbox.add(update, this.sealAt);
    // Persisted before sending: a crash after the send must not reuse this clock for other bytes.
    await this.ctx.local.persistOutbox();
    const conn = this.ctx.connection.ready;
    if (conn) this.sendWhatFits(conn);
  }

  /**
   * What of a local change this device may sign: structs under its own client ids, and under
   * client ids nobody introduced yet (a local change made before the provider was attached, such
   * as the copy a quick close left), which it binds to itself. Structs under a client id another
   * device introduced are left out: every partner would refuse them ('foreign-client-id'), and
   * they reach the relay from that device anyway. Undefined when nothing is left.
   */
  private ownStructsOnly(update: Uint8Array): Uint8Array | undefined {
    const { keys, local } = this.ctx;
    const { bindings } = local.authorship;
    const me = keys.deviceKeyText;
    const own = keepClients(update, (client) => (bindings.get(client)?.device ?? me) === me);
    bindings.bind(own.kept, me, keys.credentials.partnerId);
    if (!own.dropped) return own.update;
    // Only when something was left out can what remains be empty.
    const decoded = Y.decodeUpdate(own.update);
    return decoded.structs.length > 0 || decoded.ds.clients.size > 0 ? own.update : undefined;
  }

  /** Send the outbox after the last sent clock, in clock order, until the window or the budget is full. */
  private sendWhatFits(conn: Connection): void {
    for (const pending of this.ctx.local.outbox.pending) {
      if (this.inFlight.size >= MAX_PUSHES_IN_FLIGHT) return;
      if (pending.clock <= this.sentClock) continue;
      if (!this.pushBudget.take(1)) {
        this.refillTimer ??= setTimeout(() => {
          this.refillTimer = undefined;
          const ready = this.ctx.connection.ready;
          if (ready) this.sendWhatFits(ready);
        }, this.pushBudget.msUntil(1));
        return;
      }
      const ref = this.ctx.connection.nextRef();
      this.inFlight.set(ref, { clock: pending.clock, envelope: pending.envelope });
      this.sentClock = pending.clock;
      this.ctx.connection.send(conn, { type: 'push', docId: this.ctx.docId, ref, envelope: pending.envelope });
    }
  }

  private resolveAckWaiters(): void {
    const lowest = this.ctx.local.outbox.pending[0]?.clock ?? Infinity;
    this.ackWaiters = this.ackWaiters.filter((w) => {
      if (w.clock >= lowest) return true;
      w.resolve();
      return false;
    });
  }
}
