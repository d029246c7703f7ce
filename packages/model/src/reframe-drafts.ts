/**
 * Private reframes: a reframe is inner work ("I'm unlovable…"), so a new one is kept in the
 * private workbook, where only this partner's devices can read it, unless the person chooses to
 * share it. Sharing (`shareReframeDraft` in sharing.ts) copies it into the shared reframes and
 * marks the private copy with where it went, as boundary drafts do.
 *
 *   const draft = mine.reframeDrafts.add({ thought: 'I am unlovable', reframe: 'I was loved today' });
 *   shareReframeDraft(mine, workbook, draft.id, me);
 */
import type * as Y from 'yjs';
import { ItemCollection, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import type { ReframeInput } from './reframes.js';
import type { ReframeDraft } from './sections.js';
import { parseShared, writeSharedMark } from './shared-mark.js';
import { LIMITS, isText, isTime, validOptionalText, validText } from './validation.js';

function parseReframeDraft(id: string, f: Y.Map<unknown>): ReframeDraft | undefined {
  const thought = f.get('thought');
  const evidence = f.get('evidence');
  const reframe = f.get('reframe');
  const createdAt = f.get('createdAt');
  const updatedAt = f.get('updatedAt');
  if (!isText(thought, LIMITS.text) || !isText(evidence, LIMITS.text, true) || !isText(reframe, LIMITS.text, true)) return undefined;
  if (!isTime(createdAt) || !isTime(updatedAt)) return undefined;
  const shared = parseShared(f.get('shared'));
  return { id, thought, evidence, reframe, createdAt, updatedAt, ...(shared ? { shared } : {}) };
}

/** The private reframes of this partner. */
export class ReframeDraftsSection {
  private readonly items: ItemCollection<ReframeDraft>;

  constructor(private readonly ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('reframeDrafts'), parseReframeDraft);
  }

  /** All private reframes, oldest first. */
  list(): ReframeDraft[] {
    return this.items.list();
  }

  /** One private reframe, or undefined. */
  get(id: string): ReframeDraft | undefined {
    return this.items.get(id);
  }

  /** Keeps a new reframe privately. */
  add(input: ReframeInput): ReframeDraft {
    const thought = validText('thought', input.thought, LIMITS.text);
    const evidence = validOptionalText('evidence', input.evidence ?? '', LIMITS.text);
    const reframe = validOptionalText('reframe', input.reframe ?? '', LIMITS.text);
    const id = randomItemId();
    const now = this.ctx.now();
    this.items.insert(id, { thought, evidence, reframe, createdAt: now, updatedAt: now });
    return { id, thought, evidence, reframe, createdAt: now, updatedAt: now };
  }

  /** Deletes a private reframe (a shared copy stays in the shared workbook). */
  remove(id: string): void {
    this.items.remove(id);
  }

  /** Records where the reframe was shared to. */
  markShared(id: string, sharedId: string): void {
    writeSharedMark(this.items, id, sharedId);
  }
}
