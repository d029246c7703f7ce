/**
 * SQLite storage adapter (better-sqlite3): the relay's default. WAL journal with
 * synchronous=FULL, so a commit has reached the disk before the relay acks it. The schema is
 * created or migrated on open (schema.ts, PRAGMA user_version); data lives in `<dataDir>/relay.sqlite`.
 * Every write that changes what a space holds also moves `spaces.bytes`, the quota's measure, in
 * the same transaction: up for new rows, down for pruned or deleted ones.
 *
 *   const storage = openSqliteStorage('./data');
 *   storage.createSpace(spaceId, genesis, Date.now());
 *   storage.close();
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SequencedEnvelope } from '@securebase/protocol';
import { migrateSchema } from './schema.js';
import type {
  AppendUpdateInput,
  AppendUpdateResult,
  DeviceLinkStatus,
  MembershipAppendResult,
  MembershipBatchInput,
  MembershipBatchResult,
  NewDeviceLink,
  PutSnapshotInput,
  PutSnapshotResult,
  RelayStorage,
  RequestDeviceLinkResult,
  StoredDeviceLink,
  StoredInvite,
  StoredKeyWrap,
  StoredSnapshot,
} from './types.js';

export { SCHEMA_VERSION } from './schema.js';

/** File name of the database inside the data directory. */
export const DATABASE_FILE = 'relay.sqlite';

// better-sqlite3 binds Buffers as BLOBs; this views the same memory without copying.
const blob = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// Rows come back as Buffers; hand out plain Uint8Arrays so callers never depend on Node types.
const bytesOf = (value: Buffer): Uint8Array => new Uint8Array(value.buffer, value.byteOffset, value.byteLength);

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(blob(a), blob(b)) === 0;

interface DeviceLinkRow {
  link_id: string;
  space_id: string;
  partner_id: string;
  certificate: Buffer;
  expires_at: number;
  created_at: number;
  status: DeviceLinkStatus;
  request: Buffer | null;
  request_device: Buffer | null;
  used_at: number | null;
}

interface InviteRow {
  invite_id: string;
  space_id: string;
  certificate: Buffer;
  payload: Buffer;
  expires_at: number;
  created_at: number;
  used_at: number | null;
}

/** Rolls back a membership batch from inside its transaction, carrying the result to return. */
class BatchAborted extends Error {
  readonly result: MembershipBatchResult;

  constructor(result: MembershipBatchResult) {
    super(`membership batch aborted: ${result.status}`);
    this.name = 'BatchAborted';
    this.result = result;
  }
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
    migrateSchema(this.#db);
    this.#statements = this.#prepare();
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
      updateBytesUpTo: db.prepare<[string, string, number], { n: number }>(
        'SELECT COALESCE(SUM(LENGTH(envelope)), 0) AS n FROM updates WHERE space_id = ? AND doc_id = ? AND seq <= ?',
      ),
      pruneUpdates: db.prepare<[string, string, number]>('DELETE FROM updates WHERE space_id = ? AND doc_id = ? AND seq <= ?'),
      getSnapshot: db.prepare<[string, string], { covers_seq: number; hash: Buffer; envelope: Buffer }>(
        'SELECT covers_seq, hash, envelope FROM snapshots WHERE space_id = ? AND doc_id = ?',
      ),
      snapshotCoversSeq: db.prepare<[string, string], { covers_seq: number }>(
        'SELECT covers_seq FROM snapshots WHERE space_id = ? AND doc_id = ?',
      ),
      upsertSnapshot: db.prepare<[string, string, number, Buffer, Buffer, number]>(
        `INSERT INTO snapshots (space_id, doc_id, covers_seq, hash, envelope, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (space_id, doc_id) DO UPDATE SET covers_seq = excluded.covers_seq, hash = excluded.hash,
           envelope = excluded.envelope, created_at = excluded.created_at`,
      ),
      docBytes: db.prepare<[string, string, string, string], { n: number }>(
        `SELECT (SELECT COALESCE(SUM(LENGTH(envelope)), 0) FROM updates WHERE space_id = ? AND doc_id = ?)
              + (SELECT COALESCE(SUM(LENGTH(envelope)), 0) FROM snapshots WHERE space_id = ? AND doc_id = ?) AS n`,
      ),
      deleteDocUpdates: db.prepare<[string, string]>('DELETE FROM updates WHERE space_id = ? AND doc_id = ?'),
      deleteDocSnapshot: db.prepare<[string, string]>('DELETE FROM snapshots WHERE space_id = ? AND doc_id = ?'),
      deleteDocClocks: db.prepare<[string, string]>('DELETE FROM author_clocks WHERE space_id = ? AND doc_id = ?'),
      deleteDocHead: db.prepare<[string, string]>('DELETE FROM documents WHERE space_id = ? AND doc_id = ?'),
      insertLink: db.prepare<[string, string, string, Buffer, number, number]>(
        `INSERT OR IGNORE INTO device_links (link_id, space_id, partner_id, certificate, expires_at, created_at, status)
         VALUES (?, ?, ?, ?, ?, ?, 'open')`,
      ),
      getLink: db.prepare<[string], DeviceLinkRow>('SELECT * FROM device_links WHERE link_id = ?'),
      expiredLinkBytes: db.prepare<[string, number], { n: number }>(
        `SELECT COALESCE(SUM(LENGTH(certificate) + COALESCE(LENGTH(request), 0)), 0) AS n FROM device_links
         WHERE space_id = ? AND expires_at <= ? AND status <> 'linked'`,
      ),
      deleteExpiredLinks: db.prepare<[string, number]>(
        "DELETE FROM device_links WHERE space_id = ? AND expires_at <= ? AND status <> 'linked'",
      ),
      requestLink: db.prepare<[Buffer, Buffer, string]>(
        "UPDATE device_links SET status = 'requested', request = ?, request_device = ? WHERE link_id = ? AND status = 'open'",
      ),
      useLink: db.prepare<[number, string]>("UPDATE device_links SET status = 'linked', used_at = ? WHERE link_id = ?"),
      insertWrap: db.prepare<[string, Buffer, Buffer, number]>(
        'INSERT INTO key_wraps (space_id, recipient, wrap, created_at) VALUES (?, ?, ?, ?)',
      ),
      listWraps: db.prepare<[string, Buffer, number], { id: number; wrap: Buffer }>(
        'SELECT id, wrap FROM key_wraps WHERE space_id = ? AND recipient = ? AND id > ? ORDER BY id',
      ),
      wrapBytesOf: db.prepare<[string, Buffer], { n: number }>(
        'SELECT COALESCE(SUM(LENGTH(wrap)), 0) AS n FROM key_wraps WHERE space_id = ? AND recipient = ?',
      ),
      deleteWrapsOf: db.prepare<[string, Buffer]>('DELETE FROM key_wraps WHERE space_id = ? AND recipient = ?'),
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

  membershipHead(spaceId: string): number | undefined {
    if (!this.hasSpace(spaceId)) return undefined;
    return (this.#statements.opCount.get(spaceId)?.n ?? 0) - 1;
  }

  appendMembershipBatch(input: MembershipBatchInput): MembershipBatchResult {
    const { spaceId, now } = input;
    const batch = this.#db.transaction((): MembershipBatchResult => {
      for (const use of input.linksUsed) {
        const link = this.#statements.getLink.get(use.linkId);
        const usable =
          link !== undefined &&
          link.space_id === spaceId &&
          link.status === 'requested' &&
          link.expires_at > now &&
          link.request_device !== null &&
          sameBytes(bytesOf(link.request_device), use.device);
        if (!usable) return { status: 'link-unavailable', linkId: use.linkId };
      }
      let head = input.firstSeq - 1;
      for (const [index, op] of input.ops.entries()) {
        const appended = this.#appendOp(spaceId, input.firstSeq + index, op, input.quotaBytes);
        if (appended.status !== 'appended') throw new BatchAborted(appended);
        head = appended.head;
      }
      for (const use of input.linksUsed) this.#statements.useLink.run(now, use.linkId);
      for (const device of input.revokedDevices) {
        const freed = this.#statements.wrapBytesOf.get(spaceId, blob(device))?.n ?? 0;
        this.#statements.deleteWrapsOf.run(spaceId, blob(device));
        this.#statements.addBytes.run(-freed, spaceId);
      }
      for (const docId of input.deletedDocs) this.#deleteDocument(spaceId, docId);
      const wrapBytes = input.wraps.reduce((sum, entry) => sum + entry.wrap.byteLength, 0);
      if ((this.#bytes(spaceId) ?? 0) + wrapBytes > input.quotaBytes) throw new BatchAborted({ status: 'quota-exceeded' });
      for (const entry of input.wraps) {
        this.#statements.insertWrap.run(spaceId, blob(entry.recipient), blob(entry.wrap), now);
      }
      this.#statements.addBytes.run(wrapBytes, spaceId);
      return { status: 'appended', head };
    });
    try {
      return batch();
    } catch (error) {
      // Thrown only to roll back the ops already appended; it carries the answer.
      if (error instanceof BatchAborted) return error.result;
      throw error;
    }
  }

  // Runs inside a caller's transaction: a document and everything stored for it, bytes released.
  #deleteDocument(spaceId: string, docId: string): void {
    const freed = this.#statements.docBytes.get(spaceId, docId, spaceId, docId)?.n ?? 0;
    this.#statements.deleteDocUpdates.run(spaceId, docId);
    this.#statements.deleteDocSnapshot.run(spaceId, docId);
    this.#statements.deleteDocClocks.run(spaceId, docId);
    this.#statements.deleteDocHead.run(spaceId, docId);
    this.#statements.addBytes.run(-freed, spaceId);
  }

  createDeviceLink(link: NewDeviceLink, quotaBytes: number): 'created' | 'exists' | 'quota-exceeded' | 'unknown-space' {
    return this.#db.transaction(() => {
      if (this.#bytes(link.spaceId) === undefined) return 'unknown-space';
      // Links that expired unconsumed can never be used: drop them instead of letting them pile up.
      const expired = this.#statements.expiredLinkBytes.get(link.spaceId, link.createdAt)?.n ?? 0;
      this.#statements.deleteExpiredLinks.run(link.spaceId, link.createdAt);
      this.#statements.addBytes.run(-expired, link.spaceId);
      const bytes = this.#bytes(link.spaceId) ?? 0;
      if (bytes + link.certificate.byteLength > quotaBytes) return 'quota-exceeded';
      const { changes } = this.#statements.insertLink.run(
        link.linkId,
        link.spaceId,
        link.partnerId,
        blob(link.certificate),
        link.expiresAt,
        link.createdAt,
      );
      if (changes === 0) return 'exists';
      this.#statements.addBytes.run(link.certificate.byteLength, link.spaceId);
      return 'created';
    })();
  }

  getDeviceLink(linkId: string): StoredDeviceLink | undefined {
    const row = this.#statements.getLink.get(linkId);
    if (!row) return undefined;
    return {
      linkId: row.link_id,
      spaceId: row.space_id,
      partnerId: row.partner_id,
      certificate: bytesOf(row.certificate),
      expiresAt: row.expires_at,
      createdAt: row.created_at,
      status: row.status,
      request: row.request ? bytesOf(row.request) : undefined,
      requestDevice: row.request_device ? bytesOf(row.request_device) : undefined,
      usedAt: row.used_at ?? undefined,
    };
  }

  requestDeviceLink(linkId: string, request: Uint8Array, device: Uint8Array, quotaBytes: number): RequestDeviceLinkResult {
    return this.#db.transaction((): RequestDeviceLinkResult => {
      const link = this.#statements.getLink.get(linkId);
      if (!link) return 'not-open';
      if (link.status !== 'open') {
        // The new device retrying after a lost response gets the same answer again.
        const same = link.status === 'requested' && link.request !== null && sameBytes(bytesOf(link.request), request);
        return same ? 'already-requested' : 'not-open';
      }
      const bytes = this.#bytes(link.space_id) ?? 0;
      if (bytes + request.byteLength > quotaBytes) return 'quota-exceeded';
      this.#statements.requestLink.run(blob(request), blob(device), linkId);
      this.#statements.addBytes.run(request.byteLength, link.space_id);
      return 'requested';
    })();
  }

  listKeyWraps(spaceId: string, recipient: Uint8Array, afterId: number): StoredKeyWrap[] {
    return this.#statements.listWraps.all(spaceId, blob(recipient), afterId).map((row) => ({ id: row.id, wrap: bytesOf(row.wrap) }));
  }

  snapshotCoversSeq(spaceId: string, docId: string): number {
    return this.#statements.snapshotCoversSeq.get(spaceId, docId)?.covers_seq ?? 0;
  }

  getSnapshot(spaceId: string, docId: string): StoredSnapshot | undefined {
    const row = this.#statements.getSnapshot.get(spaceId, docId);
    if (!row) return undefined;
    return { coversSeq: row.covers_seq, hash: bytesOf(row.hash), envelope: bytesOf(row.envelope) };
  }

  putSnapshot(input: PutSnapshotInput): PutSnapshotResult {
    const { spaceId, docId, coversSeq } = input;
    return this.#db.transaction((): PutSnapshotResult => {
      const bytes = this.#bytes(spaceId);
      if (bytes === undefined) return { status: 'unknown-space' };
      const current = this.#statements.getSnapshot.get(spaceId, docId);
      if (current) {
        if (!sameBytes(bytesOf(current.hash), input.parentHash)) return { status: 'conflict', detail: 'parent is not the current snapshot' };
        if (coversSeq <= current.covers_seq) return { status: 'conflict', detail: `must cover more than seq ${current.covers_seq}` };
      } else if (input.parentHash.byteLength !== 0) {
        return { status: 'conflict', detail: 'the document has no snapshot yet' };
      }
      const head = this.#statements.headSeq.get(spaceId, docId)?.head_seq ?? 0;
      if (coversSeq < 1 || coversSeq > head) return { status: 'conflict', detail: `must cover a seq in 1..${head}` };
      const prunedBytes = this.#statements.updateBytesUpTo.get(spaceId, docId, coversSeq)?.n ?? 0;
      const replaced = current?.envelope.byteLength ?? 0;
      const delta = input.envelope.byteLength - replaced - prunedBytes;
      if (delta > 0 && bytes + delta > input.quotaBytes) return { status: 'quota-exceeded' };
      this.#statements.upsertSnapshot.run(spaceId, docId, coversSeq, blob(input.hash), blob(input.envelope), input.now);
      // Covered updates go; author_clocks stays, so the clock rule still holds after pruning.
      this.#statements.pruneUpdates.run(spaceId, docId, coversSeq);
      this.#statements.addBytes.run(delta, spaceId);
      return { status: 'stored', prunedBytes };
    })();
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
