/**
 * @securebase/model/testing — the pieces the Workbook and its sections run for you, exposed so
 * tests can check them alone: schema migration, narrative rendering and check-in visibility.
 * Apps use `new Workbook(doc)`, `drafts.rendered(part)` and `checkins.visibleEntries(…)` instead.
 * Import it only from tests.
 *
 *   import { migrateWorkbook } from '@securebase/model/testing';
 */
export { migrateWorkbook, isNewerSchema, type MigrationResult } from './migration.js';
export { renderFragment } from './narrative-render.js';
export { visibleEntries } from './checkins.js';
