/**
 * The wins section: small wins and micro-repairs worth noticing. Each is in its author's words,
 * so only the author edits or removes it.
 *
 *   workbook.wins.add({ text: 'You texted when the train was late', kind: 'micro-repair' }, me);
 */
import type * as Y from 'yjs';
import { ItemCollection, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import { WIN_KINDS, type PartnerId, type WinItem, type WinKind } from './sections.js';
import { LIMITS, isEnum, isId, isText, isTime, notAllowed, validEnum, validId, validText } from './validation.js';

function parseWin(id: string, f: Y.Map<unknown>): WinItem | undefined {
  const text = f.get('text');
  const kind = f.get('kind');
  const by = f.get('by');
  const createdAt = f.get('createdAt');
  if (!isText(text, LIMITS.text) || !isEnum(kind, WIN_KINDS) || !isId(by) || !isTime(createdAt)) return undefined;
  return { id, text, kind, by, createdAt };
}

/** Typed reads and validated, author-only edits of the wins section. */
export class WinsSection {
  private readonly items: ItemCollection<WinItem>;

  constructor(private readonly ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('wins'), parseWin);
  }

  /** All valid wins, oldest first. */
  list(): WinItem[] {
    return this.items.list();
  }

  /** One win, or undefined. */
  get(id: string): WinItem | undefined {
    return this.items.get(id);
  }

  /** Notes a win (default kind 'win'). */
  add(input: { text: string; kind?: WinKind }, partnerId: PartnerId): WinItem {
    const text = validText('text', input.text, LIMITS.text);
    const kind = validEnum('kind', input.kind ?? 'win', WIN_KINDS);
    const by = validId('partnerId', partnerId);
    const id = randomItemId();
    const item: WinItem = { id, text, kind, by, createdAt: this.ctx.now() };
    this.items.insert(id, { text, kind, by, createdAt: item.createdAt });
    return item;
  }

  /** Rewords a win: its author only. */
  update(id: string, partnerId: PartnerId, patch: { text?: string; kind?: WinKind }): void {
    const who = validId('partnerId', partnerId);
    const text = patch.text === undefined ? undefined : validText('text', patch.text, LIMITS.text);
    const kind = patch.kind === undefined ? undefined : validEnum('kind', patch.kind, WIN_KINDS);
    this.items.update(id, (f, win) => {
      if (win.by !== who) notAllowed('id');
      if (text !== undefined) f.set('text', text);
      if (kind !== undefined) f.set('kind', kind);
    });
  }

  /** Deletes a win: its author only. */
  remove(id: string, partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    const win = this.items.get(id);
    if (win && win.by !== who) notAllowed('id');
    this.items.remove(id);
  }
}
