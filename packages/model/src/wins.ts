/**
 * The wins section: small wins and micro-repairs worth noticing. Each is in its author's words,
 * so only the author edits or removes it.
 *
 *   workbook.wins.add({ text: 'You texted when the train was late', kind: 'micro-repair' }, me);
 *   workbook.wins.respond(win.id, partner, { reaction: 'warmed', word: 'It meant a lot' });
 *   workbook.wins.responses(win.id); // [{ by: partner, reaction: 'warmed', word: 'It meant a lot', at }]
 *
 * A response is the other partner's own: stored in the win under `response:<their id>` (one key
 * each, so two replicas never collide), written and read under the ownership rule (ownership.ts
 * `mayRespond`, `responseHolds`): the partner may respond, never edit the win.
 */
import * as Y from 'yjs';
import { lastWriter } from './authorship.js';
import { ItemCollection, asRecord, type CollectionRules, type ModelContext, type RemovedItem } from './collection.js';
import { assertMayChange, mayRespond, responseHolds } from './ownership.js';
import { randomItemId } from './item-ids.js';
import { WIN_KINDS, type PartnerId, type WinItem, type WinKind } from './sections.js';
import { LIMITS, isEnum, isId, isText, isTime, notAllowed, validEnum, validId, validOptionalText, validText } from './validation.js';

/** The small set of warm reactions (no scores, no counts of who reacted how often). */
export const WIN_REACTIONS = ['warmed', 'thank-you', 'proud', 'together'] as const;
export type WinReaction = (typeof WIN_REACTIONS)[number];

/** How each reaction reads on a button and beside a win. */
export const WIN_REACTION_LABELS: Readonly<Record<WinReaction, string>> = {
  warmed: 'That warmed me',
  'thank-you': 'Thank you',
  proud: 'Proud of us',
  together: 'We did this together',
};

/** One partner's response to the other's win: a reaction, a word, or both. */
export interface WinResponse {
  by: PartnerId;
  reaction: WinReaction | undefined;
  word: string;
  at: number;
}

/** A word beside a win is short: a line, not a letter. */
const RESPONSE_WORD_MAX = 280;
const RESPONSE_PREFIX = 'response:';

function parseResponse(by: PartnerId, raw: unknown): WinResponse | undefined {
  const r = asRecord(raw);
  if (!r || !isTime(r['at']) || !isText(r['word'], RESPONSE_WORD_MAX, true)) return undefined;
  const reaction = r['reaction'];
  if (reaction !== null && !isEnum(reaction, WIN_REACTIONS)) return undefined;
  if (reaction === null && r['word'].length === 0) return undefined;
  return { by, reaction: reaction ?? undefined, word: r['word'], at: r['at'] };
}

/** One person's own words: only the author edits or removes (ownership.ts). */
const RULES: CollectionRules = { section: 'wins', authorKey: 'by', contentKeys: ['text', 'kind'] };

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
    this.items = new ItemCollection(ctx, ctx.doc.getMap('wins'), parseWin, RULES);
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
      assertMayChange('wins', 'edit', who, win.by);
      if (text !== undefined) f.set('text', text);
      if (kind !== undefined) f.set('kind', kind);
    });
  }

  /** Deletes a win: its author only. */
  remove(id: string, partnerId: PartnerId): void {
    this.items.remove(id, validId('partnerId', partnerId));
  }

  /** Puts a removed win back: its author only. */
  restore(id: string, partnerId: PartnerId): void {
    this.items.restore(id, validId('partnerId', partnerId));
  }

  /**
   * The acting partner's response to the other's win (replaces their earlier one). Refused as
   * 'not-allowed' for one's own win; needs a reaction or a word.
   */
  respond(id: string, partnerId: PartnerId, input: { reaction?: WinReaction; word?: string }): void {
    const who = validId('partnerId', partnerId);
    const reaction = input.reaction === undefined ? null : validEnum('reaction', input.reaction, WIN_REACTIONS);
    const word = validOptionalText('word', input.word ?? '', RESPONSE_WORD_MAX);
    if (reaction === null && word.length === 0) validText('word', word, RESPONSE_WORD_MAX);
    this.items.update(id, (f, win) => {
      if (!mayRespond('wins', who, win.by)) notAllowed('id');
      f.set(RESPONSE_PREFIX + who, { reaction, word, at: this.ctx.now() });
    });
  }

  /** Takes the acting partner's own response back. */
  withdrawResponse(id: string, partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    this.items.update(id, (f) => f.delete(RESPONSE_PREFIX + who));
  }

  /** The responses to a win that hold (by the responder themselves, never its author), by time. */
  responses(id: string): WinResponse[] {
    const win = this.items.get(id);
    const fields = this.ctx.doc.getMap('wins').get(id);
    if (!win || !(fields instanceof Y.Map)) return [];
    const f = fields as Y.Map<unknown>;
    const out: WinResponse[] = [];
    for (const key of f.keys()) {
      if (!key.startsWith(RESPONSE_PREFIX)) continue;
      const by = key.slice(RESPONSE_PREFIX.length);
      if (!isId(by) || !responseHolds(by, win.by, lastWriter(f, key, this.ctx.authorOfClient))) continue;
      const response = parseResponse(by, f.get(key));
      if (response) out.push(response);
    }
    return out.sort((a, b) => a.at - b.at || (a.by < b.by ? -1 : 1));
  }

  /** Removed wins, most recent first. */
  removed(): RemovedItem<WinItem>[] {
    return this.items.removed();
  }
}
