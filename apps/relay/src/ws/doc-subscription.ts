/**
 * One session's subscription to one document: how far it has been sent, and whether it is still
 * catching up from storage. The invariant that keeps delivery gap-free and duplicate-free: while
 * `catchingUp`, live updates are ignored (the catch-up loop will read them from storage); after
 * it, a live update is sent only if its seq is exactly `sentSeq + 1` (further on is a gap: the
 * loop reads on). `sentSeq` only ever moves to a seq that was actually sent.
 *
 * At most one catch-up loop runs per document and session: a `subscribe` for a document whose
 * catch-up is running is ignored (that loop already sends everything after the first
 * subscribe's afterSeq, then one `synced`), so re-sending `subscribe` restarts and reads nothing.
 * A `subscribe` for a live (synced) document replaces its subscription and catches up from the
 * new afterSeq; no loop is running then, so none can interleave with it.
 *
 *   const sub = new DocSubscription('shared', afterSeq);
 *   if (sub.acceptLive(entry.seq) === 'send') socket.send(...);
 */

export type LiveDecision = 'send' | 'skip' | 'gap';

export class DocSubscription {
  readonly docId: string;
  /** Highest seq this session has been sent (or told it already has). */
  sentSeq: number;
  /** True while live updates are left to the catch-up loop. */
  catchingUp = true;
  /** True while a catch-up loop runs for this subscription (at most one does). */
  looping = false;

  constructor(docId: string, afterSeq: number) {
    this.docId = docId;
    this.sentSeq = afterSeq;
  }

  /** Decide what to do with a live update committed with `seq`. */
  acceptLive(seq: number): LiveDecision {
    if (this.catchingUp || seq <= this.sentSeq) return 'skip';
    return seq === this.sentSeq + 1 ? 'send' : 'gap';
  }
}
