/**
 * The outbox of one document: own changes, each as the raw Yjs update and the sealed envelope,
 * from the moment they are sealed until the relay has committed them. Pure bookkeeping: the
 * provider persists `state` before sending anything it adds, and passes in how to seal.
 *
 * Clocks are the author's per-document counter the relay enforces (last + 1). An envelope is
 * re-sent verbatim after a reconnect (a retry is idempotent on the relay); it is re-sealed only
 * when the relay never committed it: under a newer key epoch after 'stale-epoch' (same clock), or
 * with a fresh clock when the log shows its clock was taken by other bytes (local state was lost).
 *
 *   const outbox = new Outbox({ ownClock: 0, pending: [] });
 *   const pending = outbox.add(update, (clock) => sealUpdate(clock, update));
 *   outbox.acked(pending.clock);
 */
import { bytesEqual } from '@securebase/protocol';
import type { OutboxState, PendingEnvelope } from './provider-state.js';

/** Seals `update` as the envelope with `clock` (under the current key and log head). */
export type SealAt = (clock: number, update: Uint8Array) => Uint8Array;

export class Outbox {
  state: OutboxState;

  constructor(state: OutboxState) {
    this.state = state;
  }

  get pending(): readonly PendingEnvelope[] {
    return this.state.pending;
  }

  /** Highest clock used so far. */
  get ownClock(): number {
    return this.state.ownClock;
  }

  /** Seal `update` with the next clock and queue it; returns the new pending entry. */
  add(update: Uint8Array, seal: SealAt): PendingEnvelope {
    const clock = this.state.ownClock + 1;
    const pending: PendingEnvelope = { clock, update, envelope: seal(clock, update) };
    this.state = { ownClock: clock, pending: [...this.state.pending, pending] };
    return pending;
  }

  /** The relay committed `clock`; it commits one author's envelopes in clock order, so every lower one too. */
  acked(clock: number): void {
    this.state = { ...this.state, pending: this.state.pending.filter((p) => p.clock > clock) };
  }

  /** The pending entry with `clock`, if still waiting. */
  find(clock: number): PendingEnvelope | undefined {
    return this.state.pending.find((p) => p.clock === clock);
  }

  /**
   * The log holds our own envelope with `clock` carrying `update` (seen in a catch-up), or a
   * snapshot says our clock reached `clock` (update and envelope undefined). Returns true when some pending change turned out never committed and had to
   * be re-sealed with a fresh clock, so the caller must persist and re-send.
   */
  committed(clock: number, update: Uint8Array | undefined, envelope: Uint8Array | undefined, seal: SealAt): boolean {
    const lost: Uint8Array[] = [];
    const kept: PendingEnvelope[] = [];
    for (const p of this.state.pending) {
      if (p.clock > clock) kept.push(p);
      else if (p.clock < clock || isSameChange(p, update, envelope)) continue;
      // The clock is taken by other bytes: this change never reached the log.
      else if (p.update) lost.push(p.update);
    }
    const ownClock = Math.max(this.state.ownClock, clock);
    // Unchanged state keeps its identity, so the caller can skip a needless write.
    if (kept.length === this.state.pending.length && ownClock === this.state.ownClock) return false;
    this.state = { ownClock, pending: kept };
    if (lost.length === 0) return false;
    // Later pending entries keep their clocks; lost ones go after everything sealed so far.
    for (const raw of lost) this.add(raw, seal);
    return true;
  }

  /** Re-seal every pending entry from `fromClock` on with the same clock (after a key rotation). */
  resealFrom(fromClock: number, seal: SealAt): number {
    let count = 0;
    const pending = this.state.pending.map((p) => {
      if (p.clock < fromClock || !p.update) return p;
      count += 1;
      return { ...p, envelope: seal(p.clock, p.update) };
    });
    this.state = { ...this.state, pending };
    return count;
  }

  /** Fill in raw updates missing from v1 records (recovered by opening their envelopes). */
  fillUpdates(updateOf: (p: PendingEnvelope) => Uint8Array): void {
    this.state = { ...this.state, pending: this.state.pending.map((p) => (p.update ? p : { ...p, update: updateOf(p) })) };
  }
}

// A committed envelope is ours when the bytes match; after a re-seal (stale epoch) only the update
// does. A snapshot names only the clock (no bytes): the log is trusted to hold what we sent.
function isSameChange(p: PendingEnvelope, update: Uint8Array | undefined, envelope: Uint8Array | undefined): boolean {
  if (!update && !envelope) return true;
  if (envelope && bytesEqual(p.envelope, envelope)) return true;
  return update !== undefined && p.update !== undefined && bytesEqual(p.update, update);
}
