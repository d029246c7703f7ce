/**
 * The relay database schema as numbered migrations. `PRAGMA user_version` records how many have
 * run; opening a database runs the missing ones in order, each in its own transaction, so a v1
 * database from the walking skeleton gains the v2 and v3 tables without losing a row.
 *
 *   migrateSchema(db); // fresh file → v1, v2, v3; v1 file → v2, v3; v3 file → nothing
 */
import type Database from 'better-sqlite3';

/** Version 1: spaces, membership chain, invites, documents with their update log and clocks. */
export const SCHEMA_V1 = `
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

/**
 * Version 2: device links (pairing), key wraps (sealed key bundles per recipient device) and the
 * newest snapshot per document. Key epochs are not stored: they follow from the membership chain.
 * Wraps are kept as a log, not only the latest per device: a wrap from the other partner carries
 * only the shared scope, so an older wrap may hold the only copy of a device's private keys.
 */
export const SCHEMA_V2 = `
CREATE TABLE device_links (
  link_id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  partner_id TEXT NOT NULL,
  certificate BLOB NOT NULL,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'requested', 'linked')),
  request BLOB,
  request_device BLOB,
  used_at INTEGER
) STRICT;
CREATE INDEX device_links_by_space ON device_links (space_id, expires_at);
CREATE TABLE key_wraps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  recipient BLOB NOT NULL,
  wrap BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX key_wraps_by_recipient ON key_wraps (space_id, recipient, id);
CREATE TABLE snapshots (
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  doc_id TEXT NOT NULL,
  covers_seq INTEGER NOT NULL,
  hash BLOB NOT NULL,
  envelope BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (space_id, doc_id)
) STRICT;
`;

/**
 * Version 3: per-partner storage, invite tombstones, pairing time, relay-wide totals.
 *
 * - `updates.partner_id` / `snapshots.partner_id`: the author's partner, charged in
 *   `partner_bytes` (space, partner). Rows from before v3 get partner '' (unattributed): they
 *   still count in the space's total but against nobody's share, and are freed like any other
 *   when a snapshot prunes them. (Attributing them would mean verifying every chain inside the
 *   migration; the relay's storage does not do crypto.)
 * - `spaces.bytes` stays the space's total; its records' share is `bytes - SUM(partner_bytes)`.
 * - `invite_tombstones`: an invite that ended (used, revoked, space full, expired) loses its row
 *   and payload; the tombstone keeps id, space, reason and time so the link's owner is told why.
 *   v2 kept used invites with their payload: they become tombstones here, and so do open
 *   invites created before their space was paired (siblings that v3 would have closed).
 * - `spaces.paired_at`: when the second partner joined (the sweeper never deletes such a
 *   space); `spaces.abandoned_at`: the sweeper has started deleting it (it is then unknown).
 * - `relay_totals`: one row of space count and bytes, kept by triggers on `spaces`, so the
 *   global caps read it in O(1) and a rolled-back transaction rolls it back too.
 */
export const SCHEMA_V3 = `
ALTER TABLE updates ADD COLUMN partner_id TEXT NOT NULL DEFAULT '';
ALTER TABLE snapshots ADD COLUMN partner_id TEXT NOT NULL DEFAULT '';
CREATE TABLE partner_bytes (
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  partner_id TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (space_id, partner_id)
) STRICT;
INSERT INTO partner_bytes (space_id, partner_id, bytes)
  SELECT space_id, '', SUM(n) FROM (
    SELECT space_id, LENGTH(envelope) AS n FROM updates
    UNION ALL SELECT space_id, LENGTH(envelope) AS n FROM snapshots
  ) GROUP BY space_id;

ALTER TABLE spaces ADD COLUMN paired_at INTEGER;
ALTER TABLE spaces ADD COLUMN abandoned_at INTEGER;
-- Paired: an invite was redeemed, or (to be safe) the chain has more than its genesis op.
UPDATE spaces SET paired_at = COALESCE(
  (SELECT MIN(used_at) FROM invites WHERE invites.space_id = spaces.space_id),
  CASE WHEN (SELECT COUNT(*) FROM membership_ops m WHERE m.space_id = spaces.space_id) > 1 THEN created_at END);
CREATE INDEX spaces_unpaired ON spaces (created_at) WHERE paired_at IS NULL;

CREATE TABLE invite_tombstones (
  invite_id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL REFERENCES spaces(space_id),
  reason TEXT NOT NULL CHECK (reason IN ('used', 'revoked', 'space-full', 'expired')),
  ended_at INTEGER NOT NULL
) STRICT;
CREATE INDEX invite_tombstones_by_time ON invite_tombstones (ended_at);
CREATE INDEX invite_tombstones_by_space ON invite_tombstones (space_id);
INSERT INTO invite_tombstones (invite_id, space_id, reason, ended_at)
  SELECT invite_id, space_id, 'used', used_at FROM invites WHERE used_at IS NOT NULL;
INSERT INTO invite_tombstones (invite_id, space_id, reason, ended_at)
  SELECT i.invite_id, i.space_id, 'space-full', s.paired_at FROM invites i JOIN spaces s ON s.space_id = i.space_id
  WHERE i.used_at IS NULL AND s.paired_at IS NOT NULL AND i.created_at <= s.paired_at;
UPDATE spaces SET bytes = bytes - (
  SELECT COALESCE(SUM(LENGTH(i.certificate) + LENGTH(i.payload)), 0) FROM invites i
  WHERE i.space_id = spaces.space_id AND i.invite_id IN (SELECT invite_id FROM invite_tombstones));
DELETE FROM invites WHERE invite_id IN (SELECT invite_id FROM invite_tombstones);
CREATE INDEX invites_by_expiry ON invites (expires_at);
CREATE INDEX invites_by_space ON invites (space_id);
CREATE INDEX device_links_by_expiry ON device_links (expires_at);
CREATE INDEX device_links_by_use ON device_links (used_at) WHERE used_at IS NOT NULL;

CREATE TABLE relay_totals (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  spaces INTEGER NOT NULL,
  bytes INTEGER NOT NULL
) STRICT;
INSERT INTO relay_totals (id, spaces, bytes) SELECT 1, COUNT(*), COALESCE(SUM(bytes), 0) FROM spaces;
CREATE TRIGGER spaces_totals_insert AFTER INSERT ON spaces
  BEGIN UPDATE relay_totals SET spaces = spaces + 1, bytes = bytes + NEW.bytes; END;
CREATE TRIGGER spaces_totals_delete AFTER DELETE ON spaces
  BEGIN UPDATE relay_totals SET spaces = spaces - 1, bytes = bytes - OLD.bytes; END;
CREATE TRIGGER spaces_totals_bytes AFTER UPDATE OF bytes ON spaces
  BEGIN UPDATE relay_totals SET bytes = bytes + NEW.bytes - OLD.bytes; END;
`;

/** Migration n (1-based) brings the schema from version n - 1 to n. */
const MIGRATIONS: readonly string[] = [SCHEMA_V1, SCHEMA_V2, SCHEMA_V3];

/** Schema version written to PRAGMA user_version; add a migration when the schema changes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Run every migration the database has not had yet. */
export function migrateSchema(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number' || version < 0 || version > SCHEMA_VERSION) {
    throw new Error(`relay database schema version ${String(version)} is not supported (this relay knows up to ${SCHEMA_VERSION})`);
  }
  for (let next = version + 1; next <= SCHEMA_VERSION; next++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[next - 1] ?? '');
      // A pragma cannot take a bound parameter; `next` is a loop counter, never input.
      db.pragma(`user_version = ${next}`);
    })();
  }
}
