/**
 * Options shared by the shared and the private workbook.
 *
 *   new Workbook(doc, { now: () => 1_700_000_000_000, authorOfClient: (c) => bindings.get(c) });
 */
import type { PartnerId } from './sections.js';

export interface WorkbookOptions {
  /** Clock for createdAt/updatedAt (ms); tests pass a fixed one. */
  now?: () => number;
  /**
   * The partner whose device wrote structs under this Yjs client id (from the verified binding), or undefined
   * when unknown (data from before bindings existed). Never read authorship from a stored field when this knows.
   */
  authorOfClient?: (clientId: number) => PartnerId | undefined;
}
