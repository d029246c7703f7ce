/**
 * The client's verified view of one document's log on the relay, and the checks that catch a
 * relay lying about it. Pure state + decisions: no sockets, no Yjs, so every verdict is unit
 * tested on its own. The provider feeds it every entry it consumes, in seq order.
 *
 * - Log hash chain: H_seq = foldLogHash(H_prev, seq, envelope) over every consumed entry. A
 *   partner's signed head {seq, H} that disagrees with our H at that seq is a fork.
 * - Per-author clocks: a clock at or below the last one consumed is a replay, one beyond last + 1
 *   means the relay dropped something, unless an entry skipped for good accounts for it.
 * - Skipped entries: one that failed every fetch is folded as served, so from there on our H is
 *   ours alone. Until a partner's signed head at our position (or a snapshot) gives the shared H
 *   back, heads past the skip are not compared, our own head names the last shared position, and
 *   no snapshot is written. A fork inside that stretch goes unnoticed: the price of going on.
 * - Snapshot anchors and the relay's head: a snapshot older than the newest seen, or a synced head
 *   below what we have consumed, is a rollback.
 *
 *   const log = new SyncLog(emptyInbox());
 *   if (log.clockVerdict(author, clock) === 'next') { apply(); log.recordClock(author, clock); }
 *   log.fold(seq, envelope);
 *   const fork = log.checkHead(partnerHead, seq); // SecureBaseError | undefined
 */
import { bytesEqual, SecureBaseError, type LogHead } from '@securebase/protocol';
import { foldLogHash, foldLogHashOfDigest } from '@securebase/crypto';
import type { InboxState, SnapshotAnchor } from './provider-state.js';

/** How many recent (seq → H) pairs are kept for comparing partners' heads. */
export const RECENT_HASHES = 512;

/** What a per-author clock says about an entry. */
export type ClockVerdict = 'next' | 'replay' | 'gap';

/** The verified log position of one document; mutates the InboxState it wraps. */
export class SyncLog {
  readonly state: InboxState;

  constructor(state: InboxState) {
    this.state = state;
  }

  /** Highest seq folded, with nothing missing before it. */
  get lastSeq(): number {
    return this.state.lastSeq;
  }

  /** Our head: the seq we have folded and H at it (goes into every update we seal); the last shared one after a skip. */
  head(): LogHead {
    return this.state.sharedHead ?? { seq: this.state.lastSeq, hash: this.state.logHash };
  }

  /**
   * Fold the entry at exactly lastSeq + 1 into the log hash and count it toward the next snapshot.
   * `digest`, when given, is hashBytes(envelope) already computed by whoever opened it.
   */
  fold(seq: number, envelope: Uint8Array, digest?: Uint8Array): void {
    if (seq !== this.state.lastSeq + 1) throw new RangeError(`fold: seq ${seq} after ${this.state.lastSeq}`);
    this.state.logHash = digest ? foldLogHashOfDigest(this.state.logHash, seq, digest) : foldLogHash(this.state.logHash, seq, envelope);
    this.state.lastSeq = seq;
    this.remember(seq, this.state.logHash);
    this.state.sinceSnapshot.updates += 1;
    this.state.sinceSnapshot.bytes += envelope.byteLength;
  }

  /** H at `seq` if this device still knows it (recent seqs and the newest snapshot). */
  hashAt(seq: number): Uint8Array | undefined {
    const recent = this.state.recentHashes.get(seq);
    if (recent) return recent;
    const anchor = this.state.newestSnapshot;
    return anchor?.coversSeq === seq ? anchor.logHash : undefined;
  }

  /**
   * The entry at lastSeq + 1 failed every fetch: fold it unapplied. Its header may be a lie (it did
   * not verify), so it is not credited to the author it names; instead it may explain one later
   * clock gap from any author, which is what a skipped entry leaves behind.
   */
  skipUnapplied(seq: number, envelope: Uint8Array): void {
    this.state.sharedHead ??= { seq: this.state.lastSeq, hash: this.state.logHash };
    this.fold(seq, envelope);
    this.state.skippedEntries += 1;
  }

  /**
   * After a skip: a member's signed head naming exactly our position carries the shared H there,
   * which we take as ours (the log is shared again). Call only with a head from a verified member
   * entry that passed checkHead. Returns true when it re-anchored the log.
   */
  adoptPartnerHead(head: LogHead): boolean {
    const shared = this.state.sharedHead;
    if (!shared || head.seq !== this.state.lastSeq || head.seq <= shared.seq) return false;
    this.forgetUnshared(shared.seq);
    this.state.logHash = head.hash;
    this.remember(head.seq, head.hash);
    return true;
  }

  /**
   * For a `gap` verdict: true when entries skipped for good account for the clocks missing before
   * `clock` (they are then used up, so a skip never explains two gaps); false is a real gap.
   */
  excuseGap(author: string, clock: number): boolean {
    const missing = clock - this.clockOf(author) - 1;
    if (missing < 1 || missing > this.state.skippedEntries) return false;
    this.state.skippedEntries -= missing;
    return true;
  }

  /** Classify `clock` from `author` against the last clock consumed from that device. */
  clockVerdict(author: string, clock: number): ClockVerdict {
    const last = this.state.authorClocks.get(author) ?? 0;
    if (clock <= last) return 'replay';
    return clock === last + 1 ? 'next' : 'gap';
  }

  /** Highest clock consumed from `author` (0 if none). */
  clockOf(author: string): number {
    return this.state.authorClocks.get(author) ?? 0;
  }

  /** Record that `clock` from `author` was consumed (never lowers a clock). */
  recordClock(author: string, clock: number): void {
    if (clock > this.clockOf(author)) this.state.authorClocks.set(author, clock);
  }

  /**
   * Compare a partner's signed head, carried by the entry at `entrySeq`, with our own history.
   * The author wrote it before the relay numbered the entry, so it must name an earlier seq.
   */
  checkHead(head: LogHead, entrySeq: number): SecureBaseError | undefined {
    if (head.seq >= entrySeq) {
      return new SecureBaseError('fork-detected', `an entry at seq ${entrySeq} claims to follow seq ${head.seq}`);
    }
    // Past a skip our H is not the shared one: there is nothing to compare it with.
    if (this.isUnshared(head.seq)) return undefined;
    const ours = this.hashAt(head.seq);
    if (ours && !bytesEqual(ours, head.hash)) {
      return new SecureBaseError('fork-detected', `log hashes differ at seq ${head.seq}`);
    }
    return undefined;
  }

  /**
   * Check the relay's `synced` head once every entry up to it should have been delivered:
   * below lastSeq is a rollback (fatal); above it, entries went missing (recoverable re-fetch).
   */
  checkSyncedHead(headSeq: number): SecureBaseError | undefined {
    if (headSeq < this.state.lastSeq) {
      return new SecureBaseError('rollback-detected', `relay head ${headSeq} is below seq ${this.state.lastSeq} already seen`);
    }
    if (headSeq > this.state.lastSeq) {
      return new SecureBaseError('update-gap', `relay head ${headSeq} but entries stopped at ${this.state.lastSeq}`);
    }
    return undefined;
  }

  /** Check a snapshot's position and log hash against the newest snapshot seen and our own hashes. */
  checkSnapshot(coversSeq: number, logHash: Uint8Array): SecureBaseError | undefined {
    const newest = this.state.newestSnapshot;
    if (newest && coversSeq < newest.coversSeq) {
      return new SecureBaseError('rollback-detected', `snapshot at seq ${coversSeq} is older than one at ${newest.coversSeq}`);
    }
    const ours = this.isUnshared(coversSeq) ? undefined : this.hashAt(coversSeq);
    if (ours && !bytesEqual(ours, logHash)) {
      return new SecureBaseError('fork-detected', `snapshot log hash differs at seq ${coversSeq}`);
    }
    return undefined;
  }

  /**
   * Adopt a checked snapshot as the newest: jump the log to it when it is ahead of us, take its
   * per-author clocks, and restart the count toward the next snapshot.
   */
  adoptSnapshot(anchor: SnapshotAnchor, clocks: ReadonlyMap<string, number>): void {
    const { state } = this;
    if (anchor.coversSeq > state.lastSeq) {
      if (state.sharedHead) this.forgetUnshared(state.sharedHead.seq);
      state.lastSeq = anchor.coversSeq;
      state.logHash = anchor.logHash;
      this.remember(anchor.coversSeq, anchor.logHash);
      for (const [author, clock] of clocks) this.recordClock(author, clock);
      state.sinceSnapshot = { updates: 0, bytes: 0 };
      // Its signed clocks account for every position it covers, skipped entries included.
      state.skippedEntries = 0;
    } else {
      // Entries after it are already folded; their bytes are not known any more, their number is.
      state.sinceSnapshot = { updates: state.lastSeq - anchor.coversSeq, bytes: 0 };
    }
    state.newestSnapshot = anchor;
  }

  /** True once enough has accumulated since the newest snapshot to write another. */
  snapshotDue(everyUpdates: number, everyBytes: number): boolean {
    // Our H is ours alone after a skip: a snapshot carrying it would look like a fork to partners.
    if (this.state.sharedHead) return false;
    const since = this.state.sinceSnapshot;
    return since.updates > 0 && (since.updates >= everyUpdates || since.bytes >= everyBytes);
  }

  /** True when our H at `seq` folds an entry skipped for good (not the partners' H). */
  private isUnshared(seq: number): boolean {
    const shared = this.state.sharedHead;
    return shared !== undefined && seq > shared.seq;
  }

  /** Drop our own H values after `sharedSeq` (never compare them) and end the unshared stretch. */
  private forgetUnshared(sharedSeq: number): void {
    for (const seq of [...this.state.recentHashes.keys()]) if (seq > sharedSeq) this.state.recentHashes.delete(seq);
    this.state.sharedHead = undefined;
  }

  private remember(seq: number, hash: Uint8Array): void {
    const recent = this.state.recentHashes;
    recent.set(seq, hash);
    while (recent.size > RECENT_HASHES) recent.delete(recent.keys().next().value as number);
  }
}
