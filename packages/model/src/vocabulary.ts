/**
 * The vocabulary section: words for emotions, needs, desires, boundaries and signals, each with
 * every partner's own meaning. Meanings live in a nested Y.Map keyed by partnerId so both
 * partners can write theirs at the same time without one overwriting the other.
 *
 *   const entry = workbook.vocabulary.add({ term: 'flooded', category: 'emotion' }, me);
 *   workbook.vocabulary.setMeaning(entry.id, me, 'too much at once; I need a pause');
 */
import * as Y from 'yjs';
import { ItemCollection, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import {
  VOCABULARY_CATEGORIES,
  type PartnerId,
  type VocabularyCategory,
  type VocabularyEntry,
} from './sections.js';
import { LIMITS, isEnum, isId, isText, isTime, validEnum, validId, validOptionalText, validText } from './validation.js';

/** Reads one stored entry, skipping malformed meanings and rejecting malformed required fields. */
function parseEntry(id: string, fields: Y.Map<unknown>): VocabularyEntry | undefined {
  const term = fields.get('term');
  const category = fields.get('category');
  const createdBy = fields.get('createdBy');
  const createdAt = fields.get('createdAt');
  const updatedAt = fields.get('updatedAt');
  if (!isText(term, LIMITS.term) || !isEnum(category, VOCABULARY_CATEGORIES)) return undefined;
  if (!isId(createdBy) || !isTime(createdAt) || !isTime(updatedAt)) return undefined;
  const meanings: Record<PartnerId, string> = {};
  const stored = fields.get('meanings');
  if (stored instanceof Y.Map) {
    for (const [partnerId, text] of (stored as Y.Map<unknown>).entries()) {
      if (isId(partnerId) && isText(text, LIMITS.meaning)) meanings[partnerId] = text;
    }
  }
  return { id, term, category, meanings, createdBy, createdAt, updatedAt };
}

/** Typed reads and validated writes of the vocabulary section. */
export class VocabularySection {
  private readonly items: ItemCollection<VocabularyEntry>;

  constructor(ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('vocabulary'), parseEntry);
  }

  /** All valid entries, oldest first. */
  list(): VocabularyEntry[] {
    return this.items.list();
  }

  /** One entry, or undefined. */
  get(id: string): VocabularyEntry | undefined {
    return this.items.get(id);
  }

  /** Adds a term; `meaning`, if given and non-empty, is the author's own meaning. */
  add(input: { term: string; category?: VocabularyCategory; meaning?: string }, partnerId: PartnerId): VocabularyEntry {
    const term = validText('term', input.term, LIMITS.term);
    const category = validEnum('category', input.category ?? 'emotion', VOCABULARY_CATEGORIES);
    const author = validId('partnerId', partnerId);
    const meaning = input.meaning === undefined ? '' : validOptionalText('meaning', input.meaning, LIMITS.meaning);
    const id = randomItemId();
    const now = this.items.ctx.now();
    const meanings = new Y.Map<string>();
    if (meaning) meanings.set(author, meaning);
    this.items.insert(id, { term, category, meanings, createdBy: author, createdAt: now, updatedAt: now });
    return { id, term, category, meanings: meaning ? { [author]: meaning } : {}, createdBy: author, createdAt: now, updatedAt: now };
  }

  /** Renames a term. */
  setTerm(id: string, term: string): void {
    const value = validText('term', term, LIMITS.term);
    this.items.update(id, (f) => {
      f.set('term', value);
      f.set('updatedAt', this.items.ctx.now());
    });
  }

  /** Sets (or, with an empty string, clears) one partner's meaning. */
  setMeaning(id: string, partnerId: PartnerId, meaning: string): void {
    const who = validId('partnerId', partnerId);
    const text = validOptionalText('meaning', meaning, LIMITS.meaning);
    this.items.update(id, (f) => {
      let meanings = f.get('meanings');
      if (!(meanings instanceof Y.Map)) {
        // A peer left no usable meanings map; recreate it rather than lose the write.
        meanings = new Y.Map<string>();
        f.set('meanings', meanings);
      }
      const map = meanings as Y.Map<unknown>;
      if (text) map.set(who, text);
      else map.delete(who);
      f.set('updatedAt', this.items.ctx.now());
    });
  }

  /** Moves an entry to another category. */
  setCategory(id: string, category: VocabularyCategory): void {
    const value = validEnum('category', category, VOCABULARY_CATEGORIES);
    this.items.update(id, (f) => {
      f.set('category', value);
      f.set('updatedAt', this.items.ctx.now());
    });
  }

  /** Deletes an entry. */
  remove(id: string): void {
    this.items.remove(id);
  }
}
