/**
 * A lying relay's numbering of one document's log, for the devices that share a view: entries it
 * hides from them and old envelopes it slips in, with every seq renumbered so the stream still
 * looks gapless. This is what a relay that forks or replays does consistently (not a one-off
 * glitch a gap check would catch): the view translates every seq in both directions (updates,
 * synced, acks, subscribe, snapshots) between the real relay's log and what the devices see.
 *
 * With nothing hidden or inserted the view is the identity.
 *
 *   const view = new LogView();
 *   view.hideNext((entry) => authorOf(entry) === bob);    // fork: Alice never sees Bob's next change
 *   view.insert(oldEnvelope);                               // replay: an old change as a new entry
 *   const stream = view.openStream(afterSeq);               // per connection
 */
import type { SequencedEnvelope } from '@securebase/protocol';

interface Insert {
  /** Relay seq the injected entry follows (0 = before the first). */
  after: number;
  envelope: Uint8Array;
}

/** One connection's position in a view: relay entries up to `cursor` are translated already. */
export interface ViewStream {
  cursor: number;
  /** Highest virtual seq sent (or that the client already had when it subscribed). */
  sentVirtual: number;
}

export class LogView {
  private readonly hidden = new Set<number>();
  /** Sorted by `after`; equal `after` keeps insertion order. */
  private readonly inserts: Insert[] = [];
  private readonly hideRules: Array<(entry: SequencedEnvelope) => boolean> = [];
  /** Snapshot positions as the writing client numbered them, by relay coversSeq. */
  private readonly snapshotVirtual = new Map<number, number>();
  private readonly streams = new Set<ViewStream>();
  /** Live streams get inserted entries at once through this. */
  private readonly liveSenders = new Map<ViewStream, (entries: SequencedEnvelope[]) => void>();
  /** Highest relay seq observed through this view. */
  head = 0;

  /** True when the view changes nothing (no translation needed). */
  get isIdentity(): boolean {
    return this.hidden.size === 0 && this.inserts.length === 0 && this.hideRules.length === 0;
  }

  /** Hide the next relay entry matching `match` from every device of this view. */
  hideNext(match: (entry: SequencedEnvelope) => boolean): void {
    this.hideRules.push(match);
  }

  /**
   * Slip `envelope` in as a new entry right after the newest one: connections that are live get
   * it now, the others on their next catch-up.
   */
  insert(envelope: Uint8Array): number {
    const after = this.head;
    const item = { after, envelope };
    this.inserts.push(item);
    const virtual = this.insertVirtual(this.inserts.length - 1);
    for (const stream of this.streams) {
      const send = this.liveSenders.get(stream);
      if (send && stream.cursor === after && stream.sentVirtual === virtual - 1) {
        stream.sentVirtual = virtual;
        send([{ seq: virtual, envelope }]);
      }
    }
    return virtual;
  }

  /** A connection subscribed after virtual seq `afterSeq`: its stream and the relay afterSeq to ask for. */
  openStream(afterSeq: number, live: (entries: SequencedEnvelope[]) => void): { stream: ViewStream; relayAfter: number } {
    const relayAfter = this.relayAfter(afterSeq);
    const stream: ViewStream = { cursor: relayAfter, sentVirtual: afterSeq };
    this.streams.add(stream);
    this.liveSenders.set(stream, live);
    return { stream, relayAfter };
  }

  closeStream(stream: ViewStream): void {
    this.streams.delete(stream);
    this.liveSenders.delete(stream);
  }

  /** Translate relay entries for one stream: hidden ones vanish, inserted ones appear in place. */
  translateEntries(stream: ViewStream, entries: SequencedEnvelope[]): SequencedEnvelope[] {
    const out: SequencedEnvelope[] = [];
    for (const entry of entries) {
      this.observe(entry.seq);
      out.push(...this.insertsUpTo(stream, entry.seq - 1));
      const rule = this.hideRules.findIndex((match) => match(entry));
      if (rule >= 0) {
        this.hideRules.splice(rule, 1);
        this.hidden.add(entry.seq);
      }
      stream.cursor = Math.max(stream.cursor, entry.seq);
      if (this.hidden.has(entry.seq)) continue;
      const seq = this.toVirtual(entry.seq);
      stream.sentVirtual = Math.max(stream.sentVirtual, seq);
      out.push({ seq, envelope: entry.envelope });
    }
    return out;
  }

  /** Entries still owed before a `synced` at relay head `headSeq`, and the head to report instead. */
  translateSynced(stream: ViewStream, headSeq: number): { entries: SequencedEnvelope[]; headSeq: number } {
    this.observe(headSeq);
    const entries = this.insertsUpTo(stream, headSeq);
    stream.cursor = Math.max(stream.cursor, headSeq);
    return { entries, headSeq: this.endVirtual(headSeq) };
  }

  /**
   * An ack for an own push (relay seq → the seq the device believes). The relay never echoes
   * the entry back, so a stream right behind it has now seen it too.
   */
  ackSeq(stream: ViewStream, relaySeq: number): number {
    this.observe(relaySeq);
    const seq = this.toVirtual(relaySeq);
    if (stream.cursor === relaySeq - 1) {
      stream.cursor = relaySeq;
      stream.sentVirtual = Math.max(stream.sentVirtual, seq);
    }
    return seq;
  }

  /** A client's put-snapshot coversSeq → the relay's; remembered to translate the snapshot back. */
  snapshotToRelay(virtualSeq: number): number {
    const relaySeq = this.relayAfter(virtualSeq);
    this.snapshotVirtual.set(relaySeq, virtualSeq);
    return relaySeq;
  }

  /** A relay snapshot's (or its ack's) coversSeq → the device's numbering. */
  snapshotToVirtual(stream: ViewStream | undefined, relaySeq: number): number {
    if (stream) stream.cursor = Math.max(stream.cursor, relaySeq);
    const virtual = this.snapshotVirtual.get(relaySeq) ?? this.endVirtual(relaySeq);
    if (stream) stream.sentVirtual = Math.max(stream.sentVirtual, virtual);
    return virtual;
  }

  private observe(relaySeq: number): void {
    this.head = Math.max(this.head, relaySeq);
  }

  private hiddenAtOrBelow(relaySeq: number): number {
    let n = 0;
    for (const seq of this.hidden) if (seq <= relaySeq) n++;
    return n;
  }

  /** Virtual seq of the (visible) relay entry `relaySeq`. */
  private toVirtual(relaySeq: number): number {
    return relaySeq - this.hiddenAtOrBelow(relaySeq) + this.inserts.filter((i) => i.after < relaySeq).length;
  }

  /** Virtual seq of the last entry at relay position `relaySeq`, inserts right after it included. */
  private endVirtual(relaySeq: number): number {
    return relaySeq - this.hiddenAtOrBelow(relaySeq) + this.inserts.filter((i) => i.after <= relaySeq).length;
  }

  private insertVirtual(index: number): number {
    const item = this.inserts[index]!;
    return item.after - this.hiddenAtOrBelow(item.after) + this.inserts.filter((i, k) => i.after < item.after || (i.after === item.after && k <= index)).length;
  }

  /** Largest relay seq whose entries (and the inserts after them) all lie at or below virtual `afterSeq`. */
  private relayAfter(afterSeq: number): number {
    let best = 0;
    for (let r = 0; r <= afterSeq + this.hidden.size; r++) if (this.endVirtual(r) <= afterSeq) best = r;
    return best;
  }

  /** Inserted entries this stream still lacks that follow relay entries up to `relaySeq`. */
  private insertsUpTo(stream: ViewStream, relaySeq: number): SequencedEnvelope[] {
    const out: SequencedEnvelope[] = [];
    this.inserts.forEach((item, index) => {
      if (item.after > relaySeq) return;
      const seq = this.insertVirtual(index);
      if (seq <= stream.sentVirtual) return;
      stream.sentVirtual = seq;
      out.push({ seq, envelope: item.envelope });
    });
    return out;
  }
}
