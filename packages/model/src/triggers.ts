/**
 * The triggers section: trigger → what tends to happen → the response we agreed. Written
 * together, so either partner may edit any item.
 *
 *   const t = workbook.triggers.add({ trigger: 'Phone face down', whatHappens: 'I spiral', agreedResponse: 'Say who it is' }, me);
 *   workbook.triggers.update(t.id, me, { agreedResponse: 'Show the screen, no questions asked' });
 */
import type * as Y from 'yjs';
import { ItemCollection, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import type { PartnerId, TriggerItem } from './sections.js';
import { LIMITS, isId, isText, isTime, validId, validOptionalText, validText } from './validation.js';

/** The editable fields of a trigger. */
export interface TriggerInput {
  trigger: string;
  whatHappens?: string;
  agreedResponse?: string;
}

function parseTrigger(id: string, f: Y.Map<unknown>): TriggerItem | undefined {
  const trigger = f.get('trigger');
  const whatHappens = f.get('whatHappens');
  const agreedResponse = f.get('agreedResponse');
  const createdBy = f.get('createdBy');
  const createdAt = f.get('createdAt');
  const updatedAt = f.get('updatedAt');
  if (!isText(trigger, LIMITS.title) || !isText(whatHappens, LIMITS.text, true) || !isText(agreedResponse, LIMITS.text, true)) return undefined;
  if (!isId(createdBy) || !isTime(createdAt) || !isTime(updatedAt)) return undefined;
  return { id, trigger, whatHappens, agreedResponse, createdBy, createdAt, updatedAt };
}

/** Typed reads and validated writes of the triggers section. */
export class TriggersSection {
  private readonly items: ItemCollection<TriggerItem>;

  constructor(private readonly ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('triggers'), parseTrigger);
  }

  /** All valid triggers, oldest first. */
  list(): TriggerItem[] {
    return this.items.list();
  }

  /** One trigger, or undefined. */
  get(id: string): TriggerItem | undefined {
    return this.items.get(id);
  }

  /** Adds a trigger; what happens and the agreed response may be filled in later. */
  add(input: TriggerInput, partnerId: PartnerId): TriggerItem {
    const trigger = validText('trigger', input.trigger, LIMITS.title);
    const whatHappens = validOptionalText('whatHappens', input.whatHappens ?? '', LIMITS.text);
    const agreedResponse = validOptionalText('agreedResponse', input.agreedResponse ?? '', LIMITS.text);
    const createdBy = validId('partnerId', partnerId);
    const id = randomItemId();
    const now = this.ctx.now();
    const item: TriggerItem = { id, trigger, whatHappens, agreedResponse, createdBy, createdAt: now, updatedAt: now };
    this.items.insert(id, { trigger, whatHappens, agreedResponse, createdBy, createdAt: now, updatedAt: now });
    return item;
  }

  /** Changes any of the fields; each field merges on its own with the other partner's edits. */
  update(id: string, partnerId: PartnerId, patch: Partial<TriggerInput>): void {
    validId('partnerId', partnerId);
    const values: Record<string, string> = {};
    if (patch.trigger !== undefined) values['trigger'] = validText('trigger', patch.trigger, LIMITS.title);
    if (patch.whatHappens !== undefined) values['whatHappens'] = validOptionalText('whatHappens', patch.whatHappens, LIMITS.text);
    if (patch.agreedResponse !== undefined) values['agreedResponse'] = validOptionalText('agreedResponse', patch.agreedResponse, LIMITS.text);
    this.items.update(id, (f) => {
      for (const [key, value] of Object.entries(values)) f.set(key, value);
      f.set('updatedAt', this.ctx.now());
    });
  }

  /** Deletes a trigger. */
  remove(id: string, partnerId: PartnerId): void {
    validId('partnerId', partnerId);
    this.items.remove(id);
  }
}
