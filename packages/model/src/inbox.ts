/**
 * The inbox section: quick notes from any device (appreciation, trigger noticed, need, topic
 * for the next check-in), triaged later by status.
 *
 *   const note = workbook.inbox.add({ text: 'Thank you for the call', kind: 'appreciation' }, me);
 *   workbook.inbox.setStatus(note.id, 'discussed');
 */
import type * as Y from 'yjs';
import { ItemCollection, type CollectionRules, type ModelContext, type RemovedItem } from './collection.js';
import { assertMayChange } from './ownership.js';
import { randomItemId } from './item-ids.js';
import { INBOX_KINDS, INBOX_STATUSES, type InboxKind, type InboxNote, type InboxStatus, type PartnerId } from './sections.js';
import { LIMITS, isEnum, isId, isText, isTime, validEnum, validId, validText } from './validation.js';

function parseNote(id: string, fields: Y.Map<unknown>): InboxNote | undefined {
  const text = fields.get('text');
  const kind = fields.get('kind');
  const status = fields.get('status');
  const createdBy = fields.get('createdBy');
  const createdAt = fields.get('createdAt');
  const updatedAt = fields.get('updatedAt');
  if (!isText(text, LIMITS.note) || !isEnum(kind, INBOX_KINDS) || !isEnum(status, INBOX_STATUSES)) return undefined;
  if (!isId(createdBy) || !isTime(createdAt)) return undefined;
  // A schema-1 app (or one that has not migrated yet) writes notes without updatedAt.
  return { id, text, kind, status, createdBy, createdAt, updatedAt: isTime(updatedAt) ? updatedAt : createdAt };
}

/** A note is its writer's own words; the other partner triages it (ownership.ts). */
const RULES: CollectionRules = { section: 'inbox', authorKey: 'createdBy', contentKeys: ['text', 'kind'] };

/** Typed reads and validated writes of the inbox section. */
export class InboxSection {
  private readonly items: ItemCollection<InboxNote>;

  constructor(ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('inbox'), parseNote, RULES);
  }

  /** All valid notes, oldest first. */
  list(): InboxNote[] {
    return this.items.list();
  }

  /** One note, or undefined. */
  get(id: string): InboxNote | undefined {
    return this.items.get(id);
  }

  /** Adds a note with status 'new'. */
  add(input: { text: string; kind?: InboxKind }, partnerId: PartnerId): InboxNote {
    const text = validText('text', input.text, LIMITS.note);
    const kind = validEnum('kind', input.kind ?? 'other', INBOX_KINDS);
    const createdBy = validId('partnerId', partnerId);
    const id = randomItemId();
    const now = this.items.ctx.now();
    const note: InboxNote = { id, text, kind, status: 'new', createdBy, createdAt: now, updatedAt: now };
    this.items.insert(id, { text, kind, status: note.status, createdBy, createdAt: now, updatedAt: now });
    return note;
  }

  /** Rewrites a note's text (with `partnerId`: refused unless it is their note). */
  setText(id: string, text: string, partnerId?: PartnerId): void {
    const value = validText('text', text, LIMITS.note);
    const who = partnerId === undefined ? undefined : validId('partnerId', partnerId);
    this.items.update(
      id,
      (f, note) => {
        if (who !== undefined) assertMayChange('inbox', 'edit', who, note.createdBy);
        f.set('text', value);
        f.set('updatedAt', this.items.ctx.now());
      },
      who,
    );
  }

  /** Triage: new → discussed / keep / archived (any order). */
  setStatus(id: string, status: InboxStatus): void {
    const value = validEnum('status', status, INBOX_STATUSES);
    this.items.update(id, (f) => {
      f.set('status', value);
      f.set('updatedAt', this.items.ctx.now());
    });
  }

  /**
   * Marks a note "for our next check-in" (or takes the mark off): triage, so either partner may,
   * on either's note (ownership.ts 'respond'); the words stay the writer's. A note written as a
   * check-in topic (kind 'checkin') is for the next check-in without a mark.
   */
  markForCheckin(id: string, partnerId: PartnerId, on: boolean): void {
    const who = validId('partnerId', partnerId);
    this.items.update(id, (f, note) => {
      assertMayChange('inbox', 'respond', who, note.createdBy);
      f.set('forCheckin', on);
      f.set('updatedAt', this.items.ctx.now());
    });
  }

  /** Is the note for the next check-in (marked, or written as a check-in topic)? */
  isForCheckin(id: string): boolean {
    const note = this.items.get(id);
    if (!note) return false;
    // get() returned the note, so its fields are a Y.Map.
    return note.kind === 'checkin' || (this.items.map.get(id) as Y.Map<unknown>).get('forCheckin') === true;
  }

  /** Removes a note (with `partnerId`: refused unless it is their note; `restore` puts it back). */
  remove(id: string, partnerId?: PartnerId): void {
    this.items.remove(id, partnerId === undefined ? undefined : validId('partnerId', partnerId));
  }

  /** Puts a removed note back. */
  restore(id: string, partnerId: PartnerId): void {
    this.items.restore(id, validId('partnerId', partnerId));
  }

  /** Removed notes, most recent first. */
  removed(): RemovedItem<InboxNote>[] {
    return this.items.removed();
  }
}
