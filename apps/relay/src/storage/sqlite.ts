/**
 * SQLite storage adapter (better-sqlite3): the relay's default. WAL journal with
 * synchronous=FULL, so a commit has reached the disk before the relay acks it. The schema is
 * created on open and versioned with PRAGMA user_version; data lives in `<dataDir>/relay.sqlite`.
 *
 *   const storage = openSqliteStorage('./data');
 *   storage.createSpace(spaceId, genesis, Date.now());
 *   storage.close();
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SequencedEnvelope } from '@securebase/protocol';
import type {
  AppendUpdateInput,
  AppendUpdateResult,
  MembershipAppendResult,
  RelayStorage,
  StoredInvite,
} from './types.js';

/** Schema version written to PRAGMA user_version; bump with a migration when the schema changes. */
export const SCHEMA_VERSION = 1;

/** File name of the database inside the data directory. */
export const DATABASE_FILE = 'relay.sqlite';

const SCHEMA = `
CREATE TABLE spaces (
  space_id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  bytes INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE membership_ops (
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  seq INTEGER NOT NULL,
  op BLOB NOT NULL,
  PRIMARY KEY (space_id, seq)
) STRICT;
CREATE TABLE invites (
  invite_id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  certificate BLOB NOT NULL,
  payload BLOB NOT NULL,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  used_at INTEGER
) STRICT;
CREATE TABLE documents (
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  doc_id TEXT NOT NULL,
  head_seq INTEGER NOT NULL,
  PRIMARY KEY (space_id, doc_id)
) STRICT;
CREATE TABLE author_clocks (
  space_id TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  author BLOB NOT NULL,
  clock INTEGER NOT NULL,
  PRIMARY KEY (space_id, doc_id, author)
) STRICT;
CREATE TABLE updates (
  space_id TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  author BLOB NOT NULL,
  clock INTEGER NOT NULL,
  envelope BLOB NOT NULL,
  PRIMARY KEY (space_id, doc_id, seq)
) STRICT;
CREATE UNIQUE INDEX updates_by_author_clock ON updates (space_id, doc_id, author, clock);
`;

// better-sqlite3 binds Buffers as BLOBs; this views the same memory without copying.
const blob = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// Rows come back as Buffers; hand out plain Uint8Arrays so callers never depend on Node types.
const bytesOf = (value: Buffer): Uint8Array => new Uint8Array(value.buffer, value.byteOffset, value.byteLength);

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(blob(a), blob(b)) === 0;

interface InviteRow {
  invite_id: string;
  space_id: string;
  certificate: Buffer;
  payload: Buffer;
  expires_at: number;
  created_at: number;
  used_at: number | null;
}

/** RelayStorage over one SQLite database file. */
export class SqliteStorage implements RelayStorage {
  readonly #db: Database.Database;
  readonly #statements;

  /** Open (creating if needed) the database at `file`; use openSqliteStorage(dataDir) normally. */
  constructor(file: string) {
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    // FULL: a committed transaction survives a power loss, which is what an ack promises.
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('foreign_keys = ON');
    this.#migrate();
    this.#statements = this.#prepare();
  }

  #migrate(): void {
    const version = this.#db.pragma('user_version', { simple: true });
    if (version === SCHEMA_VERSION) return;
    if (version !== 0) {
      throw new Error(`relay database schema version ${String(version)} is not supported (expected ${SCHEMA_VERSION})`);
    }
    this.#db.transaction(() => {
      this.#db.exec(SCHEMA);
      this.#db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  #prepare() {
    const db = this.#db;
    return {
      insertSpace: db.prepare<[string, number, number]>('INSERT OR IGNORE INTO spaces (space_id, created_at, bytes) VALUES (?, ?, ?)'),
      spaceBytes: db.prepare<[string], { bytes: number }>('SELECT bytes FROM spaces WHERE space_id = ?'),
      addBytes: db.prepare<[number, string]>('UPDATE spaces SET bytes = bytes + ? WHERE space_id = ?'),
      listOps: db.prepare<[string], { op: Buffer }>('SELECT op FROM membership_ops WHERE space_id = ? ORDER BY seq'),
      opCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM membership_ops WHERE space_id = ?'),
      insertOp: db.prepare<[string, number, Buffer]>('INSERT INTO membership_ops (space_id, seq, op) VALUES (?, ?, ?)'),
      insertInvite: db.prepare<[string, string, Buffer, Buffer, number, number]>(
        'INSERT OR IGNORE INTO invites (invite_id, space_id, certificate, payload, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      getInvite: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE invite_id = ?'),
      markInviteUsed: db.prepare<[number, string]>('UPDATE invites SET used_at = ? WHERE invite_id = ? AND used_at IS NULL'),
      headSeq: db.prepare<[string, string], { head_seq: number }>('SELECT head_seq FROM documents WHERE space_id = ? AND doc_id = ?'),
      upsertHead: db.prepare<[string, string, number]>(
        'INSERT INTO documents (space_id, doc_id, head_seq) VALUES (?, ?, ?) ON CONFLICT (space_id, doc_id) DO UPDATE SET head_seq = excluded.head_seq',
      ),
      authorClock: db.prepare<[string, string, Buffer], { clock: number }>(
        'SELECT clock FROM author_clocks WHERE space_id = ? AND doc_id = ? AND author = ?',
      ),
      upsertClock: db.prepare<[string, string, Buffer, number]>(
        'INSERT INTO author_clocks (space_id, doc_id, author, clock) VALUES (?, ?, ?, ?) ON CONFLICT (space_id, doc_id, author) DO UPDATE SET clock = excluded.clock',
      ),
      updateByClock: db.prepare<[string, string, Buffer, number], { seq: number; envelope: Buffer }>(
        'SELECT seq, envelope FROM updates WHERE space_id = ? AND doc_id = ? AND author = ? AND clock = ?',
      ),
      insertUpdate: db.prepare<[string, string, number, Buffer, number, Buffer]>(
        'INSERT INTO updates (space_id, doc_id, seq, author, clock, envelope) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      listUpdates: db.prepare<[string, string, number], { seq: number; envelope: Buffer }>(
        'SELECT seq, envelope FROM updates WHERE space_id = ? AND doc_id = ? AND seq > ? ORDER BY seq',
      ),
    };
  }

  /** Bytes the space holds, or undefined if it does not exist. */
  #bytes(spaceId: string): number | undefined {
    return this.#statements.spaceBytes.get(spaceId)?.bytes;
  }

  createSpace(spaceId: string, genesis: Uint8Array, now: number): boolean {
    return this.#db.transaction(() => {
      const inserted = this.#statements.insertSpace.run(spaceId, now, genesis.byteLength).changes === 1;
      if (inserted) this.#statements.insertOp.run(spaceId, 0, blob(genesis));
      return inserted;
    })();
  }

  hasSpace(spaceId: string): boolean {
    return this.#bytes(spaceId) !== undefined;
  }

  listMembershipOps(spaceId: string): Uint8Array[] | undefined {
    if (!this.hasSpace(spaceId)) return undefined;
    return this.#statements.listOps.all(spaceId).map((row) => bytesOf(row.op));
  }

  // Runs inside a caller's transaction: checks and appends op `seq`.
  #appendOp(spaceId: string, seq: number, op: Uint8Array, quotaBytes: number): MembershipAppendResult {
    const bytes = this.#bytes(spaceId);
    if (bytes === undefined) return { status: 'unknown-space' };
    const count = this.#statements.opCount.get(spaceId)?.n ?? 0;
    if (seq !== count) return { status: 'head-moved' };
    if (bytes + op.byteLength > quotaBytes) return { status: 'quota-exceeded' };
    this.#statements.insertOp.run(spaceId, seq, blob(op));
    this.#statements.addBytes.run(op.byteLength, spaceId);
    return { status: 'appended', head: seq };
  }

  appendMembershipOp(spaceId: string, seq: number, op: Uint8Array, quotaBytes: number): MembershipAppendResult {
    return this.#db.transaction(() => this.#appendOp(spaceId, seq, op, quotaBytes))();
  }

  createInvite(invite: Omit<StoredInvite, 'usedAt'>, quotaBytes: number): 'created' | 'exists' | 'quota-exceeded' | 'unknown-space' {
    return this.#db.transaction(() => {
      const bytes = this.#bytes(invite.spaceId);
      if (bytes === undefined) return 'unknown-space';
      const size = invite.certificate.byteLength + invite.payload.byteLength;
      if (bytes + size > quotaBytes) return 'quota-exceeded';
      const { changes } = this.#statements.insertInvite.run(
        invite.inviteId,
        invite.spaceId,
        blob(invite.certificate),
        blob(invite.payload),
        invite.expiresAt,
        invite.createdAt,
      );
      if (changes === 0) return 'exists';
      this.#statements.addBytes.run(size, invite.spaceId);
      return 'created';
    })();
  }

  getInvite(inviteId: string): StoredInvite | undefined {
    const row = this.#statements.getInvite.get(inviteId);
    if (!row) return undefined;
    return {
      inviteId: row.invite_id,
      spaceId: row.space_id,
      certificate: bytesOf(row.certificate),
      payload: bytesOf(row.payload),
      expiresAt: row.expires_at,
      createdAt: row.created_at,
      usedAt: row.used_at ?? undefined,
    };
  }

  redeemInvite(inviteId: string, seq: number, op: Uint8Array, now: number, quotaBytes: number): MembershipAppendResult {
    const redeem = this.#db.transaction((): MembershipAppendResult => {
      const invite = this.#statements.getInvite.get(inviteId);
      if (!invite || invite.used_at !== null) return { status: 'invite-used' };
      const appended = this.#appendOp(invite.space_id, seq, op, quotaBytes);
      if (appended.status !== 'appended') return appended;
      this.#statements.markInviteUsed.run(now, inviteId);
      return appended;
    });
    return redeem();
  }

  appendUpdate(input: AppendUpdateInput): AppendUpdateResult {
    const { spaceId, docId, clock, envelope } = input;
    const author = blob(input.author);
    const append = this.#db.transaction((): AppendUpdateResult => {
      const bytes = this.#bytes(spaceId);
      if (bytes === undefined) return { status: 'unknown-space' };
      const last = this.#statements.authorClock.get(spaceId, docId, author)?.clock ?? 0;
      if (clock !== last + 1) {
        // An identical retry (the ack was lost) gets the seq it was given the first time.
        const earlier = clock <= last ? this.#statements.updateByClock.get(spaceId, docId, author, clock) : undefined;
        if (earlier && sameBytes(bytesOf(earlier.envelope), envelope)) return { status: 'duplicate', seq: earlier.seq };
        return { status: 'clock-conflict', expectedClock: last + 1 };
      }
      if (bytes + envelope.byteLength > input.quotaBytes) return { status: 'quota-exceeded' };
      const seq = (this.#statements.headSeq.get(spaceId, docId)?.head_seq ?? 0) + 1;
      this.#statements.insertUpdate.run(spaceId, docId, seq, author, clock, blob(envelope));
      this.#statements.upsertHead.run(spaceId, docId, seq);
      this.#statements.upsertClock.run(spaceId, docId, author, clock);
      this.#statements.addBytes.run(envelope.byteLength, spaceId);
      return { status: 'committed', seq };
    });
    return append();
  }

  listUpdates(spaceId: string, docId: string, afterSeq: number, maxBytes: number): SequencedEnvelope[] {
    const entries: SequencedEnvelope[] = [];
    let total = 0;
    for (const row of this.#statements.listUpdates.iterate(spaceId, docId, afterSeq)) {
      if (entries.length > 0 && total + row.envelope.byteLength > maxBytes) break;
      entries.push({ seq: row.seq, envelope: bytesOf(row.envelope) });
      total += row.envelope.byteLength;
    }
    return entries;
  }

  headSeq(spaceId: string, docId: string): number {
    return this.#statements.headSeq.get(spaceId, docId)?.head_seq ?? 0;
  }

  spaceBytes(spaceId: string): number {
    return this.#bytes(spaceId) ?? 0;
  }

  close(): void {
    this.#db.close();
  }
}

/** Open the relay database in `dataDir` (created if missing). */
export function openSqliteStorage(dataDir: string): SqliteStorage {
  mkdirSync(dataDir, { recursive: true });
  return new SqliteStorage(join(dataDir, DATABASE_FILE));
}
