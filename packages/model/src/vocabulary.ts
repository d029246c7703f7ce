/**
 * The vocabulary section: words for emotions, needs, desires, boundaries and signals, each with
 * every partner's own meaning. Meanings live in a nested Y.Map keyed by partnerId so both
 * partners can write theirs at the same time without one overwriting the other.
 *
 *   const entry = workbook.vocabulary.add({ term: 'flooded', category: 'emotion' }, me);
 *   workbook.vocabulary.setMeaning(entry.id, me, 'too much at once; I need a pause');
 */
import * as Y from 'yjs';
import { authorsOwnValue } from './authorship.js';
import { ItemCollection, type CollectionRules, type ItemHistory, type ModelContext, type RemovedItem } from './collection.js';
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

/** The words are shared (either partner edits, attributed); each meaning is its partner's own key. */
const RULES: CollectionRules = { section: 'vocabulary', authorKey: 'createdBy', contentKeys: ['term', 'category'] };

/** Typed reads and validated writes of the vocabulary section. */
export class VocabularySection {
  private readonly items: ItemCollection<VocabularyEntry>;

  constructor(ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('vocabulary'), parseEntry, RULES);
  }

  /** All valid entries, oldest first. */
  list(): VocabularyEntry[] {
    return this.items.list().map((e) => this.ownMeanings(e));
  }

  /** One entry, or undefined. */
  get(id: string): VocabularyEntry | undefined {
    const entry = this.items.get(id);
    return entry && this.ownMeanings(entry);
  }

  /**
   * Each meaning is its partner's own: one another partner's device wrote under their key is
   * read as that partner's last own words (or none), per the verified client binding.
   */
  private ownMeanings(entry: VocabularyEntry): VocabularyEntry {
    const resolve = this.items.ctx.authorOfClient;
    const fields = this.items.map.get(entry.id);
    const stored = fields instanceof Y.Map ? (fields as Y.Map<unknown>).get('meanings') : undefined;
    if (!resolve || !(stored instanceof Y.Map)) return entry;
    const meanings: Record<PartnerId, string> = {};
    for (const [partnerId, text] of Object.entries(entry.meanings)) {
      const own = authorsOwnValue(stored as Y.Map<unknown>, partnerId, partnerId, resolve);
      const value = own ? own.value : text;
      if (isText(value, LIMITS.meaning)) meanings[partnerId] = value;
    }
    return { ...entry, meanings };
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
  setTerm(id: string, term: string, partnerId?: PartnerId): void {
    const value = validText('term', term, LIMITS.term);
    const who = partnerId === undefined ? undefined : validId('partnerId', partnerId);
    this.items.update(
      id,
      (f, entry) => {
        if (entry.term === value) return;
        f.set('term', value);
        f.set('updatedAt', this.items.ctx.now());
      },
      who,
    );
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
      // Cleared by overwriting with '' (read as no meaning), never by deleting: a delete could
      // erase a struct another device wrote, which the sync layer refuses.
      (meanings as Y.Map<unknown>).set(who, text);
      f.set('updatedAt', this.items.ctx.now());
    });
  }

  /** Moves an entry to another category. */
  setCategory(id: string, category: VocabularyCategory, partnerId?: PartnerId): void {
    const value = validEnum('category', category, VOCABULARY_CATEGORIES);
    const who = partnerId === undefined ? undefined : validId('partnerId', partnerId);
    this.items.update(
      id,
      (f, entry) => {
        if (entry.category === value) return;
        f.set('category', value);
        f.set('updatedAt', this.items.ctx.now());
      },
      who,
    );
  }

  /** Removes an entry for both (either partner; attributed, and `restore` puts it back). */
  remove(id: string, partnerId?: PartnerId): void {
    this.items.remove(id, partnerId === undefined ? undefined : validId('partnerId', partnerId));
  }

  /** Puts a removed entry back, with every meaning it held. */
  restore(id: string, partnerId: PartnerId): void {
    this.items.restore(id, validId('partnerId', partnerId));
  }

  /** Removed entries, most recent first. */
  removed(): RemovedItem<VocabularyEntry>[] {
    return this.items.removed();
  }

  /** Who added a word and what the other partner changed in it. */
  history(id: string): ItemHistory | undefined {
    return this.items.history(id);
  }
}
