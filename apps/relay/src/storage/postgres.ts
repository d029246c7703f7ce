/**
 * PostgreSQL storage adapter: the one source of truth when several relay nodes serve the same
 * spaces. Every method is one transaction at READ COMMITTED that first takes the space's row lock
 * (`SELECT … FROM spaces … FOR UPDATE`), so all writes of one space run one after the other
 * across every node, and each reads the state the previous one committed. A document's next seq
 * is read under that lock, so committed seqs are exactly 1..H in commit order, with no gaps and
 * no two commits sharing one. A method's promise resolves only after COMMIT has returned: an ack
 * built on it promises a stored update. Reads are single statements (one snapshot each), except
 * readCatchUp, whose three parts are one statement and so read one snapshot. Pushes are
 * group-committed: the pushes waiting at the same moment run as ONE statement (schema v2's
 * relay_append_updates, its own transaction, the same row locks and rules), see
 * postgres-append-batch.ts.
 *
 * Why `pg` (node-postgres) and not postgres.js: a transaction here is one connection we check
 * out from BEGIN to COMMIT and give back ourselves, so it is plain which statements share a
 * transaction and whether COMMIT was sent; its Pool reports a connection the server closed
 * (a restart, pg_terminate_backend) as an 'error' event we handle, so a database restart never
 * crashes the node; bigint parsing and timeouts are set per pool. postgres.js is quicker at
 * pipelining, but hides connection lifetime behind its tagged templates.
 *
 * A transaction that fails before COMMIT was sent (its connection was cut, a deadlock, a
 * serialization failure) has certainly rolled back and is run again, a few times (so is a read
 * whose connection was cut); one that
 * fails during COMMIT may or may not have committed, so it is answered with the error (the
 * client retries, and an identical retry of an update gets its first seq back as a duplicate).
 *
 *   const storage = await openPostgresStorage('postgres://relay@db/relay', { onError });
 *   await storage.appendUpdate({ … });
 *   await storage.ready();   // true while the database answers (/healthz)
 *   await storage.close();
 */
import pg from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';
import { bytesEqual, type SequencedEnvelope } from '@securebase/protocol';
import { AppendBatcher, type AppendBatchOptions } from './postgres-append-batch.js';
import { migratePostgres } from './postgres-schema.js';
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
  RelayTotals,
  RequestDeviceLinkResult,
  StoredDeviceLink,
  StoredInvite,
  StoredKeyWrap,
  StoredSnapshot,
} from './types.js';

export { POSTGRES_SCHEMA_VERSION } from './postgres-schema.js';

export interface PostgresStorageOptions extends PostgresTimeouts {
  /** Connections per node; default 16. */
  maxConnections?: number;
  /** Called with errors the pool reports on idle connections (never thrown). */
  onError?: (error: unknown) => void;
  /** After each group commit of pushes: how many it held and how long it took. */
  onBatch?: (size: number, seconds: number) => void;
}

/** Time limits of every connection the adapter opens (defaults below). */
export interface PostgresTimeouts {
  /** A statement the server stops (a write stuck behind a lock); default 10 s. */
  statementTimeoutMs?: number;
  /**
   * A session the server ends while it sits idle inside a transaction (its node paused or stuck),
   * so the locks it holds stop blocking the other nodes' writes to the same space; default 10 s.
   */
  idleInTransactionTimeoutMs?: number;
  /** A query this node gives up on when no answer comes at all (a silent network); default 15 s. */
  queryTimeoutMs?: number;
}

/**
 * The pg connection settings for these time limits. Every limit only turns a hang into an error:
 * nothing is acknowledged unless its COMMIT returned, so the client's retry finds a clean state.
 */
export function postgresSessionSettings(timeouts: PostgresTimeouts = {}): pg.ClientConfig {
  return {
    statement_timeout: timeouts.statementTimeoutMs ?? 10_000,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs ?? 10_000,
    query_timeout: timeouts.queryTimeoutMs ?? 15_000,
  };
}

/** RelayStorage with a readiness check for /healthz. */
export interface PostgresRelayStorage extends RelayStorage {
  /** True if the database answered a query just now. */
  ready(): Promise<boolean>;
}

/** Entries one listUpdates call reads at most (the byte budget usually stops it first). */
const MAX_LIST_ROWS = 1024;

/** Updates after $3 of document ($1, $2), stopping at $4 bytes (at least one). */
const LIST_UPDATES = `SELECT seq, envelope FROM (
   SELECT seq, envelope, SUM(octet_length(envelope)) OVER (ORDER BY seq) AS running, ROW_NUMBER() OVER (ORDER BY seq) AS n
   FROM (SELECT seq, envelope FROM updates WHERE space_id = $1 AND doc_id = $2 AND seq > $3 ORDER BY seq LIMIT ${MAX_LIST_ROWS}) page
 ) budget WHERE n = 1 OR running <= $4 ORDER BY seq`;
/**
 * One catch-up turn ($1 space, $2 document, $3 afterSeq, $4 bytes) in ONE statement: every part of
 * a statement reads the same snapshot, even at READ COMMITTED, so a prune another node commits
 * meanwhile is wholly seen or not at all, in one round trip. Rows: part 0 the snapshot if it
 * covers more than $3, part 1 the budgeted updates after it (or $3), part 2 the head.
 */
const READ_CATCH_UP = `WITH snap AS (
   SELECT covers_seq, hash, envelope FROM snapshots WHERE space_id = $1 AND doc_id = $2 AND covers_seq > $3
 ), page AS (
   SELECT seq, envelope FROM updates
   WHERE space_id = $1 AND doc_id = $2 AND seq > GREATEST($3, COALESCE((SELECT covers_seq FROM snap), 0))
   ORDER BY seq LIMIT ${MAX_LIST_ROWS}
 ), budget AS (
   SELECT seq, envelope, SUM(octet_length(envelope)) OVER (ORDER BY seq) AS running, ROW_NUMBER() OVER (ORDER BY seq) AS n FROM page
 )
 SELECT 0 AS part, covers_seq AS seq, envelope, hash FROM snap
 UNION ALL SELECT 1, seq, envelope, NULL FROM budget WHERE n = 1 OR running <= $4
 UNION ALL SELECT 2, head_seq, NULL, NULL FROM documents WHERE space_id = $1 AND doc_id = $2
 ORDER BY part, seq`;
/** Runs of a transaction that failed before its COMMIT was sent. */
const MAX_ATTEMPTS = 4;

const INT8_OID = 20;
// Seqs, clocks, times and byte counts are BIGINT; every one of them is far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const blob = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const bytesOf = (value: Buffer): Uint8Array => new Uint8Array(value.buffer, value.byteOffset, value.byteLength);

/** SQLSTATEs that mean the transaction rolled back and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '08000', '08003', '08006']);
function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return RETRYABLE.has(code) || code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'EPIPE';
  // node-postgres reports a connection cut mid-query without a SQLSTATE.
  return error instanceof Error && /Connection terminated|connection.*closed/i.test(error.message);
}

/** Rolls back a membership batch from inside its transaction, carrying the answer. */
class BatchAborted extends Error {
  readonly result: MembershipBatchResult;

  constructor(result: MembershipBatchResult) {
    super(`membership batch aborted: ${result.status}`);
    this.name = 'BatchAborted';
    this.result = result;
  }
}

type Query = <R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>;

interface Tx {
  q: Query;
  /** Rows changed by a statement. */
  run(text: string, values?: unknown[]): Promise<number>;
}

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

const linkFromRow = (row: DeviceLinkRow): StoredDeviceLink => ({
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
});

/**
 * One group commit: every push of the batch in ONE statement, which is its own transaction
 * (PostgreSQL commits it before answering). Named, so each connection parses it once.
 */
const APPEND_UPDATES = {
  name: 'relay_append_updates',
  text: `SELECT r.r_status, r.r_seq, r.r_expected
    FROM relay_append_updates($1::text[], $2::text[], $3::text[], $4::bytea[], $5::bigint[], $6::bytea[], $7::bigint[], $8::bigint[])
    WITH ORDINALITY AS r(r_status, r_seq, r_expected, n) ORDER BY r.n`,
};

/** A pool connection with its 'error' listener already on (see #checkout). */
interface CheckedOut {
  client: PoolClient;
  failure: { listener: (error: Error) => void; error: Error | undefined };
}

interface AppendRow {
  r_status: AppendUpdateResult['status'];
  r_seq: number | null;
  r_expected: number | null;
}

function appendResult(row: AppendRow): AppendUpdateResult {
  switch (row.r_status) {
    case 'committed':
    case 'duplicate':
      return { status: row.r_status, seq: Number(row.r_seq) };
    case 'clock-conflict':
      return { status: 'clock-conflict', expectedClock: Number(row.r_expected) };
    default:
      return { status: row.r_status };
  }
}

class PostgresStorage implements PostgresRelayStorage {
  readonly #pool: pg.Pool;
  readonly #appends: AppendBatcher;

  constructor(pool: pg.Pool, batchOptions: AppendBatchOptions = {}) {
    this.#pool = pool;
    // Half the pool at most, so reads and the other writes always find a connection.
    const maxInFlight = Math.max(1, Math.floor(pool.options.max / 2));
    this.#appends = new AppendBatcher((inputs) => this.#appendBatch(inputs), { maxInFlight, ...batchOptions });
  }

  /**
   * Run one group commit. A checkout that fails is tried again (nothing was sent); once the
   * statement is sent, a failure is answered as it is: if the connection was cut, the statement
   * may have committed, so running it again here could only be right by luck.
   */
  async #appendBatch(inputs: readonly AppendUpdateInput[]): Promise<AppendUpdateResult[]> {
    const values = [
      inputs.map((i) => i.spaceId),
      inputs.map((i) => i.docId),
      inputs.map((i) => i.partnerId),
      inputs.map((i) => blob(i.author)),
      inputs.map((i) => i.clock),
      inputs.map((i) => blob(i.envelope)),
      inputs.map((i) => i.partnerQuotaBytes),
      inputs.map((i) => i.maxDocuments),
    ];
    for (let attempt = 1; ; attempt++) {
      let checkedOut: CheckedOut;
      try {
        checkedOut = await this.#checkout();
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        continue;
      }
      const { client, failure } = checkedOut;
      let broken: Error | undefined;
      try {
        const rows = (await client.query<AppendRow>({ ...APPEND_UPDATES, values })).rows;
        return rows.map(appendResult);
      } catch (error) {
        const code = String((error as { code?: unknown }).code ?? '');
        // A deadlock or serialization failure: the server rolled the statement back; run it again.
        if ((code === '40P01' || code === '40001') && attempt < MAX_ATTEMPTS) continue;
        // Those and a refusal of the data (SQLSTATE 22, 23) leave the connection fine; anything else may not.
        if (!/^(2[23]|40)/.test(code)) broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.off('error', failure.listener);
        client.release(broken ?? failure.error);
      }
    }
  }

  /** One read statement; run again if its connection was cut (a read changes nothing). */
  async #read<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.#pool.query<R>(text, values)).rows;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      }
    }
  }

  /** Run `body` as one transaction, READ COMMITTED unless `begin` says otherwise (see the file comment for the retries). */
  async #tx<T>(body: (tx: Tx) => Promise<T>, begin = 'BEGIN ISOLATION LEVEL READ COMMITTED'): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { client, failure } = await this.#checkout();
      let commitSent = false;
      /** Set when the connection must not go back to the pool. */
      let broken: Error | undefined;
      try {
        await client.query(begin);
        const tx: Tx = {
          q: (async (text: string, values?: unknown[]) => (await client.query(text, values)).rows) as Query,
          run: async (text, values) => (await client.query(text, values)).rowCount ?? 0,
        };
        const result = await body(tx);
        commitSent = true;
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (commitSent) {
          // COMMIT failed: whether it committed is unknown, and so is the connection's state.
          broken = error instanceof Error ? error : new Error(String(error));
        } else {
          await client.query('ROLLBACK').catch((rollbackError: unknown) => {
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          });
        }
        if (error instanceof BatchAborted || commitSent || attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      } finally {
        client.off('error', failure.listener);
        // A connection that failed is dropped, not handed to the next transaction.
        client.release(broken ?? failure.error);
      }
    }
  }

  /**
   * Check out a connection with an 'error' listener attached at once. A checked-out connection
   * the server cuts emits 'error' besides failing its query; unheard, that event would crash the
   * node. The listener must be on before any more bytes are read: the server's goodbye can sit in
   * the same chunk that freed this connection, so the callback form is used, not the promise.
   */
  #checkout(): Promise<CheckedOut> {
    return new Promise((resolve, reject) => {
      this.#pool.connect((error, client) => {
        if (error || !client) {
          reject(error ?? new Error('no database connection'));
          return;
        }
        const failure: { listener: (error: Error) => void; error: Error | undefined } = { listener: () => undefined, error: undefined };
        failure.listener = (cut: Error): void => {
          failure.error = cut;
        };
        client.on('error', failure.listener);
        resolve({ client, failure });
      });
    });
  }

  /** Lock the space's row for this transaction; its bytes, or undefined if unknown (or being deleted). */
  async #lockSpace(tx: Tx, spaceId: string): Promise<number | undefined> {
    const [row] = await tx.q<{ bytes: number }>('SELECT bytes FROM spaces WHERE space_id = $1 AND abandoned_at IS NULL FOR UPDATE', [spaceId]);
    return row?.bytes;
  }

  /** Lock several spaces' rows, always in id order (no two transactions wait on each other in a circle). */
  async #lockSpaces(tx: Tx, spaceIds: string[]): Promise<void> {
    if (spaceIds.length === 0) return;
    await tx.q('SELECT 1 FROM spaces WHERE space_id = ANY($1) ORDER BY space_id FOR UPDATE', [[...new Set(spaceIds)].sort()]);
  }

  async #recordBytes(tx: Tx, spaceId: string): Promise<number> {
    const [row] = await tx.q<{ n: number }>(
      `SELECT s.bytes - COALESCE((SELECT SUM(p.bytes) FROM partner_bytes p WHERE p.space_id = s.space_id), 0) AS n
       FROM spaces s WHERE s.space_id = $1`,
      [spaceId],
    );
    return Number(row?.n ?? 0);
  }

  async #charge(tx: Tx, spaceId: string, delta: number, partnerId?: string): Promise<void> {
    if (delta === 0) return;
    await tx.run('UPDATE spaces SET bytes = bytes + $2 WHERE space_id = $1', [spaceId, delta]);
    if (partnerId === undefined) return;
    await tx.run(
      `INSERT INTO partner_bytes (space_id, partner_id, bytes) VALUES ($1, $2, $3)
       ON CONFLICT (space_id, partner_id) DO UPDATE SET bytes = partner_bytes.bytes + excluded.bytes`,
      [spaceId, partnerId, delta],
    );
  }

  async #endInvite(tx: Tx, inviteId: string, spaceId: string, size: number, reason: InviteEndReason, now: number): Promise<void> {
    await tx.run('DELETE FROM invites WHERE invite_id = $1', [inviteId]);
    await tx.run(
      `INSERT INTO invite_tombstones (invite_id, space_id, reason, ended_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (invite_id) DO UPDATE SET space_id = excluded.space_id, reason = excluded.reason, ended_at = excluded.ended_at`,
      [inviteId, spaceId, reason, now],
    );
    await this.#charge(tx, spaceId, -size);
  }

  // Inside a transaction that holds the space's lock: check and append op `seq`.
  async #appendOp(tx: Tx, spaceId: string, seq: number, op: Uint8Array, quotaBytes: number): Promise<MembershipAppendResult> {
    if ((await this.#lockSpace(tx, spaceId)) === undefined) return { status: 'unknown-space' };
    const [row] = await tx.q<{ next: number }>('SELECT COALESCE(MAX(seq), -1) + 1 AS next FROM membership_ops WHERE space_id = $1', [spaceId]);
    if (seq !== row?.next) return { status: 'head-moved' };
    if ((await this.#recordBytes(tx, spaceId)) + op.byteLength > quotaBytes) return { status: 'quota-exceeded' };
    await tx.run('INSERT INTO membership_ops (space_id, seq, op) VALUES ($1, $2, $3)', [spaceId, seq, blob(op)]);
    await this.#charge(tx, spaceId, op.byteLength);
    return { status: 'appended', head: seq };
  }

  createSpace(spaceId: string, genesis: Uint8Array, now: number): Promise<boolean> {
    return this.#tx(async (tx) => {
      const inserted = await tx.run('INSERT INTO spaces (space_id, created_at, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [spaceId, now, genesis.byteLength]);
      if (inserted === 1) await tx.run('INSERT INTO membership_ops (space_id, seq, op) VALUES ($1, 0, $2)', [spaceId, blob(genesis)]);
      return inserted === 1;
    });
  }

  async hasSpace(spaceId: string): Promise<boolean> {
    return (await this.#read('SELECT 1 FROM spaces WHERE space_id = $1 AND abandoned_at IS NULL', [spaceId])).length > 0;
  }

  async listMembershipOps(spaceId: string, afterSeq = -1): Promise<Uint8Array[] | undefined> {
    // One statement: whether the space exists and its ops come from the same snapshot.
    const rows = await this.#read<{ op: Buffer | null }>(
      `SELECT m.op FROM spaces s LEFT JOIN membership_ops m ON m.space_id = s.space_id AND m.seq > $2
       WHERE s.space_id = $1 AND s.abandoned_at IS NULL ORDER BY m.seq`,
      [spaceId, afterSeq],
    );
    if (rows.length === 0) return undefined;
    return rows.flatMap((row) => (row.op ? [bytesOf(row.op)] : []));
  }

  appendMembershipOp(spaceId: string, seq: number, op: Uint8Array, quotaBytes: number): Promise<MembershipAppendResult> {
    return this.#tx((tx) => this.#appendOp(tx, spaceId, seq, op, quotaBytes));
  }

  createInvite(invite: StoredInvite, quotaBytes: number): Promise<'created' | 'exists' | 'quota-exceeded' | 'unknown-space'> {
    return this.#tx(async (tx) => {
      if ((await this.#lockSpace(tx, invite.spaceId)) === undefined) return 'unknown-space';
      const size = invite.certificate.byteLength + invite.payload.byteLength;
      if ((await this.#recordBytes(tx, invite.spaceId)) + size > quotaBytes) return 'quota-exceeded';
      // An ended invite's id stays taken while its tombstone lasts: its link must keep saying why.
      if ((await tx.q('SELECT 1 FROM invite_tombstones WHERE invite_id = $1', [invite.inviteId])).length > 0) return 'exists';
      const inserted = await tx.run(
        `INSERT INTO invites (invite_id, space_id, certificate, payload, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING`,
        [invite.inviteId, invite.spaceId, blob(invite.certificate), blob(invite.payload), invite.expiresAt, invite.createdAt],
      );
      if (inserted === 0) return 'exists';
      await this.#charge(tx, invite.spaceId, size);
      return 'created';
    });
  }

  async getInvite(inviteId: string): Promise<StoredInvite | undefined> {
    const [row] = await this.#read<{ invite_id: string; space_id: string; certificate: Buffer; payload: Buffer; expires_at: number; created_at: number }>(
      'SELECT invite_id, space_id, certificate, payload, expires_at, created_at FROM invites WHERE invite_id = $1',
      [inviteId],
    );
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

  async getEndedInvite(inviteId: string): Promise<EndedInvite | undefined> {
    const [row] = await this.#read<{ reason: InviteEndReason; ended_at: number }>('SELECT reason, ended_at FROM invite_tombstones WHERE invite_id = $1', [inviteId]);
    return row ? { reason: row.reason, endedAt: row.ended_at } : undefined;
  }

  async #openInvitesOf(tx: Tx, spaceId: string): Promise<{ invite_id: string; n: number }[]> {
    return tx.q('SELECT invite_id, octet_length(certificate) + octet_length(payload) AS n FROM invites WHERE space_id = $1', [spaceId]);
  }

  redeemInvite(input: RedeemInviteInput): Promise<MembershipAppendResult> {
    const { inviteId, now } = input;
    return this.#tx(async (tx) => {
      const [found] = await tx.q<{ space_id: string }>('SELECT space_id FROM invites WHERE invite_id = $1', [inviteId]);
      if (!found) return { status: 'invite-used' };
      // Lock first, then look again: another node may have redeemed or revoked it meanwhile.
      if ((await this.#lockSpace(tx, found.space_id)) === undefined) return { status: 'unknown-space' };
      const [invite] = await tx.q<{ space_id: string; n: number }>(
        'SELECT space_id, octet_length(certificate) + octet_length(payload) AS n FROM invites WHERE invite_id = $1',
        [inviteId],
      );
      if (!invite) return { status: 'invite-used' };
      const appended = await this.#appendOp(tx, invite.space_id, input.seq, input.op, input.quotaBytes);
      if (appended.status !== 'appended') return appended;
      await this.#endInvite(tx, inviteId, invite.space_id, invite.n, 'used', now);
      await tx.run('UPDATE spaces SET paired_at = COALESCE(paired_at, $1) WHERE space_id = $2', [now, invite.space_id]);
      if (input.closeOthers) {
        for (const other of await this.#openInvitesOf(tx, invite.space_id)) await this.#endInvite(tx, other.invite_id, invite.space_id, other.n, 'space-full', now);
      }
      return appended;
    });
  }

  revokeInvites(spaceId: string, now: number): Promise<number> {
    return this.#tx(async (tx) => {
      await this.#lockSpaces(tx, [spaceId]);
      const open = await this.#openInvitesOf(tx, spaceId);
      for (const invite of open) await this.#endInvite(tx, invite.invite_id, spaceId, invite.n, 'revoked', now);
      return open.length;
    });
  }

  /** Group-committed with the other pushes waiting now (postgres-append-batch.ts, schema v2's relay_append_updates). */
  appendUpdate(input: AppendUpdateInput): Promise<AppendUpdateResult> {
    return this.#appends.append(input);
  }

  async listUpdates(spaceId: string, docId: string, afterSeq: number, maxBytes: number): Promise<SequencedEnvelope[]> {
    // The byte budget is counted in the database, so envelopes past it are never sent over.
    const rows = await this.#read<{ seq: number; envelope: Buffer }>(LIST_UPDATES, [spaceId, docId, afterSeq, maxBytes]);
    return rows.map((row) => ({ seq: row.seq, envelope: bytesOf(row.envelope) }));
  }

  async readCatchUp(spaceId: string, docId: string, afterSeq: number, maxBytes: number): Promise<CatchUpRead> {
    const rows = await this.#read<{ part: number; seq: number; envelope: Buffer | null; hash: Buffer | null }>(READ_CATCH_UP, [spaceId, docId, afterSeq, maxBytes]);
    const read: CatchUpRead = { snapshot: undefined, updates: [], headSeq: 0 };
    for (const row of rows) {
      if (row.part === 0 && row.envelope && row.hash) read.snapshot = { coversSeq: row.seq, hash: bytesOf(row.hash), envelope: bytesOf(row.envelope) };
      else if (row.part === 1 && row.envelope) read.updates.push({ seq: row.seq, envelope: bytesOf(row.envelope) });
      else if (row.part === 2) read.headSeq = row.seq;
    }
    return read;
  }

  async headSeq(spaceId: string, docId: string): Promise<number> {
    const [row] = await this.#read<{ head_seq: number }>('SELECT head_seq FROM documents WHERE space_id = $1 AND doc_id = $2', [spaceId, docId]);
    return row?.head_seq ?? 0;
  }

  async spaceBytes(spaceId: string): Promise<number> {
    const [row] = await this.#read<{ bytes: number }>('SELECT bytes FROM spaces WHERE space_id = $1 AND abandoned_at IS NULL', [spaceId]);
    return row?.bytes ?? 0;
  }

  async partnerBytes(spaceId: string, partnerId: string): Promise<number> {
    const [row] = await this.#read<{ bytes: number }>('SELECT bytes FROM partner_bytes WHERE space_id = $1 AND partner_id = $2', [spaceId, partnerId]);
    return row?.bytes ?? 0;
  }

  async membershipHead(spaceId: string): Promise<number | undefined> {
    return (await this.membershipTip(spaceId))?.head;
  }

  async membershipTip(spaceId: string): Promise<MembershipTip | undefined> {
    const [row] = await this.#read<{ created_at: number; head: number | null }>(
      `SELECT created_at, (SELECT MAX(seq) FROM membership_ops m WHERE m.space_id = s.space_id) AS head
       FROM spaces s WHERE space_id = $1 AND abandoned_at IS NULL`,
      [spaceId],
    );
    if (!row || row.head === null) return undefined;
    return { head: row.head, createdAt: row.created_at };
  }

  async appendMembershipBatch(input: MembershipBatchInput): Promise<MembershipBatchResult> {
    const { spaceId, now } = input;
    try {
      return await this.#tx(async (tx): Promise<MembershipBatchResult> => {
        // The lock first: the links checked below cannot change before this commits.
        await this.#lockSpaces(tx, [spaceId]);
        for (const use of input.linksUsed) {
          const [link] = await tx.q<DeviceLinkRow>('SELECT * FROM device_links WHERE link_id = $1', [use.linkId]);
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
          const appended = await this.#appendOp(tx, spaceId, input.firstSeq + index, op, input.quotaBytes);
          if (appended.status !== 'appended') throw new BatchAborted(appended);
          head = appended.head;
        }
        for (const use of input.linksUsed) await tx.run("UPDATE device_links SET status = 'linked', used_at = $1 WHERE link_id = $2", [now, use.linkId]);
        for (const device of input.revokedDevices) {
          const [freed] = await tx.q<{ n: number }>(
            'WITH gone AS (DELETE FROM key_wraps WHERE space_id = $1 AND recipient = $2 RETURNING octet_length(wrap) AS n) SELECT COALESCE(SUM(n), 0) AS n FROM gone',
            [spaceId, blob(device)],
          );
          await this.#charge(tx, spaceId, -Number(freed?.n ?? 0));
        }
        for (const docId of input.deletedDocs) await this.#deleteDocument(tx, spaceId, docId);
        const wrapBytes = input.wraps.reduce((sum, entry) => sum + entry.wrap.byteLength, 0);
        if ((await this.#recordBytes(tx, spaceId)) + wrapBytes > input.quotaBytes) throw new BatchAborted({ status: 'quota-exceeded' });
        for (const entry of input.wraps) {
          await tx.run('INSERT INTO key_wraps (space_id, recipient, wrap, created_at) VALUES ($1, $2, $3, $4)', [spaceId, blob(entry.recipient), blob(entry.wrap), now]);
        }
        await this.#charge(tx, spaceId, wrapBytes);
        return { status: 'appended', head };
      });
    } catch (error) {
      // Thrown only to roll back the ops already appended; it carries the answer.
      if (error instanceof BatchAborted) return error.result;
      throw error;
    }
  }

  // Inside a transaction: a document and everything stored for it, bytes released to their partners.
  async #deleteDocument(tx: Tx, spaceId: string, docId: string): Promise<void> {
    const shares = await tx.q<{ partner_id: string; n: number }>(
      `SELECT partner_id, SUM(n) AS n FROM (
         SELECT partner_id, octet_length(envelope) AS n FROM updates WHERE space_id = $1 AND doc_id = $2
         UNION ALL SELECT partner_id, octet_length(envelope) AS n FROM snapshots WHERE space_id = $1 AND doc_id = $2
       ) shares GROUP BY partner_id`,
      [spaceId, docId],
    );
    for (const table of ['updates', 'snapshots', 'author_clocks', 'documents']) {
      await tx.run(`DELETE FROM ${table} WHERE space_id = $1 AND doc_id = $2`, [spaceId, docId]);
    }
    for (const share of shares) await this.#charge(tx, spaceId, -Number(share.n), share.partner_id);
  }

  createDeviceLink(link: NewDeviceLink, quotaBytes: number): Promise<'created' | 'exists' | 'quota-exceeded' | 'unknown-space'> {
    return this.#tx(async (tx) => {
      if ((await this.#lockSpace(tx, link.spaceId)) === undefined) return 'unknown-space';
      // Links that expired unconsumed can never be used: drop them instead of letting them pile up.
      const [expired] = await tx.q<{ n: number }>(
        `WITH gone AS (DELETE FROM device_links WHERE space_id = $1 AND expires_at <= $2 AND status <> 'linked'
                       RETURNING octet_length(certificate) + COALESCE(octet_length(request), 0) AS n)
         SELECT COALESCE(SUM(n), 0) AS n FROM gone`,
        [link.spaceId, link.createdAt],
      );
      await this.#charge(tx, link.spaceId, -Number(expired?.n ?? 0));
      if ((await this.#recordBytes(tx, link.spaceId)) + link.certificate.byteLength > quotaBytes) return 'quota-exceeded';
      const inserted = await tx.run(
        `INSERT INTO device_links (link_id, space_id, partner_id, certificate, expires_at, created_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, 'open') ON CONFLICT DO NOTHING`,
        [link.linkId, link.spaceId, link.partnerId, blob(link.certificate), link.expiresAt, link.createdAt],
      );
      if (inserted === 0) return 'exists';
      await this.#charge(tx, link.spaceId, link.certificate.byteLength);
      return 'created';
    });
  }

  async getDeviceLink(linkId: string): Promise<StoredDeviceLink | undefined> {
    const [row] = await this.#read<DeviceLinkRow>('SELECT * FROM device_links WHERE link_id = $1', [linkId]);
    return row ? linkFromRow(row) : undefined;
  }

  requestDeviceLink(linkId: string, request: Uint8Array, device: Uint8Array, quotaBytes: number): Promise<RequestDeviceLinkResult> {
    return this.#tx(async (tx): Promise<RequestDeviceLinkResult> => {
      const [found] = await tx.q<{ space_id: string }>('SELECT space_id FROM device_links WHERE link_id = $1', [linkId]);
      if (!found) return 'not-open';
      await this.#lockSpaces(tx, [found.space_id]);
      const [link] = await tx.q<DeviceLinkRow>('SELECT * FROM device_links WHERE link_id = $1', [linkId]);
      if (!link) return 'not-open';
      if (link.status !== 'open') {
        // The new device retrying after a lost response gets the same answer again.
        const same = link.status === 'requested' && link.request !== null && bytesEqual(bytesOf(link.request), request);
        return same ? 'already-requested' : 'not-open';
      }
      if ((await this.#recordBytes(tx, link.space_id)) + request.byteLength > quotaBytes) return 'quota-exceeded';
      await tx.run("UPDATE device_links SET status = 'requested', request = $1, request_device = $2 WHERE link_id = $3", [blob(request), blob(device), linkId]);
      await this.#charge(tx, link.space_id, request.byteLength);
      return 'requested';
    });
  }

  async listKeyWraps(spaceId: string, recipient: Uint8Array, afterId: number): Promise<StoredKeyWrap[]> {
    const rows = await this.#read<{ id: number; wrap: Buffer }>(
      'SELECT id, wrap FROM key_wraps WHERE space_id = $1 AND recipient = $2 AND id > $3 ORDER BY id',
      [spaceId, blob(recipient), afterId],
    );
    return rows.map((row) => ({ id: row.id, wrap: bytesOf(row.wrap) }));
  }

  async snapshotCoversSeq(spaceId: string, docId: string): Promise<number> {
    const [row] = await this.#read<{ covers_seq: number }>('SELECT covers_seq FROM snapshots WHERE space_id = $1 AND doc_id = $2', [spaceId, docId]);
    return row?.covers_seq ?? 0;
  }

  async getSnapshot(spaceId: string, docId: string): Promise<StoredSnapshot | undefined> {
    const [row] = await this.#read<{ covers_seq: number; hash: Buffer; envelope: Buffer }>(
      'SELECT covers_seq, hash, envelope FROM snapshots WHERE space_id = $1 AND doc_id = $2',
      [spaceId, docId],
    );
    return row ? { coversSeq: row.covers_seq, hash: bytesOf(row.hash), envelope: bytesOf(row.envelope) } : undefined;
  }

  putSnapshot(input: PutSnapshotInput): Promise<PutSnapshotResult> {
    const { spaceId, docId, partnerId, coversSeq } = input;
    return this.#tx(async (tx): Promise<PutSnapshotResult> => {
      if ((await this.#lockSpace(tx, spaceId)) === undefined) return { status: 'unknown-space' };
      const [current] = await tx.q<{ covers_seq: number; hash: Buffer; n: number; partner_id: string }>(
        'SELECT covers_seq, hash, octet_length(envelope) AS n, partner_id FROM snapshots WHERE space_id = $1 AND doc_id = $2',
        [spaceId, docId],
      );
      if (current) {
        if (!bytesEqual(bytesOf(current.hash), input.parentHash)) return { status: 'conflict', detail: 'parent is not the current snapshot' };
        if (coversSeq <= current.covers_seq) return { status: 'conflict', detail: `must cover more than seq ${current.covers_seq}` };
      } else if (input.parentHash.byteLength !== 0) {
        return { status: 'conflict', detail: 'the document has no snapshot yet' };
      }
      const [doc] = await tx.q<{ head_seq: number }>('SELECT head_seq FROM documents WHERE space_id = $1 AND doc_id = $2', [spaceId, docId]);
      const head = doc?.head_seq ?? 0;
      if (coversSeq < 1 || coversSeq > head) return { status: 'conflict', detail: `must cover a seq in 1..${head}` };
      // What each partner gets back: the updates of theirs that are pruned, the snapshot replaced.
      const released = new Map<string, number>();
      const shares = await tx.q<{ partner_id: string; n: number }>(
        'SELECT partner_id, SUM(octet_length(envelope)) AS n FROM updates WHERE space_id = $1 AND doc_id = $2 AND seq <= $3 GROUP BY partner_id',
        [spaceId, docId, coversSeq],
      );
      for (const share of shares) released.set(share.partner_id, Number(share.n));
      if (current) released.set(current.partner_id, (released.get(current.partner_id) ?? 0) + current.n);
      const [own] = await tx.q<{ bytes: number }>('SELECT bytes FROM partner_bytes WHERE space_id = $1 AND partner_id = $2', [spaceId, partnerId]);
      const share = own?.bytes ?? 0;
      const after = share + input.envelope.byteLength - (released.get(partnerId) ?? 0);
      // A snapshot that shrinks its author's share is always welcome, even over the quota.
      if (after > share && after > input.partnerQuotaBytes) return { status: 'partner-quota-exceeded' };
      await tx.run(
        `INSERT INTO snapshots (space_id, doc_id, covers_seq, hash, envelope, created_at, partner_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (space_id, doc_id) DO UPDATE SET covers_seq = excluded.covers_seq, hash = excluded.hash,
           envelope = excluded.envelope, created_at = excluded.created_at, partner_id = excluded.partner_id`,
        [spaceId, docId, coversSeq, blob(input.hash), blob(input.envelope), input.now, partnerId],
      );
      // Covered updates go; author_clocks stays, so the clock rule still holds after pruning.
      await tx.run('DELETE FROM updates WHERE space_id = $1 AND doc_id = $2 AND seq <= $3', [spaceId, docId, coversSeq]);
      await this.#charge(tx, spaceId, input.envelope.byteLength, partnerId);
      for (const [owner, bytes] of released) await this.#charge(tx, spaceId, -bytes, owner);
      const prunedBytes = [...released.values()].reduce((sum, bytes) => sum + bytes, 0) - (current?.n ?? 0);
      return { status: 'stored', prunedBytes };
    });
  }

  async totals(): Promise<RelayTotals> {
    const [row] = await this.#read<{ spaces: number; bytes: number }>('SELECT COALESCE(SUM(spaces), 0) AS spaces, COALESCE(SUM(bytes), 0) AS bytes FROM relay_totals');
    return { spaces: Number(row?.spaces ?? 0), bytes: Number(row?.bytes ?? 0) };
  }

  purgeExpiredInvites(now: number, maxRows: number): Promise<number> {
    return this.#tx(async (tx) => {
      const candidates = await tx.q<{ space_id: string }>('SELECT DISTINCT space_id FROM (SELECT space_id FROM invites WHERE expires_at <= $1 LIMIT $2) due', [now, maxRows]);
      await this.#lockSpaces(tx, candidates.map((row) => row.space_id));
      const expired = await tx.q<{ invite_id: string; space_id: string; n: number }>(
        `SELECT invite_id, space_id, octet_length(certificate) + octet_length(payload) AS n FROM invites
         WHERE expires_at <= $1 AND space_id = ANY($3) LIMIT $2`,
        [now, maxRows, candidates.map((row) => row.space_id)],
      );
      for (const invite of expired) await this.#endInvite(tx, invite.invite_id, invite.space_id, invite.n, 'expired', now);
      return expired.length;
    });
  }

  purgeInviteTombstones(endedBefore: number, maxRows: number): Promise<number> {
    return this.#tx((tx) =>
      tx.run('DELETE FROM invite_tombstones WHERE invite_id IN (SELECT invite_id FROM invite_tombstones WHERE ended_at <= $1 LIMIT $2)', [endedBefore, maxRows]),
    );
  }

  purgeDeviceLinks(now: number, consumedBefore: number, maxRows: number): Promise<number> {
    return this.#tx(async (tx) => {
      const staleQuery = `SELECT link_id, space_id, octet_length(certificate) + COALESCE(octet_length(request), 0) AS n FROM (
           (SELECT * FROM device_links WHERE status <> 'linked' AND expires_at <= $1)
           UNION ALL (SELECT * FROM device_links WHERE status = 'linked' AND used_at <= $2)
         ) stale LIMIT $3`;
      const candidates = await tx.q<{ space_id: string }>(staleQuery, [now, consumedBefore, maxRows]);
      await this.#lockSpaces(tx, candidates.map((row) => row.space_id));
      const stale = await tx.q<{ link_id: string; space_id: string; n: number }>(staleQuery, [now, consumedBefore, maxRows]);
      for (const link of stale) {
        await tx.run('DELETE FROM device_links WHERE link_id = $1', [link.link_id]);
        await this.#charge(tx, link.space_id, -link.n);
      }
      return stale.length;
    });
  }

  purgeAbandonedSpaces(createdBefore: number, now: number, maxRows: number): Promise<number> {
    // One transaction per pass. Marking first makes a space unknown to every other call (and
    // node), so a joiner arriving between passes cannot find a half-deleted space; a large space
    // is then finished over several bounded passes. SKIP LOCKED: a space busy elsewhere waits.
    return this.#tx(async (tx) => {
      await tx.run(
        `UPDATE spaces SET abandoned_at = $1 WHERE space_id IN (
           SELECT space_id FROM spaces s WHERE paired_at IS NULL AND abandoned_at IS NULL AND created_at <= $2
           AND NOT EXISTS (SELECT 1 FROM invites i WHERE i.space_id = s.space_id AND i.expires_at > $1)
           ORDER BY space_id LIMIT $3 FOR UPDATE SKIP LOCKED)`,
        [now, createdBefore, maxRows],
      );
      let budget = maxRows;
      let finished = 0;
      while (budget > 0) {
        const [next] = await tx.q<{ space_id: string }>('SELECT space_id FROM spaces WHERE abandoned_at IS NOT NULL ORDER BY space_id LIMIT 1 FOR UPDATE SKIP LOCKED');
        if (!next) break;
        const spaceId = next.space_id;
        const gone = await tx.q<{ partner_id: string; n: number; rows: number }>(
          `WITH gone AS (DELETE FROM updates WHERE ctid IN (SELECT ctid FROM updates WHERE space_id = $1 LIMIT $2)
                         RETURNING partner_id, octet_length(envelope) AS n)
           SELECT partner_id, SUM(n) AS n, COUNT(*) AS rows FROM gone GROUP BY partner_id`,
          [spaceId, budget],
        );
        for (const share of gone) await this.#charge(tx, spaceId, -Number(share.n), share.partner_id);
        budget -= gone.reduce((sum, share) => sum + Number(share.rows), 0);
        if (budget <= 0) break;
        // The other tables of an unpaired space are small: bounded by its records quota.
        for (const table of ['membership_ops', 'invites', 'invite_tombstones', 'author_clocks', 'documents', 'snapshots', 'device_links', 'key_wraps', 'partner_bytes', 'spaces']) {
          budget -= await tx.run(`DELETE FROM ${table} WHERE space_id = $1`, [spaceId]);
        }
        finished++;
      }
      return finished;
    });
  }

  async ready(): Promise<boolean> {
    try {
      await this.#pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** Connect to PostgreSQL at `url`, migrate the schema, and return the storage. */
export async function openPostgresStorage(url: string, options: PostgresStorageOptions = {}): Promise<PostgresRelayStorage> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 16,
    types,
    // A dead server must not hold a request forever: fail the checkout, the client retries.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    ...postgresSessionSettings(options),
  });
  // An idle connection the server closed (a restart, pg_terminate_backend) is reported here; the
  // pool drops it and opens a new one when needed. Without this handler it would crash the node.
  pool.on('error', (error) => options.onError?.(error));
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStorage(pool, { onBatch: options.onBatch });
}
