import { beforeAll, describe, expect, it } from 'vitest';
import { LOG_HASH_GENESIS, foldLogHash, hashBytes, readyCrypto } from '@securebase/crypto';
import { RECENT_HASHES, SyncLog } from '../src/log-integrity.js';
import { Outbox } from '../src/outbox.js';
import { emptyInbox } from '../src/provider-state.js';

beforeAll(async () => {
  await readyCrypto();
});

const entry = (n: number): Uint8Array => new Uint8Array([n, n + 1, n + 2]);

/** A log with seqs 1..n folded. */
function logWith(n: number): SyncLog {
  const log = new SyncLog(emptyInbox());
  for (let seq = 1; seq <= n; seq++) log.fold(seq, entry(seq));
  return log;
}

describe('SyncLog: the log hash chain', () => {
  it('folds exactly like foldLogHash from the genesis hash, and refuses holes', () => {
    const log = logWith(3);
    let h = LOG_HASH_GENESIS;
    for (let seq = 1; seq <= 3; seq++) h = foldLogHash(h, seq, entry(seq));
    expect(log.head()).toEqual({ seq: 3, hash: h });
    expect(log.hashAt(0)).toEqual(LOG_HASH_GENESIS);
    expect(() => log.fold(5, entry(5))).toThrow(RangeError);
    expect(log.state.sinceSnapshot).toEqual({ updates: 3, bytes: 9 });
  });

  it('keeps a bounded window of recent hashes', () => {
    const log = logWith(RECENT_HASHES + 10);
    expect(log.state.recentHashes.size).toBe(RECENT_HASHES);
    expect(log.hashAt(5)).toBeUndefined();
    expect(log.hashAt(RECENT_HASHES + 10)).toEqual(log.head().hash);
  });
});

describe('SyncLog: fork detection from signed heads', () => {
  it('accepts a head that matches our history and one too old to compare', () => {
    const log = logWith(RECENT_HASHES + 20);
    const theirs = logWith(15);
    expect(log.checkHead(theirs.head(), RECENT_HASHES + 21)).toBeUndefined();
    const recent = logWith(RECENT_HASHES + 19);
    expect(log.checkHead(recent.head(), RECENT_HASHES + 21)).toBeUndefined();
  });

  it('reports a fork when the partner folded different bytes at a seq we both have', () => {
    const ours = logWith(4);
    const theirs = logWith(2);
    theirs.fold(3, new Uint8Array([0xee]));
    expect(ours.checkHead(theirs.head(), 5)?.code).toBe('fork-detected');
    expect(ours.checkHead(theirs.head(), 5)?.fatal).toBe(true);
  });

  it('reports a fork when the relay numbered an entry at or before the head its author signed', () => {
    const ours = logWith(4);
    expect(ours.checkHead(logWith(4).head(), 4)?.code).toBe('fork-detected');
  });
});

describe('SyncLog: clocks', () => {
  it('tells next, replay and gap apart per author and never lowers a clock', () => {
    const log = new SyncLog(emptyInbox());
    expect(log.clockVerdict('a', 1)).toBe('next');
    expect(log.clockVerdict('a', 2)).toBe('gap');
    log.recordClock('a', 1);
    expect(log.clockVerdict('a', 1)).toBe('replay');
    expect(log.clockVerdict('a', 2)).toBe('next');
    expect(log.clockVerdict('b', 1)).toBe('next');
    log.recordClock('a', 0);
    expect(log.clockOf('a')).toBe(1);
  });
});

describe('SyncLog: entries skipped for good', () => {
  it('lets each skipped entry explain one missing clock, from any author, once', () => {
    const log = new SyncLog(emptyInbox());
    log.recordClock('a', 1);
    // A plain gap is a gap: nothing was skipped.
    expect(log.excuseGap('a', 3)).toBe(false);
    log.skipUnapplied(1, new Uint8Array([1]));
    expect(log.lastSeq).toBe(1);
    // One skip explains one missing clock, not two.
    expect(log.excuseGap('a', 4)).toBe(false);
    expect(log.excuseGap('b', 2)).toBe(true);
    expect(log.state.skippedEntries).toBe(0);
    expect(log.excuseGap('a', 3)).toBe(false);
    log.skipUnapplied(2, new Uint8Array([2]));
    log.skipUnapplied(3, new Uint8Array([3]));
    expect(log.excuseGap('a', 4)).toBe(true);
    expect(log.state.skippedEntries).toBe(0);
    // Never a replay or the next clock.
    log.skipUnapplied(4, new Uint8Array([4]));
    expect(log.excuseGap('a', 1)).toBe(false);
    expect(log.excuseGap('a', 2)).toBe(false);
    expect(log.state.skippedEntries).toBe(1);
  });
});

describe('SyncLog: the log hash after a skip', () => {
  it('stops claiming and comparing positions past a skip until a partner head at our position re-anchors it', () => {
    const log = new SyncLog(emptyInbox());
    log.fold(1, new Uint8Array([1]));
    const shared = log.head();
    log.skipUnapplied(2, new Uint8Array([2]));
    log.fold(3, new Uint8Array([3]));
    // Our own head names the last shared position; no snapshot carries our own H.
    expect(log.head()).toEqual(shared);
    log.state.sinceSnapshot = { updates: 1000, bytes: 0 };
    expect(log.snapshotDue(1, 1)).toBe(false);
    // A partner's H past the skip differs from ours, and that is no fork; before it, it still is.
    const partnerH = new Uint8Array(32).fill(9);
    expect(log.checkHead({ seq: 2, hash: partnerH }, 4)).toBeUndefined();
    expect(log.checkHead({ seq: 1, hash: partnerH }, 4)?.code).toBe('fork-detected');
    expect(log.checkSnapshot(3, partnerH)).toBeUndefined();
    // Only a head naming exactly our position is adopted.
    expect(log.adoptPartnerHead({ seq: 2, hash: partnerH })).toBe(false);
    expect(log.adoptPartnerHead({ seq: 3, hash: partnerH })).toBe(true);
    expect(log.head()).toEqual({ seq: 3, hash: partnerH });
    expect(log.state.sharedHead).toBeUndefined();
    // Shared again: our H values from the unshared stretch are gone, later ones are compared.
    expect(log.hashAt(2)).toBeUndefined();
    expect(log.checkHead({ seq: 3, hash: new Uint8Array(32) }, 4)?.code).toBe('fork-detected');
    expect(log.checkHead({ seq: 3, hash: partnerH }, 4)).toBeUndefined();
    expect(log.snapshotDue(1, 1)).toBe(true);
  });

  it('is shared again when a snapshot ahead of it is adopted', () => {
    const log = new SyncLog(emptyInbox());
    log.skipUnapplied(1, new Uint8Array([1]));
    const anchor = { coversSeq: 5, logHash: new Uint8Array(32).fill(3), envelopeHash: new Uint8Array(32).fill(4) };
    log.adoptSnapshot(anchor, new Map([['a', 2]]));
    expect(log.state.sharedHead).toBeUndefined();
    expect(log.state.skippedEntries).toBe(0);
    expect(log.head()).toEqual({ seq: 5, hash: anchor.logHash });
    expect(log.hashAt(1)).toBeUndefined();
  });
});

describe('SyncLog: rollback and snapshots', () => {
  it('checks the relay head against what was consumed', () => {
    const log = logWith(5);
    expect(log.checkSyncedHead(5)).toBeUndefined();
    expect(log.checkSyncedHead(4)?.code).toBe('rollback-detected');
    expect(log.checkSyncedHead(7)?.code).toBe('update-gap');
    expect(log.checkSyncedHead(7)?.fatal).toBe(false);
  });

  it('adopts a snapshot ahead of it, then refuses an older one and a forked one', () => {
    const writer = logWith(10);
    const anchor = { coversSeq: 10, logHash: writer.head().hash, envelopeHash: hashBytes(new Uint8Array([1])) };
    const reader = logWith(2);
    expect(reader.checkSnapshot(10, anchor.logHash)).toBeUndefined();
    reader.adoptSnapshot(anchor, new Map([['a', 4]]));
    expect(reader.head()).toEqual({ seq: 10, hash: anchor.logHash });
    expect(reader.clockOf('a')).toBe(4);
    expect(reader.state.sinceSnapshot).toEqual({ updates: 0, bytes: 0 });
    reader.fold(11, entry(11));

    expect(reader.checkSnapshot(6, logWith(6).head().hash)?.code).toBe('rollback-detected');
    expect(reader.checkSnapshot(10, new Uint8Array(32).fill(1))?.code).toBe('fork-detected');
    expect(reader.checkSnapshot(11, reader.head().hash)).toBeUndefined();
  });

  it('counts what accumulated since a snapshot it adopts from behind', () => {
    const log = logWith(12);
    log.adoptSnapshot({ coversSeq: 10, logHash: log.hashAt(10)!, envelopeHash: new Uint8Array(32) }, new Map());
    expect(log.head().seq).toBe(12);
    expect(log.state.sinceSnapshot.updates).toBe(2);
    expect(log.snapshotDue(3, 1e9)).toBe(false);
    log.fold(13, entry(13));
    expect(log.snapshotDue(3, 1e9)).toBe(true);
    expect(logWith(1).snapshotDue(300, 2)).toBe(true);
  });
});

describe('Outbox', () => {
  const seal = (clock: number, update: Uint8Array): Uint8Array => new Uint8Array([clock, ...update]);

  it('adds with rising clocks and drops everything up to an acked clock', () => {
    const outbox = new Outbox({ ownClock: 0, pending: [] });
    outbox.add(new Uint8Array([1]), seal);
    outbox.add(new Uint8Array([2]), seal);
    outbox.add(new Uint8Array([3]), seal);
    expect(outbox.pending.map((p) => p.clock)).toEqual([1, 2, 3]);
    outbox.acked(2);
    expect(outbox.pending.map((p) => p.clock)).toEqual([3]);
    expect(outbox.ownClock).toBe(3);
  });

  it('settles a committed change seen in the log, by bytes or (after a re-seal) by update', () => {
    const outbox = new Outbox({ ownClock: 0, pending: [] });
    const first = outbox.add(new Uint8Array([1]), seal);
    outbox.add(new Uint8Array([2]), seal);
    expect(outbox.committed(1, undefined, first.envelope, seal)).toBe(false);
    expect(outbox.pending.map((p) => p.clock)).toEqual([2]);
    expect(outbox.committed(2, new Uint8Array([2]), new Uint8Array([99]), seal)).toBe(false);
    expect(outbox.pending).toEqual([]);
  });

  it('re-seals with a fresh clock a change whose clock the log holds with other content (lost local state)', () => {
    const outbox = new Outbox({ ownClock: 0, pending: [] });
    outbox.add(new Uint8Array([7]), seal);
    const before = outbox.state;
    expect(outbox.committed(3, new Uint8Array([8]), new Uint8Array([3, 8]), seal)).toBe(false);
    expect(outbox.state).not.toBe(before);
    expect(outbox.pending).toEqual([]);

    const lost = new Outbox({ ownClock: 3, pending: [{ clock: 3, update: new Uint8Array([7]), envelope: seal(3, new Uint8Array([7])) }] });
    expect(lost.committed(3, new Uint8Array([8]), new Uint8Array([3, 8]), seal)).toBe(true);
    expect(lost.pending).toEqual([{ clock: 4, update: new Uint8Array([7]), envelope: new Uint8Array([4, 7]) }]);
  });

  it('treats a snapshot clock (no bytes) as committing everything up to it, and keeps identity when nothing changes', () => {
    const outbox = new Outbox({ ownClock: 0, pending: [] });
    outbox.add(new Uint8Array([1]), seal);
    outbox.add(new Uint8Array([2]), seal);
    expect(outbox.committed(1, undefined, undefined, seal)).toBe(false);
    expect(outbox.pending.map((p) => p.clock)).toEqual([2]);
    const state = outbox.state;
    outbox.committed(1, undefined, undefined, seal);
    expect(outbox.state).toBe(state);
  });

  it('re-seals from a clock on with the same clocks (stale epoch)', () => {
    const outbox = new Outbox({ ownClock: 0, pending: [] });
    outbox.add(new Uint8Array([1]), seal);
    outbox.add(new Uint8Array([2]), seal);
    const count = outbox.resealFrom(2, (clock, update) => new Uint8Array([clock, ...update, 0xff]));
    expect(count).toBe(1);
    expect(outbox.pending.map((p) => [...p.envelope])).toEqual([[1, 1], [2, 2, 0xff]]);
  });
});
