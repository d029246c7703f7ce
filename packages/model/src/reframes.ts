/**
 * The reframes section: an automatic thought → evidence from recent supportive exchanges → a
 * kinder, truer reframe. A reframe is its author's inner work, so only the author edits it.
 *
 *   workbook.reframes.add({ thought: 'They don't care', evidence: 'They called at lunch', reframe: 'They think of me' }, me);
 */
import type * as Y from 'yjs';
import { ItemCollection, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import type { PartnerId, ReframeItem } from './sections.js';
import { LIMITS, isId, isText, isTime, notAllowed, validId, validOptionalText, validText } from './validation.js';

/** The editable fields of a reframe; evidence and reframe may come later. */
export interface ReframeInput {
  thought: string;
  evidence?: string;
  reframe?: string;
}

function parseReframe(id: string, f: Y.Map<unknown>): ReframeItem | undefined {
  const thought = f.get('thought');
  const evidence = f.get('evidence');
  const reframe = f.get('reframe');
  const by = f.get('by');
  const createdAt = f.get('createdAt');
  const updatedAt = f.get('updatedAt');
  if (!isText(thought, LIMITS.text) || !isText(evidence, LIMITS.text, true) || !isText(reframe, LIMITS.text, true)) return undefined;
  if (!isId(by) || !isTime(createdAt) || !isTime(updatedAt)) return undefined;
  return { id, thought, evidence, reframe, by, createdAt, updatedAt };
}

/** Typed reads and validated, author-only edits of the reframes section. */
export class ReframesSection {
  private readonly items: ItemCollection<ReframeItem>;

  constructor(private readonly ctx: ModelContext) {
    // Ownership rule (ownership.ts): verified author, own words kept, removal a marker.
    this.items = new ItemCollection(ctx, ctx.doc.getMap('reframes'), parseReframe, { section: 'reframes', authorKey: 'by', contentKeys: ['thought', 'evidence', 'reframe'] });
  }

  /** All valid reframes, oldest first. */
  list(): ReframeItem[] {
    return this.items.list();
  }

  /** One reframe, or undefined. */
  get(id: string): ReframeItem | undefined {
    return this.items.get(id);
  }

  /** Adds a reframe. */
  add(input: ReframeInput, partnerId: PartnerId): ReframeItem {
    const thought = validText('thought', input.thought, LIMITS.text);
    const evidence = validOptionalText('evidence', input.evidence ?? '', LIMITS.text);
    const reframe = validOptionalText('reframe', input.reframe ?? '', LIMITS.text);
    const by = validId('partnerId', partnerId);
    const id = randomItemId();
    const now = this.ctx.now();
    this.items.insert(id, { thought, evidence, reframe, by, createdAt: now, updatedAt: now });
    return { id, thought, evidence, reframe, by, createdAt: now, updatedAt: now };
  }

  /** Changes any of the fields: the author only. */
  update(id: string, partnerId: PartnerId, patch: Partial<ReframeInput>): void {
    const who = validId('partnerId', partnerId);
    const values: Record<string, string> = {};
    if (patch.thought !== undefined) values['thought'] = validText('thought', patch.thought, LIMITS.text);
    if (patch.evidence !== undefined) values['evidence'] = validOptionalText('evidence', patch.evidence, LIMITS.text);
    if (patch.reframe !== undefined) values['reframe'] = validOptionalText('reframe', patch.reframe, LIMITS.text);
    this.items.update(id, (f, item) => {
      if (item.by !== who) notAllowed('id');
      for (const [key, value] of Object.entries(values)) f.set(key, value);
      f.set('updatedAt', this.ctx.now());
    });
  }

  /** Deletes a reframe: the author only. */
  remove(id: string, partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    const item = this.items.get(id);
    if (item && item.by !== who) notAllowed('id');
    this.items.remove(id);
  }
}
