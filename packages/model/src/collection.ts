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
  /**
   * Runs before every write, inside its transaction: stamps the schema version on a new
   * document, migrates an older one, and throws 'newer-schema' for a newer one.
   */
  stampSchema(): void;
}

/** Runs `fn` as one validated write: one transaction, schema stamped (or refused) first. */
export function writeTransaction(ctx: ModelContext, fn: () => void): void {
  ctx.doc.transact(() => {
    ctx.stampSchema();
    fn();
  });
}

/**
 * Reads a nested Y.Map of partnerId → value, keeping only well-formed entries (a peer may have
 * written junk into one key; the others still count).
 */
export function readPartnerMap<V>(value: unknown, parse: (raw: unknown) => V | undefined): Record<string, V> {
  const out: Record<string, V> = {};
  if (!(value instanceof Y.Map)) return out;
  for (const [key, raw] of (value as Y.Map<unknown>).entries()) {
    if (key.length === 0 || key.length > 64) continue;
    const parsed = parse(raw);
    if (parsed !== undefined) out[key] = parsed;
  }
  return out;
}

/**
 * The nested Y.Map stored under `key`. Sections create their nested maps with the item (two
 * replicas lazily creating one under the same key would collide, and one would be lost); this
 * only recreates a map a peer broke, so the write is not lost.
 */
export function nestedMap(fields: Y.Map<unknown>, key: string): Y.Map<unknown> {
  const existing = fields.get(key);
  if (existing instanceof Y.Map) return existing as Y.Map<unknown>;
  const created = new Y.Map<unknown>();
  fields.set(key, created);
  return created;
}

/** A plain object read from the document, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Y.AbstractType)
    ? (value as Record<string, unknown>)
    : undefined;
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

  /**
   * Runs `edit` on the fields of a valid existing item inside one transaction; `edit` also gets
   * the parsed item, so it can check ownership rules before writing (throwing writes nothing).
   */
  update(id: string, edit: (fields: Y.Map<unknown>, item: T) => void): void {
    const fields = this.map.get(id);
    const item = fields instanceof Y.Map ? this.parse(id, fields as Y.Map<unknown>) : undefined;
    if (!item) throw new ModelValidationError('id', 'unknown-id');
    this.transact(() => edit(fields as Y.Map<unknown>, item));
  }

  /** Deletes an item; unknown ids are an error so a UI never believes a no-op succeeded. */
  remove(id: string): void {
    if (!this.map.has(id)) throw new ModelValidationError('id', 'unknown-id');
    this.transact(() => this.map.delete(id));
  }

  private transact(fn: () => void): void {
    writeTransaction(this.ctx, fn);
  }
}
