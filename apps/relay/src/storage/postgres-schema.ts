/**
 * The relay's PostgreSQL schema as numbered migrations, recorded in `relay_schema`. Opening the
 * storage runs the missing ones in one transaction under an advisory lock, so several relay
 * nodes starting at once migrate exactly once and none of them sees a half-made schema.
 *
 *   await migratePostgres(pool); // fresh database → v2; v1 → v2; v2 → nothing
 *
 * The tables mirror the SQLite schema (schema.ts, v3) with one difference: relay-wide totals are
 * kept in 16 shard rows instead of one, because every write changes a space's bytes, and one
 * totals row would make every write of every space on every node wait for every other. A space
 * always lands on the same shard, and writes of one space already wait on its row lock.
 */
import type { Pool, PoolClient } from 'pg';

/** Shards of relay_totals (see above). */
export const TOTALS_SHARDS = 16;
/** Shard rows from v2 on: the first TOTALS_SHARDS follow spaces, all take group commits' bytes (see v2). */
export const BATCH_SHARDS = 64;

export const POSTGRES_V1 = `
CREATE TABLE spaces (
  space_id TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  bytes BIGINT NOT NULL DEFAULT 0,
  paired_at BIGINT,
  abandoned_at BIGINT
);
CREATE INDEX spaces_unpaired ON spaces (created_at) WHERE paired_at IS NULL;
CREATE TABLE membership_ops (
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  seq INTEGER NOT NULL,
  op BYTEA NOT NULL,
  PRIMARY KEY (space_id, seq)
);
CREATE TABLE invites (
  invite_id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  certificate BYTEA NOT NULL,
  payload BYTEA NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX invites_by_expiry ON invites (expires_at);
CREATE INDEX invites_by_space ON invites (space_id);
CREATE TABLE invite_tombstones (
  invite_id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  reason TEXT NOT NULL CHECK (reason IN ('used', 'revoked', 'space-full', 'expired')),
  ended_at BIGINT NOT NULL
);
CREATE INDEX invite_tombstones_by_time ON invite_tombstones (ended_at);
CREATE INDEX invite_tombstones_by_space ON invite_tombstones (space_id);
CREATE TABLE documents (
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  doc_id TEXT NOT NULL,
  head_seq BIGINT NOT NULL,
  PRIMARY KEY (space_id, doc_id)
);
CREATE TABLE author_clocks (
  space_id TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  author BYTEA NOT NULL,
  clock BIGINT NOT NULL,
  PRIMARY KEY (space_id, doc_id, author)
);
CREATE TABLE updates (
  space_id TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  author BYTEA NOT NULL,
  clock BIGINT NOT NULL,
  envelope BYTEA NOT NULL,
  partner_id TEXT NOT NULL,
  PRIMARY KEY (space_id, doc_id, seq)
);
CREATE UNIQUE INDEX updates_by_author_clock ON updates (space_id, doc_id, author, clock);
CREATE TABLE partner_bytes (
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  partner_id TEXT NOT NULL,
  bytes BIGINT NOT NULL,
  PRIMARY KEY (space_id, partner_id)
);
CREATE TABLE snapshots (
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  doc_id TEXT NOT NULL,
  covers_seq BIGINT NOT NULL,
  hash BYTEA NOT NULL,
  envelope BYTEA NOT NULL,
  created_at BIGINT NOT NULL,
  partner_id TEXT NOT NULL,
  PRIMARY KEY (space_id, doc_id)
);
CREATE TABLE device_links (
  link_id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  partner_id TEXT NOT NULL,
  certificate BYTEA NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'requested', 'linked')),
  request BYTEA,
  request_device BYTEA,
  used_at BIGINT
);
CREATE INDEX device_links_by_space ON device_links (space_id, expires_at);
CREATE INDEX device_links_by_expiry ON device_links (expires_at);
CREATE INDEX device_links_by_use ON device_links (used_at) WHERE used_at IS NOT NULL;
CREATE TABLE key_wraps (
  id BIGSERIAL PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  recipient BYTEA NOT NULL,
  wrap BYTEA NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX key_wraps_by_recipient ON key_wraps (space_id, recipient, id);

CREATE TABLE relay_totals (
  shard INTEGER PRIMARY KEY,
  spaces BIGINT NOT NULL DEFAULT 0,
  bytes BIGINT NOT NULL DEFAULT 0
);
INSERT INTO relay_totals (shard) SELECT generate_series(0, ${TOTALS_SHARDS - 1});
-- hashtext & 15, not abs(hashtext) % 16: abs() of the smallest integer overflows.
CREATE FUNCTION relay_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE relay_totals SET spaces = spaces + 1, bytes = bytes + NEW.bytes WHERE shard = hashtext(NEW.space_id) & ${TOTALS_SHARDS - 1};
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE relay_totals SET spaces = spaces - 1, bytes = bytes - OLD.bytes WHERE shard = hashtext(OLD.space_id) & ${TOTALS_SHARDS - 1};
  ELSIF NEW.bytes <> OLD.bytes THEN
    UPDATE relay_totals SET bytes = bytes + NEW.bytes - OLD.bytes WHERE shard = hashtext(NEW.space_id) & ${TOTALS_SHARDS - 1};
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER spaces_totals AFTER INSERT OR DELETE OR UPDATE OF bytes ON spaces
  FOR EACH ROW EXECUTE FUNCTION relay_totals_follow();
`;

/**
 * v2: group commit. `relay_append_updates` runs a whole batch of pushes in one statement, in the
 * order given, each under the same rules appendUpdate had (clock last + 1, an identical retry gets
 * its first seq, the document and partner quotas), so a batch costs one round trip and one COMMIT
 * however many pushes it holds. It locks every space of the batch first, in id order, so two
 * batches never wait on each other in a circle. A partner's share moves per push (the next push
 * of the same partner in the batch must see it), each space's bytes once per batch.
 *
 * The relay-wide byte total is a sum over shard rows, and a shard row is locked until COMMIT. Per
 * space (v1's trigger) a batch of many spaces would lock most shards, and every batch on every
 * node would wait for the others. So the batch tells the trigger to leave its updates alone
 * (`securebase.batch`, set for this transaction only) and adds its whole delta to ONE shard row
 * picked by its connection: any row will do, since only the sum means anything, and batches on
 * different connections rarely pick the same one. v2 adds rows up to BATCH_SHARDS for that.
 * Outputs are r_-prefixed: plain names would shadow columns.
 */
export const POSTGRES_V2 = `
INSERT INTO relay_totals (shard) SELECT generate_series(${TOTALS_SHARDS}, ${BATCH_SHARDS - 1});
CREATE OR REPLACE FUNCTION relay_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE relay_totals SET spaces = spaces + 1, bytes = bytes + NEW.bytes WHERE shard = hashtext(NEW.space_id) & ${TOTALS_SHARDS - 1};
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE relay_totals SET spaces = spaces - 1, bytes = bytes - OLD.bytes WHERE shard = hashtext(OLD.space_id) & ${TOTALS_SHARDS - 1};
  ELSIF NEW.bytes <> OLD.bytes AND COALESCE(current_setting('securebase.batch', true), '') <> 'on' THEN
    UPDATE relay_totals SET bytes = bytes + NEW.bytes - OLD.bytes WHERE shard = hashtext(NEW.space_id) & ${TOTALS_SHARDS - 1};
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION relay_append_updates(
  space_ids TEXT[], doc_ids TEXT[], partner_ids TEXT[], authors BYTEA[], clocks BIGINT[],
  envelopes BYTEA[], quotas BIGINT[], max_documents BIGINT[]
) RETURNS TABLE (r_status TEXT, r_seq BIGINT, r_expected BIGINT) LANGUAGE plpgsql AS $$
DECLARE
  live TEXT[];
  last_clock BIGINT;
  head BIGINT;
  share BIGINT;
  earlier_seq BIGINT;
  earlier_envelope BYTEA;
  size BIGINT;
  charged_spaces TEXT[] := '{}';
  charged_bytes BIGINT[] := '{}';
BEGIN
  SELECT COALESCE(array_agg(locked.space_id), '{}') INTO live FROM (
    SELECT s.space_id FROM spaces s WHERE s.space_id = ANY(space_ids) AND s.abandoned_at IS NULL ORDER BY s.space_id FOR UPDATE
  ) locked;
  FOR k IN 1 .. COALESCE(array_length(space_ids, 1), 0) LOOP
    r_status := NULL; r_seq := NULL; r_expected := NULL;
    IF NOT (space_ids[k] = ANY(live)) THEN
      r_status := 'unknown-space'; RETURN NEXT; CONTINUE;
    END IF;
    SELECT c.clock INTO last_clock FROM author_clocks c
      WHERE c.space_id = space_ids[k] AND c.doc_id = doc_ids[k] AND c.author = authors[k];
    last_clock := COALESCE(last_clock, 0);
    IF clocks[k] <> last_clock + 1 THEN
      IF clocks[k] <= last_clock THEN
        SELECT u.seq, u.envelope INTO earlier_seq, earlier_envelope FROM updates u
          WHERE u.space_id = space_ids[k] AND u.doc_id = doc_ids[k] AND u.author = authors[k] AND u.clock = clocks[k];
        IF FOUND AND earlier_envelope = envelopes[k] THEN
          r_status := 'duplicate'; r_seq := earlier_seq; RETURN NEXT; CONTINUE;
        END IF;
      END IF;
      r_status := 'clock-conflict'; r_expected := last_clock + 1; RETURN NEXT; CONTINUE;
    END IF;
    SELECT d.head_seq INTO head FROM documents d WHERE d.space_id = space_ids[k] AND d.doc_id = doc_ids[k];
    IF head IS NULL AND (SELECT COUNT(*) FROM documents d WHERE d.space_id = space_ids[k]) >= max_documents[k] THEN
      r_status := 'too-many-documents'; RETURN NEXT; CONTINUE;
    END IF;
    size := octet_length(envelopes[k]);
    SELECT p.bytes INTO share FROM partner_bytes p WHERE p.space_id = space_ids[k] AND p.partner_id = partner_ids[k];
    IF COALESCE(share, 0) + size > quotas[k] THEN
      r_status := 'partner-quota-exceeded'; RETURN NEXT; CONTINUE;
    END IF;
    r_seq := COALESCE(head, 0) + 1;
    INSERT INTO updates (space_id, doc_id, seq, author, clock, envelope, partner_id)
      VALUES (space_ids[k], doc_ids[k], r_seq, authors[k], clocks[k], envelopes[k], partner_ids[k]);
    INSERT INTO documents (space_id, doc_id, head_seq) VALUES (space_ids[k], doc_ids[k], r_seq)
      ON CONFLICT (space_id, doc_id) DO UPDATE SET head_seq = excluded.head_seq;
    INSERT INTO author_clocks (space_id, doc_id, author, clock) VALUES (space_ids[k], doc_ids[k], authors[k], clocks[k])
      ON CONFLICT (space_id, doc_id, author) DO UPDATE SET clock = excluded.clock;
    INSERT INTO partner_bytes (space_id, partner_id, bytes) VALUES (space_ids[k], partner_ids[k], size)
      ON CONFLICT (space_id, partner_id) DO UPDATE SET bytes = partner_bytes.bytes + excluded.bytes;
    charged_spaces := charged_spaces || space_ids[k];
    charged_bytes := charged_bytes || size;
    r_status := 'committed'; RETURN NEXT;
  END LOOP;
  IF array_length(charged_spaces, 1) IS NULL THEN RETURN; END IF;
  -- The spaces' rows are this batch's already (locked above); the total goes to one shard (see above).
  PERFORM set_config('securebase.batch', 'on', true);
  UPDATE spaces s SET bytes = s.bytes + charged.total
    FROM (SELECT t.space_id, SUM(t.size) AS total FROM unnest(charged_spaces, charged_bytes) AS t(space_id, size) GROUP BY t.space_id) charged
    WHERE s.space_id = charged.space_id;
  PERFORM set_config('securebase.batch', 'off', true);
  UPDATE relay_totals SET bytes = bytes + (SELECT SUM(b) FROM unnest(charged_bytes) AS b)
    WHERE shard = pg_backend_pid() % ${BATCH_SHARDS};
END $$;
`;

/** Migration n (1-based) brings the schema from version n - 1 to n. */
export const POSTGRES_MIGRATIONS: readonly string[] = [POSTGRES_V1, POSTGRES_V2];

/** The schema version this relay writes. */
export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.length;

// Any fixed number: every relay node takes the same lock before it migrates.
const MIGRATION_LOCK = 0x5ecb_a5e;

/** Run the migrations the database has not had yet; throws for a schema newer than this relay. */
export async function migratePostgres(pool: Pool): Promise<number> {
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS relay_schema (version INTEGER NOT NULL)');
    const row = (await client.query<{ version: number }>('SELECT version FROM relay_schema')).rows[0];
    const version = row?.version ?? 0;
    if (version > POSTGRES_SCHEMA_VERSION) {
      throw new Error(`relay database schema version ${version} is not supported (this relay knows up to ${POSTGRES_SCHEMA_VERSION})`);
    }
    for (let next = version + 1; next <= POSTGRES_SCHEMA_VERSION; next++) await client.query(POSTGRES_MIGRATIONS[next - 1] ?? '');
    if (!row) await client.query('INSERT INTO relay_schema (version) VALUES ($1)', [POSTGRES_SCHEMA_VERSION]);
    else await client.query('UPDATE relay_schema SET version = $1', [POSTGRES_SCHEMA_VERSION]);
    await client.query('COMMIT');
    return POSTGRES_SCHEMA_VERSION;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
