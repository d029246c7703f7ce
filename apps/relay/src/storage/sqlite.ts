/**
 * SQLite storage adapter (better-sqlite3): the relay's default. WAL journal with
 * synchronous=FULL, so a commit has reached the disk before the relay acks it. The schema is
 * created or migrated on open (schema.ts, PRAGMA user_version); data lives in `<dataDir>/relay.sqlite`.
 *
 * Byte accounting, moved in the same transaction as every write that changes what a space holds:
 * - `spaces.bytes` is everything the space holds (the relay-wide `relay_totals` row follows it
 *   by trigger, for the global caps);
 * - `partner_bytes` is what each partner's updates and snapshots take: an update counts against
 *   its author's partner, a snapshot against its author's partner, and the updates a snapshot
 *   prunes (or the snapshot it replaces) give their bytes back to their own authors' partners.
 *   A snapshot is one envelope (≤ maxEnvelopeBytes) per document and documents per space are
 *   bounded, so the most one partner can ever be charged for the other's words is one envelope
 *   per document it compacts;
 * - the rest (`spaces.bytes - SUM(partner_bytes)`) is the space's records: membership ops,
 *   invites, device links, key wraps. They count against the space's own quota.
 *
 * Deleting an invite's payload must leave no copy on disk: `secure_delete` zeroes freed content,
 * and after a transaction that deleted payloads the WAL is checkpointed and truncated, so the
 * old page images that still held the payload are gone too.
 *
 * The engine is synchronous, which is what makes each method one transaction that nothing can
 * interleave with; the relay reaches it through the asynchronous seam (`openSqliteRelayStorage`).
 *
 *   const storage = openSqliteRelayStorage('./data');   // what the relay uses
 *   await storage.createSpace(spaceId, genesis, Date.now());
 *   const reader = openSqliteStorage('./data');         // synchronous, for tools and tests
 *   reader.headSeq(spaceId, 'shared');
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bytesEqual, type SequencedEnvelope } from '@securebase/protocol';
import { resolvedStorage } from './resolved.js';
import { groupCommitAppends, type GroupCommitOptions } from './group-commit.js';
import { migrateSchema } from './schema.js';
import { readCatchUpFrom } from './catch-up-read.js';
import type {
  CatchUpRead,
  AppendUpdateInput,
  AppendUpdateResult,
  DeviceLinkStatus,
  EndedInvite,
  InviteEndReason,
  MembershipAppendResult,
  MembershipBatchInput,
  MembershipBatchResult,
  MembershipTip,
  NewDeviceLink,
  PutSnapshotInput,
  PutSnapshotResult,
  RedeemInviteInput,
  RelayStorage,
  SyncRelayStorage,
  RelayTotals,
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
}

/** Bytes per partner, as grouped queries return them. */
type PartnerShares = { partner_id: string; n: number }[];

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
export class SqliteStorage implements SyncRelayStorage {
  readonly #db: Database.Database;
  readonly #statements;

  /** Open (creating if needed) the database at `file`; use openSqliteStorage(dataDir) normally. */
  constructor(file: string) {
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    // FULL: a committed transaction survives a power loss, which is what an ack promises.
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('foreign_keys = ON');
    // Before migrating: the v3 migration deletes the payloads of used invites.
    this.#db.pragma('secure_delete = ON');
    migrateSchema(this.#db);
    this.#truncateLog();
    this.#statements = this.#prepare();
  }

  #prepare() {
    const db = this.#db;
    return {
      insertSpace: db.prepare<[string, number, number]>('INSERT OR IGNORE INTO spaces (space_id, created_at, bytes) VALUES (?, ?, ?)'),
      // A space the sweeper has started deleting is unknown to everything else.
      spaceBytes: db.prepare<[string], { bytes: number }>('SELECT bytes FROM spaces WHERE space_id = ? AND abandoned_at IS NULL'),
      addBytes: db.prepare<[number, string]>('UPDATE spaces SET bytes = bytes + ? WHERE space_id = ?'),
      partnerBytes: db.prepare<[string, string], { bytes: number }>('SELECT bytes FROM partner_bytes WHERE space_id = ? AND partner_id = ?'),
      addPartnerBytes: db.prepare<[string, string, number]>(
        `INSERT INTO partner_bytes (space_id, partner_id, bytes) VALUES (?, ?, ?)
         ON CONFLICT (space_id, partner_id) DO UPDATE SET bytes = bytes + excluded.bytes`,
      ),
      sharesTotal: db.prepare<[string], { n: number }>('SELECT COALESCE(SUM(bytes), 0) AS n FROM partner_bytes WHERE space_id = ?'),
      markPaired: db.prepare<[number, string]>('UPDATE spaces SET paired_at = COALESCE(paired_at, ?) WHERE space_id = ?'),
      tip: db.prepare<[string], { created_at: number; head: number | null }>(
        `SELECT created_at, (SELECT MAX(seq) FROM membership_ops m WHERE m.space_id = s.space_id) AS head
         FROM spaces s WHERE space_id = ? AND abandoned_at IS NULL`,
      ),
      listOps: db.prepare<[string, number], { op: Buffer }>('SELECT op FROM membership_ops WHERE space_id = ? AND seq > ? ORDER BY seq'),
      maxSeq: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM membership_ops WHERE space_id = ?'),
      insertOp: db.prepare<[string, number, Buffer]>('INSERT INTO membership_ops (space_id, seq, op) VALUES (?, ?, ?)'),
      insertInvite: db.prepare<[string, string, Buffer, Buffer, number, number]>(
        'INSERT OR IGNORE INTO invites (invite_id, space_id, certificate, payload, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      getInvite: db.prepare<[string], InviteRow>(
        'SELECT invite_id, space_id, certificate, payload, expires_at, created_at FROM invites WHERE invite_id = ?',
      ),
      openInvitesOf: db.prepare<[string], { invite_id: string; n: number }>(
        'SELECT invite_id, LENGTH(certificate) + LENGTH(payload) AS n FROM invites WHERE space_id = ?',
      ),
      expiredInvites: db.prepare<[number, number], { invite_id: string; space_id: string; n: number }>(
        'SELECT invite_id, space_id, LENGTH(certificate) + LENGTH(payload) AS n FROM invites WHERE expires_at <= ? LIMIT ?',
      ),
      deleteInvite: db.prepare<[string]>('DELETE FROM invites WHERE invite_id = ?'),
      insertTombstone: db.prepare<[string, string, InviteEndReason, number]>(
        'INSERT OR REPLACE INTO invite_tombstones (invite_id, space_id, reason, ended_at) VALUES (?, ?, ?, ?)',
      ),
      getTombstone: db.prepare<[string], { reason: InviteEndReason; ended_at: number }>(
        'SELECT reason, ended_at FROM invite_tombstones WHERE invite_id = ?',
      ),
      purgeTombstones: db.prepare<[number, number]>(
        'DELETE FROM invite_tombstones WHERE invite_id IN (SELECT invite_id FROM invite_tombstones WHERE ended_at <= ? LIMIT ?)',
      ),
      headSeq: db.prepare<[string, string], { head_seq: number }>('SELECT head_seq FROM documents WHERE space_id = ? AND doc_id = ?'),
      documentCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM documents WHERE space_id = ?'),
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
      insertUpdate: db.prepare<[string, string, number, Buffer, number, Buffer, string]>(
        'INSERT INTO updates (space_id, doc_id, seq, author, clock, envelope, partner_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      listUpdates: db.prepare<[string, string, number], { seq: number; envelope: Buffer }>(
        'SELECT seq, envelope FROM updates WHERE space_id = ? AND doc_id = ? AND seq > ? ORDER BY seq',
      ),
      updateSharesUpTo: db.prepare<[string, string, number], PartnerShares[number]>(
        'SELECT partner_id, SUM(LENGTH(envelope)) AS n FROM updates WHERE space_id = ? AND doc_id = ? AND seq <= ? GROUP BY partner_id',
      ),
      pruneUpdates: db.prepare<[string, string, number]>('DELETE FROM updates WHERE space_id = ? AND doc_id = ? AND seq <= ?'),
      getSnapshot: db.prepare<[string, string], { covers_seq: number; hash: Buffer; envelope: Buffer; partner_id: string }>(
        'SELECT covers_seq, hash, envelope, partner_id FROM snapshots WHERE space_id = ? AND doc_id = ?',
      ),
      snapshotCoversSeq: db.prepare<[string, string], { covers_seq: number }>(
        'SELECT covers_seq FROM snapshots WHERE space_id = ? AND doc_id = ?',
      ),
      upsertSnapshot: db.prepare<[string, string, number, Buffer, Buffer, number, string]>(
        `INSERT INTO snapshots (space_id, doc_id, covers_seq, hash, envelope, created_at, partner_id) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (space_id, doc_id) DO UPDATE SET covers_seq = excluded.covers_seq, hash = excluded.hash,
           envelope = excluded.envelope, created_at = excluded.created_at, partner_id = excluded.partner_id`,
      ),
      docShares: db.prepare<[string, string, string, string], PartnerShares[number]>(
        `SELECT partner_id, SUM(n) AS n FROM (
           SELECT partner_id, LENGTH(envelope) AS n FROM updates WHERE space_id = ? AND doc_id = ?
           UNION ALL SELECT partner_id, LENGTH(envelope) AS n FROM snapshots WHERE space_id = ? AND doc_id = ?
         ) GROUP BY partner_id`,
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
      staleLinks: db.prepare<[number, number, number], { link_id: string; space_id: string; n: number }>(
        `SELECT link_id, space_id, LENGTH(certificate) + COALESCE(LENGTH(request), 0) AS n FROM device_links
         WHERE status <> 'linked' AND expires_at <= ?
         UNION ALL
         SELECT link_id, space_id, LENGTH(certificate) + COALESCE(LENGTH(request), 0) AS n FROM device_links
         WHERE status = 'linked' AND used_at <= ?
         LIMIT ?`,
      ),
      deleteLink: db.prepare<[string]>('DELETE FROM device_links WHERE link_id = ?'),
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
      totals: db.prepare<[], RelayTotals>('SELECT spaces, bytes FROM relay_totals WHERE id = 1'),
      markAbandoned: db.prepare<[number, number, number, number]>(
        `UPDATE spaces SET abandoned_at = ? WHERE space_id IN (
           SELECT space_id FROM spaces s WHERE paired_at IS NULL AND abandoned_at IS NULL AND created_at <= ?
           AND NOT EXISTS (SELECT 1 FROM invites i WHERE i.space_id = s.space_id AND i.expires_at > ?)
           LIMIT ?)`,
      ),
      nextAbandoned: db.prepare<[], { space_id: string }>('SELECT space_id FROM spaces WHERE abandoned_at IS NOT NULL LIMIT 1'),
      updateRowsOf: db.prepare<[string, number], { rowid: number; partner_id: string; n: number }>(
        'SELECT rowid, partner_id, LENGTH(envelope) AS n FROM updates WHERE space_id = ? LIMIT ?',
      ),
      deleteUpdateRow: db.prepare<[number]>('DELETE FROM updates WHERE rowid = ?'),
      // Every table that holds a row of a space, updates excepted (deleted in bounded chunks first).
      deleteSpaceRows: [
        'membership_ops',
        'invites',
        'invite_tombstones',
        'author_clocks',
        'documents',
        'snapshots',
        'device_links',
        'key_wraps',
        'partner_bytes',
        'spaces',
      ].map((table) => db.prepare<[string]>(`DELETE FROM ${table} WHERE space_id = ?`)),
    };
  }

  /** Bytes the space holds, or undefined if it does not exist. */
  #bytes(spaceId: string): number | undefined {
    return this.#statements.spaceBytes.get(spaceId)?.bytes;
  }

  /** Bytes of the space's records (everything that is not a partner's updates or snapshots). */
  #recordBytes(spaceId: string): number {
    return (this.#bytes(spaceId) ?? 0) - (this.#statements.sharesTotal.get(spaceId)?.n ?? 0);
  }

  /** Runs inside a caller's transaction: move the space's bytes, and the partner's share if given. */
  #charge(spaceId: string, delta: number, partnerId?: string): void {
    if (delta === 0) return;
    this.#statements.addBytes.run(delta, spaceId);
    if (partnerId !== undefined) this.#statements.addPartnerBytes.run(spaceId, partnerId, delta);
  }

  /** After a transaction that deleted invite payloads: drop the WAL's old page images of them. */
  #truncateLog(): void {
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
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

  listMembershipOps(spaceId: string, afterSeq = -1): Uint8Array[] | undefined {
    if (!this.hasSpace(spaceId)) return undefined;
    return this.#statements.listOps.all(spaceId, afterSeq).map((row) => bytesOf(row.op));
  }

  // Runs inside a caller's transaction: checks and appends op `seq`.
  #appendOp(spaceId: string, seq: number, op: Uint8Array, quotaBytes: number): MembershipAppendResult {
    if (this.#bytes(spaceId) === undefined) return { status: 'unknown-space' };
    const next = (this.#statements.maxSeq.get(spaceId)?.seq ?? -1) + 1;
    if (seq !== next) return { status: 'head-moved' };
    if (this.#recordBytes(spaceId) + op.byteLength > quotaBytes) return { status: 'quota-exceeded' };
    this.#statements.insertOp.run(spaceId, seq, blob(op));
    this.#charge(spaceId, op.byteLength);
    return { status: 'appended', head: seq };
  }

  appendMembershipOp(spaceId: string, seq: number, op: Uint8Array, quotaBytes: number): MembershipAppendResult {
    return this.#db.transaction(() => this.#appendOp(spaceId, seq, op, quotaBytes))();
  }

  createInvite(invite: StoredInvite, quotaBytes: number): 'created' | 'exists' | 'quota-exceeded' | 'unknown-space' {
    return this.#db.transaction(() => {
      if (this.#bytes(invite.spaceId) === undefined) return 'unknown-space';
      const size = invite.certificate.byteLength + invite.payload.byteLength;
      if (this.#recordBytes(invite.spaceId) + size > quotaBytes) return 'quota-exceeded';
      // An ended invite's id stays taken while its tombstone lasts: its link must keep saying why.
      if (this.#statements.getTombstone.get(invite.inviteId)) return 'exists';
      const { changes } = this.#statements.insertInvite.run(
        invite.inviteId,
        invite.spaceId,
        blob(invite.certificate),
        blob(invite.payload),
        invite.expiresAt,
        invite.createdAt,
      );
      if (changes === 0) return 'exists';
      this.#charge(invite.spaceId, size);
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
    };
  }

  getEndedInvite(inviteId: string): EndedInvite | undefined {
    const row = this.#statements.getTombstone.get(inviteId);
    return row ? { reason: row.reason, endedAt: row.ended_at } : undefined;
  }

  // Runs inside a caller's transaction: the invite row and payload go, a tombstone stays.
  #endInvite(inviteId: string, spaceId: string, size: number, reason: InviteEndReason, now: number): void {
    this.#statements.deleteInvite.run(inviteId);
    this.#statements.insertTombstone.run(inviteId, spaceId, reason, now);
    this.#charge(spaceId, -size);
  }

  redeemInvite(input: RedeemInviteInput): MembershipAppendResult {
    const { inviteId, now } = input;
    const redeem = this.#db.transaction((): MembershipAppendResult => {
      const invite = this.#statements.getInvite.get(inviteId);
      if (!invite) return { status: 'invite-used' };
      const appended = this.#appendOp(invite.space_id, input.seq, input.op, input.quotaBytes);
      if (appended.status !== 'appended') return appended;
      this.#endInvite(inviteId, invite.space_id, invite.certificate.byteLength + invite.payload.byteLength, 'used', now);
      this.#statements.markPaired.run(now, invite.space_id);
      if (input.closeOthers) {
        for (const other of this.#statements.openInvitesOf.all(invite.space_id)) {
          this.#endInvite(other.invite_id, invite.space_id, other.n, 'space-full', now);
        }
      }
      return appended;
    });
    const result = redeem();
    if (result.status === 'appended') this.#truncateLog();
    return result;
  }

  revokeInvites(spaceId: string, now: number): number {
    const revoked = this.#db.transaction((): number => {
      const open = this.#statements.openInvitesOf.all(spaceId);
      for (const invite of open) this.#endInvite(invite.invite_id, spaceId, invite.n, 'revoked', now);
      return open.length;
    })();
    if (revoked > 0) this.#truncateLog();
    return revoked;
  }

  appendUpdate(input: AppendUpdateInput): AppendUpdateResult {
    const { spaceId, docId, partnerId, clock, envelope } = input;
    const author = blob(input.author);
    const append = this.#db.transaction((): AppendUpdateResult => {
      if (this.#bytes(spaceId) === undefined) return { status: 'unknown-space' };
      const last = this.#statements.authorClock.get(spaceId, docId, author)?.clock ?? 0;
      if (clock !== last + 1) {
        // An identical retry (the ack was lost) gets the seq it was given the first time.
        const earlier = clock <= last ? this.#statements.updateByClock.get(spaceId, docId, author, clock) : undefined;
        if (earlier && bytesEqual(bytesOf(earlier.envelope), envelope)) return { status: 'duplicate', seq: earlier.seq };
        return { status: 'clock-conflict', expectedClock: last + 1 };
      }
      const head = this.#statements.headSeq.get(spaceId, docId)?.head_seq;
      if (head === undefined && (this.#statements.documentCount.get(spaceId)?.n ?? 0) >= input.maxDocuments) {
        return { status: 'too-many-documents' };
      }
      const share = this.#statements.partnerBytes.get(spaceId, partnerId)?.bytes ?? 0;
      if (share + envelope.byteLength > input.partnerQuotaBytes) return { status: 'partner-quota-exceeded' };
      const seq = (head ?? 0) + 1;
      this.#statements.insertUpdate.run(spaceId, docId, seq, author, clock, blob(envelope), partnerId);
      this.#statements.upsertHead.run(spaceId, docId, seq);
      this.#statements.upsertClock.run(spaceId, docId, author, clock);
      this.#charge(spaceId, envelope.byteLength, partnerId);
      return { status: 'committed', seq };
    });
    return append();
  }

  /**
   * Group commit (group-commit.ts): every input in one transaction, each through appendUpdate, whose
   * own transaction becomes a SAVEPOINT inside this one, so a throw undoes only that input. One
   * COMMIT, one fsync; a failed COMMIT throws for the whole batch.
   */
  appendUpdates(inputs: readonly AppendUpdateInput[]): Array<AppendUpdateResult | Error> {
    return this.#db.transaction(() =>
      inputs.map((input) => {
        try {
          return this.appendUpdate(input);
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    )();
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

  partnerBytes(spaceId: string, partnerId: string): number {
    return this.#statements.partnerBytes.get(spaceId, partnerId)?.bytes ?? 0;
  }

  membershipHead(spaceId: string): number | undefined {
    return this.membershipTip(spaceId)?.head;
  }

  membershipTip(spaceId: string): MembershipTip | undefined {
    const row = this.#statements.tip.get(spaceId);
    if (!row || row.head === null) return undefined;
    return { head: row.head, createdAt: row.created_at };
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
          bytesEqual(bytesOf(link.request_device), use.device);
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
        this.#charge(spaceId, -freed);
      }
      for (const docId of input.deletedDocs) this.#deleteDocument(spaceId, docId);
      const wrapBytes = input.wraps.reduce((sum, entry) => sum + entry.wrap.byteLength, 0);
      if (this.#recordBytes(spaceId) + wrapBytes > input.quotaBytes) throw new BatchAborted({ status: 'quota-exceeded' });
      for (const entry of input.wraps) {
        this.#statements.insertWrap.run(spaceId, blob(entry.recipient), blob(entry.wrap), now);
      }
      this.#charge(spaceId, wrapBytes);
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

  // Runs inside a caller's transaction: a document and everything stored for it, bytes released to their partners.
  #deleteDocument(spaceId: string, docId: string): void {
    const shares = this.#statements.docShares.all(spaceId, docId, spaceId, docId);
    this.#statements.deleteDocUpdates.run(spaceId, docId);
    this.#statements.deleteDocSnapshot.run(spaceId, docId);
    this.#statements.deleteDocClocks.run(spaceId, docId);
    this.#statements.deleteDocHead.run(spaceId, docId);
    for (const share of shares) this.#charge(spaceId, -share.n, share.partner_id);
  }

  createDeviceLink(link: NewDeviceLink, quotaBytes: number): 'created' | 'exists' | 'quota-exceeded' | 'unknown-space' {
    return this.#db.transaction(() => {
      if (this.#bytes(link.spaceId) === undefined) return 'unknown-space';
      // Links that expired unconsumed can never be used: drop them instead of letting them pile up.
      const expired = this.#statements.expiredLinkBytes.get(link.spaceId, link.createdAt)?.n ?? 0;
      this.#statements.deleteExpiredLinks.run(link.spaceId, link.createdAt);
      this.#charge(link.spaceId, -expired);
      if (this.#recordBytes(link.spaceId) + link.certificate.byteLength > quotaBytes) return 'quota-exceeded';
      const { changes } = this.#statements.insertLink.run(
        link.linkId,
        link.spaceId,
        link.partnerId,
        blob(link.certificate),
        link.expiresAt,
        link.createdAt,
      );
      if (changes === 0) return 'exists';
      this.#charge(link.spaceId, link.certificate.byteLength);
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
        const same = link.status === 'requested' && link.request !== null && bytesEqual(bytesOf(link.request), request);
        return same ? 'already-requested' : 'not-open';
      }
      if (this.#recordBytes(link.space_id) + request.byteLength > quotaBytes) return 'quota-exceeded';
      this.#statements.requestLink.run(blob(request), blob(device), linkId);
      this.#charge(link.space_id, request.byteLength);
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

  readCatchUp(spaceId: string, docId: string, afterSeq: number, maxBytes: number): CatchUpRead {
    return this.#db.transaction(() => readCatchUpFrom(this, spaceId, docId, afterSeq, maxBytes))();
  }

  putSnapshot(input: PutSnapshotInput): PutSnapshotResult {
    const { spaceId, docId, partnerId, coversSeq } = input;
    return this.#db.transaction((): PutSnapshotResult => {
      if (this.#bytes(spaceId) === undefined) return { status: 'unknown-space' };
      const current = this.#statements.getSnapshot.get(spaceId, docId);
      if (current) {
        if (!bytesEqual(bytesOf(current.hash), input.parentHash)) return { status: 'conflict', detail: 'parent is not the current snapshot' };
        if (coversSeq <= current.covers_seq) return { status: 'conflict', detail: `must cover more than seq ${current.covers_seq}` };
      } else if (input.parentHash.byteLength !== 0) {
        return { status: 'conflict', detail: 'the document has no snapshot yet' };
      }
      const head = this.#statements.headSeq.get(spaceId, docId)?.head_seq ?? 0;
      if (coversSeq < 1 || coversSeq > head) return { status: 'conflict', detail: `must cover a seq in 1..${head}` };
      // What each partner gets back: the updates of theirs that are pruned, the snapshot replaced.
      const released = new Map<string, number>();
      for (const share of this.#statements.updateSharesUpTo.all(spaceId, docId, coversSeq)) released.set(share.partner_id, share.n);
      if (current) released.set(current.partner_id, (released.get(current.partner_id) ?? 0) + current.envelope.byteLength);
      const share = this.#statements.partnerBytes.get(spaceId, partnerId)?.bytes ?? 0;
      const after = share + input.envelope.byteLength - (released.get(partnerId) ?? 0);
      // A snapshot that shrinks its author's share is always welcome, even over the quota.
      if (after > share && after > input.partnerQuotaBytes) return { status: 'partner-quota-exceeded' };
      this.#statements.upsertSnapshot.run(spaceId, docId, coversSeq, blob(input.hash), blob(input.envelope), input.now, partnerId);
      // Covered updates go; author_clocks stays, so the clock rule still holds after pruning.
      this.#statements.pruneUpdates.run(spaceId, docId, coversSeq);
      this.#charge(spaceId, input.envelope.byteLength, partnerId);
      for (const [owner, bytes] of released) this.#charge(spaceId, -bytes, owner);
      const prunedBytes = [...released.values()].reduce((sum, bytes) => sum + bytes, 0) - (current?.envelope.byteLength ?? 0);
      return { status: 'stored', prunedBytes };
    })();
  }

  totals(): RelayTotals {
    return this.#statements.totals.get() ?? { spaces: 0, bytes: 0 };
  }

  purgeExpiredInvites(now: number, maxRows: number): number {
    const purged = this.#db.transaction((): number => {
      const expired = this.#statements.expiredInvites.all(now, maxRows);
      for (const invite of expired) this.#endInvite(invite.invite_id, invite.space_id, invite.n, 'expired', now);
      return expired.length;
    })();
    if (purged > 0) this.#truncateLog();
    return purged;
  }

  purgeInviteTombstones(endedBefore: number, maxRows: number): number {
    return this.#statements.purgeTombstones.run(endedBefore, maxRows).changes;
  }

  purgeDeviceLinks(now: number, consumedBefore: number, maxRows: number): number {
    return this.#db.transaction((): number => {
      const stale = this.#statements.staleLinks.all(now, consumedBefore, maxRows);
      for (const link of stale) {
        this.#statements.deleteLink.run(link.link_id);
        this.#charge(link.space_id, -link.n);
      }
      return stale.length;
    })();
  }

  purgeAbandonedSpaces(createdBefore: number, now: number, maxRows: number): number {
    // One transaction per pass (one fsync). Marking first makes a space unknown to every other
    // call, so a joiner arriving between passes cannot find a half-deleted space; a large space
    // is then finished over several bounded passes.
    const deleted = this.#db.transaction((): number => {
      this.#statements.markAbandoned.run(now, createdBefore, now, maxRows);
      let budget = maxRows;
      let finished = 0;
      while (budget > 0) {
        const next = this.#statements.nextAbandoned.get();
        if (!next) break;
        const spaceId = next.space_id;
        const rows = this.#statements.updateRowsOf.all(spaceId, budget);
        for (const row of rows) {
          this.#statements.deleteUpdateRow.run(row.rowid);
          this.#charge(spaceId, -row.n, row.partner_id);
        }
        budget -= rows.length;
        if (budget <= 0) break;
        // The other tables of an unpaired space are small: bounded by its records quota.
        for (const statement of this.#statements.deleteSpaceRows) budget -= statement.run(spaceId).changes;
        finished++;
      }
      return finished;
    })();
    if (deleted > 0) this.#truncateLog();
    return deleted;
  }

  close(): void {
    this.#db.close();
  }
}

/** Open the relay database in `dataDir` (created if missing), with synchronous methods (tools and tests that read it). */
export function openSqliteStorage(dataDir: string): SqliteStorage {
  mkdirSync(dataDir, { recursive: true });
  return new SqliteStorage(join(dataDir, DATABASE_FILE));
}

/**
 * Open the relay database in `dataDir` behind the asynchronous seam the relay uses, with the
 * appends of one event-loop turn committed together (group-commit.ts).
 */
export function openSqliteRelayStorage(dataDir: string, options: GroupCommitOptions = {}): RelayStorage {
  const sqlite = openSqliteStorage(dataDir);
  return groupCommitAppends(resolvedStorage(sqlite), sqlite, options);
}
