/**
 * The mark a private item carries once it has been shared: where its shared copy went and when.
 * Sharing copies (sharing.ts); the mark is how the private copy says so.
 *
 *   writeSharedMark(items, draft.id, shared.id);
 *   parseShared(fields.get('shared')); // { sharedId, sharedAt } or undefined
 */
import { asRecord, type ItemCollection } from './collection.js';
import type { SharedMark } from './sections.js';
import { isId, isTime, validId } from './validation.js';

/** Reads a shared mark back; undefined when the item was never shared (or the mark is junk). */
export function parseShared(raw: unknown): SharedMark | undefined {
  const r = asRecord(raw);
  return r && isId(r['sharedId']) && isTime(r['sharedAt']) ? { sharedId: r['sharedId'], sharedAt: r['sharedAt'] } : undefined;
}

/** Records on a private item where its shared copy went (the mark `parseShared` reads back). */
export function writeSharedMark<T extends { id: string; createdAt: number }>(items: ItemCollection<T>, id: string, sharedId: string): void {
  const mark: SharedMark = { sharedId: validId('sharedId', sharedId), sharedAt: items.ctx.now() };
  items.update(id, (f) => f.set('shared', mark));
}
