/**
 * Options shared by the shared and the private workbook.
 *
 *   new Workbook(doc, { now: () => 1_700_000_000_000 });
 */
export interface WorkbookOptions {
  /** Clock for createdAt/updatedAt (ms); tests pass a fixed one. */
  now?: () => number;
}
