/**
 * Shared plumbing for a section stored as a Y.Map of items keyed by id, each item a Y.Map of
 * fields (so two partners editing different fields of the same item merge cleanly).
 *
 * Reads parse every item through the section's `parse` and skip anything malformed: a buggy or
 * malicious peer can write junk into the CRDT, and a bad item must not break the workbook.
 *
 *   const items = new ItemCollection(ctx, ctx.doc.getMap('inbox'), parseNote);
 *   items.list(); // valid items ordered by createdAt, then id
 */
import * as Y from 'yjs';
import { ModelValidationError } from './validation.js';

/** What every section needs from the workbook: the doc, a clock, and the schema stamp. */
export interface ModelContext {
  readonly doc: Y.Doc;
  now(): number;
  /** Writes the schema version into `meta` if this document has none yet. */
  stampSchema(): void;
}

/** Parses one stored item; returns undefined for anything malformed. */
export type ItemParser<T> = (id: string, fields: Y.Map<unknown>) => T | undefined;

/** A typed view over one section's Y.Map. */
export class ItemCollection<T extends { id: string; createdAt: number }> {
  constructor(
    readonly ctx: ModelContext,
    readonly map: Y.Map<unknown>,
    private readonly parse: ItemParser<T>,
  ) {}

  /** Every valid item, ordered by createdAt then id (the same order on every replica). */
  list(): T[] {
    const items: T[] = [];
    for (const [id, value] of this.map.entries()) {
      if (!(value instanceof Y.Map)) continue;
      const item = this.parse(id, value as Y.Map<unknown>);
      if (item) items.push(item);
    }
    return items.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The item with this id, or undefined if absent or malformed. */
  get(id: string): T | undefined {
    const fields = this.map.get(id);
    if (!(fields instanceof Y.Map)) return undefined;
    return this.parse(id, fields as Y.Map<unknown>);
  }

  /** Inserts a new item from plain fields (values may themselves be Y types). */
  insert(id: string, fields: Record<string, unknown>): void {
    this.transact(() => {
      const item = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(fields)) item.set(key, value);
      this.map.set(id, item);
    });
  }

  /** Runs `edit` on the fields of a valid existing item inside one transaction. */
  update(id: string, edit: (fields: Y.Map<unknown>) => void): void {
    const fields = this.map.get(id);
    if (!(fields instanceof Y.Map) || !this.parse(id, fields as Y.Map<unknown>)) {
      throw new ModelValidationError('id', 'unknown-id');
    }
    this.transact(() => edit(fields as Y.Map<unknown>));
  }

  /** Deletes an item; unknown ids are an error so a UI never believes a no-op succeeded. */
  remove(id: string): void {
    if (!this.map.has(id)) throw new ModelValidationError('id', 'unknown-id');
    this.transact(() => this.map.delete(id));
  }

  private transact(fn: () => void): void {
    this.ctx.doc.transact(() => {
      this.ctx.stampSchema();
      fn();
    });
  }
}
