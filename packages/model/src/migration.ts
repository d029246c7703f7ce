/**
 * Schema versions and the migrations between them. A document records the layout version it
 * was written with in `meta.schemaVersion`. An app migrates an older document on its first
 * write (or when asked, `migrateWorkbook`) and refuses to write to a newer one.
 *
 * Version 1 → 2: only vocabulary, inbox and members had writers in version 1, and the other
 * section maps were reserved empty, so no item moves. Inbox notes gain `updatedAt` (when a
 * note was last edited or triaged), set to `createdAt`. Each step sets the same values on every
 * replica, so two partners migrating at the same time converge to the same document.
 *
 *   const { from, to } = migrateWorkbook(doc); // { from: 1, to: 2 }
 */
import * as Y from 'yjs';
import { SCHEMA_VERSION } from './sections.js';
import { ModelValidationError } from './validation.js';

/** What `migrateWorkbook` did. */
export interface MigrationResult {
  /** Version found (undefined: an empty document, nothing to migrate). */
  from: number | undefined;
  /** Version after the call. */
  to: number | undefined;
  changed: boolean;
}

/** The schema version stored in a document's meta map, or undefined. */
export function storedSchemaVersion(doc: Y.Doc): number | undefined {
  const v = doc.getMap('meta').get('schemaVersion');
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;
}

/** True when a newer app wrote this document: show "update the app" and do not write. */
export function isNewerSchema(doc: Y.Doc): boolean {
  return (storedSchemaVersion(doc) ?? SCHEMA_VERSION) > SCHEMA_VERSION;
}

/** Each step upgrades a document from version `n` to `n + 1` inside the caller's transaction. */
const STEPS: Record<number, (doc: Y.Doc) => void> = {
  1: (doc) => {
    for (const note of doc.getMap('inbox').values()) {
      if (!(note instanceof Y.Map)) continue;
      const fields = note as Y.Map<unknown>;
      const createdAt = fields.get('createdAt');
      if (!fields.has('updatedAt') && typeof createdAt === 'number') fields.set('updatedAt', createdAt);
    }
  },
};

/**
 * Brings a shared workbook document up to SCHEMA_VERSION in one transaction. An empty document
 * is left alone (its first write stamps the version); a newer one is refused with
 * ModelValidationError('schemaVersion', 'newer-schema').
 */
export function migrateWorkbook(doc: Y.Doc): MigrationResult {
  const from = storedSchemaVersion(doc);
  if (from === undefined || from === SCHEMA_VERSION) return { from, to: from, changed: false };
  if (from > SCHEMA_VERSION) throw new ModelValidationError('schemaVersion', 'newer-schema');
  doc.transact(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) STEPS[v]?.(doc);
    doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION);
  });
  return { from, to: SCHEMA_VERSION, changed: true };
}

/**
 * The write guard of a workbook: stamps a new document, migrates an older one, refuses a newer
 * one. Runs inside every write's transaction, before the write.
 */
export function prepareForWrite(doc: Y.Doc): void {
  if (storedSchemaVersion(doc) === undefined) {
    // New document (or a peer's junk in the version field): this write defines the layout.
    doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION);
    return;
  }
  migrateWorkbook(doc);
}
