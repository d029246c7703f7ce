/**
 * The relay database schema as numbered migrations. `PRAGMA user_version` records how many have
 * run; opening a database runs the missing ones in order, each in its own transaction, so a v1
 * database from the walking skeleton gains the v2 tables without losing a row.
 *
 *   migrateSchema(db); // fresh file → v1 then v2; v1 file → v2; v2 file → nothing
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

/** Migration n (1-based) brings the schema from version n - 1 to n. */
const MIGRATIONS: readonly string[] = [SCHEMA_V1, SCHEMA_V2];

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
