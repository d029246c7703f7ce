/**
 * One partner's answers to the list of desires — yes, maybe or no per item — and their own
 * custom items, kept ONLY in that partner's PRIVATE document (`private-<partnerId>`, whose key
 * only their devices hold). Nothing here touches the shared workbook: the partner learns an item
 * only through the mutual reveal, and only when both said yes or maybe to it.
 *
 * An item is a built-in one (desire-items.ts, by its stable id) or the person's own words. Own
 * words that fold to a built-in title or to an existing custom item's words answer that item, so
 * typing the same wish twice does not make two.
 *
 *   const mine = new DesireAnswers(privateDoc);
 *   mine.answer('desire-long-hug', 'yes');
 *   mine.answer('A picnic at dawn', 'maybe'); // a custom item
 *   mine.revealItems(); // [{ item: 'desire-long-hug', title: 'A long hug without a reason' }, { item: 'A picnic at dawn', … }]
 */
import type * as Y from 'yjs';
import { asRecord, writeTransaction, type ModelContext } from './collection.js';
import { BUILT_IN_DESIRES, DESIRE_ANSWERS, builtInDesire, type DesireAnswer, type DesireGroup } from './desire-items.js';
import { randomItemId } from './item-ids.js';
import { prepareForWrite } from './migration.js';
import { LIMITS, ModelValidationError, isEnum, isId, isText, isTime, validEnum, validText } from './validation.js';
import type { WorkbookOptions } from './workbook-options.js';

/** Custom items' ids start with this, so they never collide with a built-in id. */
const CUSTOM_PREFIX = 'custom-';
/** Longest custom item, in characters (a short phrase; the reveal allows up to 500). */
export const DESIRE_CUSTOM_MAX = LIMITS.title;

/** One item of the list with this partner's own answer. */
export interface DesireEntry {
  id: string;
  title: string;
  group: DesireGroup | 'custom';
  answer: DesireAnswer | undefined;
  updatedAt: number | undefined;
}

/** What `answer` did: which item it answered, and whether that item is new. */
export interface DesireAnswered {
  id: string;
  title: string;
  custom: boolean;
  created: boolean;
}

/** One item brought to a reveal: what is compared (`item`) and how to show a match (`title`). */
export interface DesireRevealItem {
  item: string;
  title: string;
}

interface StoredAnswer {
  answer: DesireAnswer;
  updatedAt: number;
  /** The person's own words (custom items only). */
  text?: string;
}

function parseStored(id: string, raw: unknown): StoredAnswer | undefined {
  const r = asRecord(raw);
  if (!r || !isEnum(r['answer'], DESIRE_ANSWERS) || !isTime(r['updatedAt'])) return undefined;
  if (id.startsWith(CUSTOM_PREFIX)) {
    if (!isText(r['text'], DESIRE_CUSTOM_MAX)) return undefined;
    return { answer: r['answer'], updatedAt: r['updatedAt'], text: r['text'] };
  }
  return builtInDesire(id) ? { answer: r['answer'], updatedAt: r['updatedAt'] } : undefined;
}

/**
 * A loose fold of words for finding "the same" item: NFKC, case folded, whitespace collapsed.
 * The reveal itself compares @securebase/crypto's canonicalPsiItem, which applies the same steps.
 */
function fold(text: string): string {
  return text.normalize('NFKC').toUpperCase().toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** One partner's private answers to the desires list. */
export class DesireAnswers {
  private readonly ctx: ModelContext;
  private readonly map: Y.Map<unknown>;

  constructor(
    readonly privateDoc: Y.Doc,
    opts: WorkbookOptions = {},
  ) {
    this.map = privateDoc.getMap('desireAnswers');
    this.ctx = { doc: privateDoc, now: opts.now ?? Date.now, stampSchema: () => prepareForWrite(privateDoc) };
  }

  /** Every built-in item (in list order), then this partner's custom items, each with its answer. */
  list(): DesireEntry[] {
    const builtIn = BUILT_IN_DESIRES.map((item): DesireEntry => {
      const stored = parseStored(item.id, this.map.get(item.id));
      return { id: item.id, title: item.title, group: item.group, answer: stored?.answer, updatedAt: stored?.updatedAt };
    });
    const custom: DesireEntry[] = [];
    for (const [id, raw] of this.map.entries()) {
      const stored = isId(id) && id.startsWith(CUSTOM_PREFIX) ? parseStored(id, raw) : undefined;
      if (stored?.text !== undefined) custom.push({ id, title: stored.text, group: 'custom', answer: stored.answer, updatedAt: stored.updatedAt });
    }
    custom.sort((x, y) => (x.updatedAt ?? 0) - (y.updatedAt ?? 0) || x.id.localeCompare(y.id));
    return [...builtIn, ...custom];
  }

  /**
   * Answer an item named by `ref`: a built-in or custom id, or else the person's own words (a
   * custom item, made if no item has the same words). Throws ModelValidationError for an answer
   * other than yes, maybe or no, or words that are empty or longer than DESIRE_CUSTOM_MAX.
   */
  answer(ref: string, answer: DesireAnswer): DesireAnswered {
    const value = validEnum('answer', answer, DESIRE_ANSWERS);
    const target = this.resolve(ref);
    const record: StoredAnswer = { answer: value, updatedAt: this.ctx.now() };
    if (target.custom) record.text = target.title;
    writeTransaction(this.ctx, () => this.map.set(target.id, record));
    return target;
  }

  /** Forget this partner's answer to an item (a custom item goes with it). */
  clear(id: string): void {
    if (this.map.has(id)) writeTransaction(this.ctx, () => this.map.delete(id));
  }

  /** What this partner brings to a reveal: the items answered yes or maybe. */
  revealItems(): DesireRevealItem[] {
    return this.list()
      .filter((entry) => entry.answer === 'yes' || entry.answer === 'maybe')
      // Built-ins are compared by their stable id (rewording one keeps old answers matching);
      // custom items by the person's own words, so the same words on both sides match.
      .map((entry) => ({ item: entry.group === 'custom' ? entry.title : entry.id, title: entry.title }));
  }

  private resolve(ref: string): DesireAnswered {
    const builtIn = builtInDesire(ref);
    if (builtIn) return { id: builtIn.id, title: builtIn.title, custom: false, created: false };
    const entries = this.list();
    const byId = entries.find((entry) => entry.group === 'custom' && entry.id === ref);
    if (byId) return { id: byId.id, title: byId.title, custom: true, created: false };
    const words = validText('item', ref, DESIRE_CUSTOM_MAX);
    if (words.startsWith(CUSTOM_PREFIX) && !/\s/u.test(words)) throw new ModelValidationError('item', 'unknown-id');
    const same = entries.find((entry) => fold(entry.title) === fold(words));
    if (same) return { id: same.id, title: same.title, custom: same.group === 'custom', created: false };
    return { id: `${CUSTOM_PREFIX}${randomItemId()}`, title: words, custom: true, created: true };
  }
}
