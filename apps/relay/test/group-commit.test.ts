// Group commit on the real SQLite file (storage/group-commit.ts): appends of one event-loop turn
// share one transaction, each keeps its own rules and savepoint, and nothing resolves before the
// COMMIT has returned (another connection to the file already reads it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteRelayStorage, openSqliteStorage } from '../src/storage/sqlite.js';
import type { AppendUpdateInput, RelayStorage } from '../src/storage/types.js';

const spaceId = (i: number): string => `SPACE${String(i).padStart(16, '0')}A`;
const author = (i: number): Uint8Array => new Uint8Array(32).fill(i + 1);
const input = (space: number, clock: number, writer = 0): AppendUpdateInput => ({
  spaceId: spaceId(space),
  docId: 'shared',
  partnerId: `PARTNER${writer}AAAAAAAAAAAAAAA`,
  author: author(writer),
  clock,
  envelope: new Uint8Array([space, clock, writer]),
  partnerQuotaBytes: 1_000_000,
  maxDocuments: 8,
});

let dir = '';
let storage: RelayStorage;
let batches: number[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relay-group-commit-'));
  batches = [];
  storage = openSqliteRelayStorage(dir, { onBatch: (size) => batches.push(size) });
  for (let i = 0; i < 10; i++) expect(await storage.createSpace(spaceId(i), new Uint8Array([i]), 1)).toBe(true);
});

afterEach(async () => {
  await storage.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('group commit', () => {
  it('commits the appends of one turn in one transaction, each with its own seq, durable before any resolves', async () => {
    const inputs = Array.from({ length: 50 }, (_, i) => input(i % 10, Math.floor(i / 10) + 1));
    const reader = openSqliteStorage(dir);
    try {
      const results = await Promise.all(
        inputs.map((entry) =>
          storage.appendUpdate(entry).then((result) => {
            // At the moment this append resolves, another connection already reads it from the file.
            expect(reader.listUpdates(entry.spaceId, 'shared', 0, 1_000_000).map((e) => e.seq)).toContain(entry.clock);
            return result;
          }),
        ),
      );
      expect(batches).toEqual([50]);
      expect(results).toEqual(inputs.map((entry) => ({ status: 'committed', seq: entry.clock })));
      for (let i = 0; i < 10; i++) expect(reader.headSeq(spaceId(i), 'shared')).toBe(5);
    } finally {
      reader.close();
    }
  });

  it('keeps each append to its own rules: a refusal or a throw in the batch touches only that append', async () => {
    const conflict = input(1, 7); // clock 7 where 1 is due: refused, nothing stored
    const broken = { ...input(2, 1), partnerId: undefined as unknown as string }; // NOT NULL: SQLite throws
    const settled = await Promise.allSettled([storage.appendUpdate(input(0, 1)), storage.appendUpdate(conflict), storage.appendUpdate(broken), storage.appendUpdate(input(3, 1))]);
    expect(batches).toEqual([4]);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: { status: 'committed', seq: 1 } });
    expect(settled[1]).toEqual({ status: 'fulfilled', value: { status: 'clock-conflict', expectedClock: 1 } });
    expect(settled[2]?.status).toBe('rejected');
    expect(settled[3]).toEqual({ status: 'fulfilled', value: { status: 'committed', seq: 1 } });
    // The throw was rolled back to its savepoint: space 2 has no update, no head and no bytes moved.
    expect(await storage.headSeq(spaceId(2), 'shared')).toBe(0);
    expect(await storage.spaceBytes(spaceId(2))).toBe(1);
    // And the next append there still takes clock 1, seq 1.
    expect(await storage.appendUpdate(input(2, 1))).toEqual({ status: 'committed', seq: 1 });
  });

  it('rejects every append of a batch whose transaction cannot commit, and none is stored', async () => {
    const pending = [storage.appendUpdate(input(0, 1)), storage.appendUpdate(input(1, 1))];
    await storage.close(); // before the turn ends: the batch meets a closed database
    const settled = await Promise.allSettled(pending);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    const reader = openSqliteStorage(dir);
    try {
      expect([reader.headSeq(spaceId(0), 'shared'), reader.headSeq(spaceId(1), 'shared')]).toEqual([0, 0]);
    } finally {
      reader.close();
    }
  });

  it('splits a turn larger than the batch limit over the next turns, in order', async () => {
    const inputs = Array.from({ length: 300 }, (_, i) => input(0, i + 1));
    const results = await Promise.all(inputs.map((entry) => storage.appendUpdate(entry)));
    expect(batches).toEqual([256, 44]);
    expect(results.map((r) => (r.status === 'committed' ? r.seq : -1))).toEqual(inputs.map((entry) => entry.clock));
  });
});
