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
import { fieldHistory, itemAuthor, authorsOwnValue, type AuthorResolver, type Authorship } from './authorship.js';
import { sectionDecision, SECTION_OWNERSHIP } from './ownership.js';
import type { SectionName } from './sections.js';
import { ModelValidationError, isId, notAllowed } from './validation.js';

/** What every section needs from the workbook: the doc, a clock, and the schema stamp. */
export interface ModelContext {
  readonly doc: Y.Doc;
  now(): number;
  /** The verified client id → partner binding (WorkbookOptions.authorOfClient), if known. */
  readonly authorOfClient?: AuthorResolver;
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

/** How a section's items are owned and which of their fields are words (see ownership.ts). */
export interface CollectionRules {
  section: SectionName;
  /** The stored field claiming the author; on read it holds the verified author when known. */
  authorKey: 'createdBy' | 'by';
  /** Fields that hold words (edit history and attribution); 'fields.*' = every key of the nested map `fields`. */
  contentKeys: readonly string[];
}

/** One field a partner other than the author changed: who, and the words before and after. */
export interface FieldEdit {
  field: string;
  by: Authorship;
  before: unknown;
  /** False when the earlier value is not kept (an older document collected it): only "changed" can be said. */
  beforeKnown: boolean;
  after: unknown;
}

/** Who wrote an item and what the other partner changed in it since. */
export interface ItemHistory {
  author: Authorship | undefined;
  /** Fields whose current words are someone else's than the author's. */
  edits: FieldEdit[];
}

/** One removal or putting back, read from the removal marker's history. */
export interface RemovalEvent {
  action: 'removed' | 'restored';
  by: Authorship | undefined;
  at: number;
}

/** An item that was removed: kept, attributed, and can be put back. */
export interface RemovedItem<T> {
  item: T;
  removedBy: Authorship | undefined;
  removedAt: number;
  /** Every removal and putting back, newest first. */
  history: RemovalEvent[];
}

/**
 * A typed view over one section's Y.Map. Removal is a marker (`removedAt`), never a delete:
 * deleting would erase the other partner's structs and leave nothing to undo.
 */
export class ItemCollection<T extends { id: string; createdAt: number }> {
  constructor(
    readonly ctx: ModelContext,
    readonly map: Y.Map<unknown>,
    private readonly parse: ItemParser<T>,
    private readonly rules?: CollectionRules,
  ) {}

  /** Every valid item not removed, ordered by createdAt then id (the same order on every replica). */
  list(): T[] {
    return this.sorted(this.read().filter((r) => !r.removal).map((r) => r.item));
  }

  /** The item with this id, or undefined if absent, removed or malformed. */
  get(id: string): T | undefined {
    const read = this.readOne(id);
    return read && !read.removal ? read.item : undefined;
  }

  /** Removed items, most recently removed first. */
  removed(): RemovedItem<T>[] {
    const out: RemovedItem<T>[] = [];
    for (const r of this.read()) {
      if (r.removal) out.push({ item: r.item, removedBy: r.removal.by, removedAt: r.removal.at, history: r.history });
    }
    return out.sort((a, b) => b.removedAt - a.removedAt || (a.item.id < b.item.id ? -1 : 1));
  }

  /** Who wrote the item and what someone else changed in it (undefined if unknown or malformed). */
  history(id: string): ItemHistory | undefined {
    const fields = this.map.get(id);
    if (!(fields instanceof Y.Map) || !this.rules) return undefined;
    const f = fields as Y.Map<unknown>;
    const author = this.authorOf(f);
    const edits: FieldEdit[] = [];
    for (const [field, map, key] of this.contentFields(f)) {
      const versions = fieldHistory(map, key, this.ctx.authorOfClient, f);
      const latest = versions[0];
      if (!latest?.by || !author || latest.by.partnerId === author.partnerId) continue;
      // The newest value the author wrote is what the other partner changed.
      const before = versions.find((v) => v.by?.partnerId === author.partnerId);
      edits.push({ field, by: latest.by, before: before?.value, beforeKnown: before?.known ?? false, after: latest.value });
    }
    return { author, edits };
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
   * With `actor`, also records `updatedBy` (only a fallback claim: the binding says who).
   */
  update(id: string, edit: (fields: Y.Map<unknown>, item: T) => void, actor?: string): void {
    const fields = this.map.get(id);
    const item = this.get(id);
    if (!item) throw new ModelValidationError('id', 'unknown-id');
    this.transact(() => {
      edit(fields as Y.Map<unknown>, item);
      if (actor !== undefined) (fields as Y.Map<unknown>).set('updatedBy', actor);
    });
  }

  /**
   * Removes an item by marking it removed (attributed, undoable). With `actor`, the ownership
   * rule decides first. Unknown ids are an error so a UI never believes a no-op succeeded;
   * malformed items (a peer's junk) are deleted outright.
   */
  remove(id: string, actor?: string): void {
    const fields = this.map.get(id);
    if (fields === undefined) throw new ModelValidationError('id', 'unknown-id');
    const read = this.readOne(id);
    // Without ownership rules (the private workbook: one person's own document) a delete is a delete.
    if (!read || !this.rules) {
      this.transact(() => this.map.delete(id));
      return;
    }
    if (read.removal) return;
    if (actor !== undefined && this.rules) {
      const author = (read.item as Record<string, unknown>)[this.rules.authorKey];
      if (!sectionDecision(this.rules.section, 'remove', actor, isId(author) ? author : undefined).allowed) notAllowed('id');
    }
    this.transact(() => {
      const f = fields as Y.Map<unknown>;
      f.set('removedAt', this.ctx.now());
      if (actor !== undefined) f.set('removedBy', actor);
    });
  }

  /** Puts a removed item back (same rule as removing, and the author may always put theirs back). */
  restore(id: string, actor: string): void {
    const read = this.readOne(id);
    if (!read) throw new ModelValidationError('id', 'unknown-id');
    if (!read.removal) return;
    if (this.rules) {
      const author = (read.item as Record<string, unknown>)[this.rules.authorKey];
      if (!sectionDecision(this.rules.section, 'restore', actor, isId(author) ? author : undefined).allowed) notAllowed('id');
    }
    this.transact(() => {
      const f = this.map.get(id) as Y.Map<unknown>;
      f.set('removedAt', 0);
      f.set('updatedBy', actor);
    });
  }

  private read(): Read<T>[] {
    const out: Read<T>[] = [];
    for (const id of this.map.keys()) {
      const r = this.readOne(id);
      if (r) out.push(r);
    }
    return out;
  }

  /** Parses one item, with its verified author, its author's own words, and its removal state. */
  private readOne(id: string): Read<T> | undefined {
    const value = this.map.get(id);
    if (!(value instanceof Y.Map)) return undefined;
    const fields = value as Y.Map<unknown>;
    const parsed = this.parse(id, fields);
    if (!parsed || !this.rules) return parsed ? { item: parsed, history: [] } : undefined;
    const item = { ...parsed } as T & Record<string, unknown>;
    const author = this.authorOf(fields);
    if (author?.verified) (item as Record<string, unknown>)[this.rules.authorKey] = author.partnerId;
    if (author && SECTION_OWNERSHIP[this.rules.section] === 'own-words') keepAuthorsWords(item, fields, author.partnerId, this.rules, this.ctx.authorOfClient);
    const history = this.removalHistory(fields);
    const latest = history[0];
    let removal: { by: Authorship | undefined; at: number } | undefined;
    if (latest?.action === 'removed') {
      // A removal of one person's own words counts only if that person made it.
      const allowed = !latest.by?.verified || sectionDecision(this.rules.section, 'remove', latest.by.partnerId, author?.partnerId).allowed;
      if (allowed) removal = { by: latest.by, at: latest.at };
    }
    return { item, removal, history };
  }

  private removalHistory(fields: Y.Map<unknown>): RemovalEvent[] {
    return fieldHistory(fields, 'removedAt', this.ctx.authorOfClient)
      .filter((v) => typeof v.value === 'number')
      .map((v) => ({ action: (v.value as number) > 0 ? 'removed' : 'restored', by: v.by, at: v.value as number }));
  }

  private authorOf(fields: Y.Map<unknown>): Authorship | undefined {
    return itemAuthor(fields, this.ctx.authorOfClient, this.rules?.authorKey ?? 'createdBy');
  }

  /** [label, map, key] of every content field of an item. */
  private contentFields(fields: Y.Map<unknown>): [string, Y.Map<unknown>, string][] {
    const out: [string, Y.Map<unknown>, string][] = [];
    for (const key of this.rules?.contentKeys ?? []) {
      if (key.endsWith('.*')) {
        const nested = fields.get(key.slice(0, -2));
        if (nested instanceof Y.Map) for (const k of (nested as Y.Map<unknown>).keys()) out.push([`${key.slice(0, -2)}.${k}`, nested as Y.Map<unknown>, k]);
      } else out.push([key, fields, key]);
    }
    return out;
  }

  private sorted(items: T[]): T[] {
    return items.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private transact(fn: () => void): void {
    writeTransaction(this.ctx, fn);
  }
}

interface Read<T> {
  item: T;
  removal?: { by: Authorship | undefined; at: number };
  history: RemovalEvent[];
}

/** In one person's own item, words another partner wrote are read as the author's own last words. */
function keepAuthorsWords(
  item: Record<string, unknown>,
  fields: Y.Map<unknown>,
  author: string,
  rules: CollectionRules,
  resolve: AuthorResolver | undefined,
): void {
  for (const key of rules.contentKeys) {
    if (key.endsWith('.*')) continue;
    const own = authorsOwnValue(fields, key, author, resolve);
    if (own && typeof own.value === typeof item[key]) item[key] = own.value;
  }
}
