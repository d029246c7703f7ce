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
