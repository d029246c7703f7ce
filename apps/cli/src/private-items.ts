/**
 * Private items: short texts a partner keeps in their own private document (drafts, a private
 * journal), readable only by that partner's devices. They live in a Y.Map 'privateItems' of the
 * private document, one Y.Map of fields per item. Sharing copies the text into the shared inbox
 * and only stamps `sharedAt` here: the private copy stays private.
 *
 * (packages/model has no private collection yet; when it gains one this module should give way
 * to it, reading the same map.)
 *
 *   const items = new PrivateItems(doc);
 *   const item = items.add('What I could not say on Sunday');
 *   items.markShared(item.id);
 */
import * as Y from 'yjs';
import { LIMITS, ModelValidationError } from '@securebase/model';

export interface PrivateItem {
  /** Short random id (8 base64url characters), typed by the person to share an item. */
  id: string;
  text: string;
  createdAt: number;
  /** When a copy went to the shared inbox, if ever. */
  sharedAt?: number;
}

const MAP_NAME = 'privateItems';
const ID_BYTES = 6;

/** Typed reads and validated writes of the private items of one private document. */
export class PrivateItems {
  private readonly map: Y.Map<Y.Map<unknown>>;

  constructor(
    private readonly doc: Y.Doc,
    private readonly now: () => number = Date.now,
  ) {
    this.map = doc.getMap(MAP_NAME);
  }

  /** Every well-formed item, oldest first (junk written by a buggy device is skipped). */
  list(): PrivateItem[] {
    const items: PrivateItem[] = [];
    for (const [id, fields] of this.map.entries()) {
      const item = fields instanceof Y.Map ? parseItem(id, fields) : undefined;
      if (item) items.push(item);
    }
    return items.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  /** The item with this id, or the only one whose id starts with `prefix`; undefined otherwise. */
  find(prefix: string): PrivateItem | undefined {
    const all = this.list();
    const exact = all.find((item) => item.id === prefix);
    if (exact) return exact;
    const matches = all.filter((item) => item.id.startsWith(prefix));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** Add a private item; the text follows the inbox note rules, so it can be shared as is. */
  add(text: string): PrivateItem {
    const trimmed = text.trim();
    if (trimmed.length === 0) throw new ModelValidationError('text', 'required');
    if (trimmed.length > LIMITS.note) throw new ModelValidationError('text', 'too-long');
    const item: PrivateItem = { id: newItemId(), text: trimmed, createdAt: this.now() };
    this.doc.transact(() => {
      const fields = new Y.Map<unknown>();
      fields.set('text', item.text);
      fields.set('createdAt', item.createdAt);
      this.map.set(item.id, fields);
    });
    return item;
  }

  /** Record that a copy of the item went to the shared document. */
  markShared(id: string): void {
    const fields = this.map.get(id);
    if (!(fields instanceof Y.Map)) throw new ModelValidationError('id', 'unknown-id');
    fields.set('sharedAt', this.now());
  }
}

function parseItem(id: string, fields: Y.Map<unknown>): PrivateItem | undefined {
  const text = fields.get('text');
  const createdAt = fields.get('createdAt');
  const sharedAt = fields.get('sharedAt');
  if (typeof text !== 'string' || text.length === 0 || text.length > LIMITS.note) return undefined;
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return undefined;
  const item: PrivateItem = { id, text, createdAt };
  if (typeof sharedAt === 'number' && Number.isFinite(sharedAt)) item.sharedAt = sharedAt;
  return item;
}

function newItemId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(ID_BYTES));
  return Buffer.from(bytes).toString('base64url');
}
