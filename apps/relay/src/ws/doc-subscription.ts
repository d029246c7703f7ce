/**
 * One session's subscription to one document: how far it has been sent, and whether it is still
 * catching up from storage. The invariant that keeps delivery gap-free and duplicate-free: while
 * `catchingUp`, live updates are ignored (the catch-up loop will read them from storage); after
 * it, a live update is sent only if its seq is exactly `sentSeq + 1`.
 *
 *   const sub = new DocSubscription('shared', afterSeq);
 *   if (sub.acceptLive(entry.seq) === 'send') socket.send(...);
 */

export type LiveDecision = 'send' | 'skip' | 'gap';

export class DocSubscription {
  readonly docId: string;
  /** Highest seq this session has been sent (or told it already has). */
  sentSeq: number;
  /** True until the catch-up loop has sent `synced`. */
  catchingUp = true;

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
