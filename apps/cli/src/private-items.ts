/**
 * Private items on the command line: the model's PrivateWorkbook `.items` (private quick notes
 * in this partner's ENCRYPTED private document, readable only by this partner's devices), found
 * by id or by an unambiguous start of one, and the one-time move of items an earlier CLI version
 * kept in its own Y.Map 'privateItems' of the same document.
 *
 * Sharing is the model's `shareItem`: it copies the text into the shared inbox and records on
 * the private item where it went; the private copy stays private.
 *
 *   const mine = openPrivateWorkbook(doc);        // moves any old 'privateItems' first
 *   const item = findPrivateItem(mine, 'Xk3f');   // by id or unique prefix
 *   printLine(ctx, formatPrivateItemLine(item));  // "ID  TEXT"
 */
import * as Y from 'yjs';
import { LIMITS, PrivateWorkbook, type PrivateItem } from '@securebase/model';
import { oneLine } from './errors.js';

/** The Y.Map an earlier CLI version kept private items in (fields: text, createdAt, sharedAt?). */
export const LEGACY_ITEMS_MAP = 'privateItems';

interface LegacyItem {
  text: string;
  createdAt: number;
}

/** The private workbook of `doc`, with items of the earlier CLI version moved into it. */
export function openPrivateWorkbook(doc: Y.Doc): PrivateWorkbook {
  const mine = new PrivateWorkbook(doc);
  migrateLegacyItems(doc);
  return mine;
}

/**
 * Move well-formed items of the old 'privateItems' map into PrivateWorkbook.items (oldest
 * first, keeping each one's creation time) and empty the old map, in one transaction, so it
 * happens once. The old ids and "shared" stamps do not carry over: the model gives new ids, and
 * an old stamp does not say which shared note it was. Returns how many items moved.
 */
export function migrateLegacyItems(doc: Y.Doc): number {
  const legacy = doc.getMap<unknown>(LEGACY_ITEMS_MAP);
  if (legacy.size === 0) return 0;
  // A newer app wrote this document; leave it to that app rather than write into it.
  if (new PrivateWorkbook(doc).isNewerSchema) return 0;
  const items = [...legacy.values()]
    .map(parseLegacyItem)
    .filter((item): item is LegacyItem => item !== undefined)
    .sort((a, b) => a.createdAt - b.createdAt);
  doc.transact(() => {
    for (const item of items) new PrivateWorkbook(doc, { now: () => item.createdAt }).items.add({ text: item.text });
    // Junk a buggy device wrote goes too: nothing else reads this map.
    for (const key of [...legacy.keys()]) legacy.delete(key);
  });
  return items.length;
}

function parseLegacyItem(value: unknown): LegacyItem | undefined {
  if (!(value instanceof Y.Map)) return undefined;
  const fields = value as Y.Map<unknown>;
  const text = fields.get('text');
  const createdAt = fields.get('createdAt');
  if (typeof text !== 'string' || text.trim().length === 0 || [...text.trim()].length > LIMITS.note) return undefined;
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt) || createdAt < 0) return undefined;
  return { text, createdAt };
}

/** The item with this id, or the only one whose id starts with `ref`; undefined otherwise. */
export function findPrivateItem(mine: PrivateWorkbook, ref: string): PrivateItem | undefined {
  const all = mine.items.list();
  const exact = all.find((item) => item.id === ref);
  if (exact) return exact;
  const matches = ref === '' ? [] : all.filter((item) => item.id.startsWith(ref));
  return matches.length === 1 ? matches[0] : undefined;
}

/** `ID  TEXT`: one line per item, the text made safe for a terminal. */
export function formatPrivateItemLine(item: PrivateItem): string {
  return `${item.id}  ${oneLine(item.text)}`;
}
