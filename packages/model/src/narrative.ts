/**
 * The narrative section: the story from rupture to resilience in three parts (what happened,
 * the needs that went unmet, what is still possible). Each partner writes their own
 * perspective on each part as rich text: a top-level Y.XmlFragment per (part, partner), bound
 * to a ProseMirror editor with y-prosemirror. Top-level, because two devices creating the same
 * nested fragment at once would each make their own and one would silently win; a top-level
 * fragment is the same object on every replica. Acknowledgements ("I hear that you felt...")
 * are items in the `narrative` map.
 *
 *   const fragment = workbook.narrative.perspectiveFragment('what-happened', me);
 *   ySyncPlugin(fragment); // editable only for `me`; show the partner's read-only
 *   workbook.narrative.acknowledge({ part: 'what-happened', of: partner, text: 'I hear you.' }, me);
 */
import type * as Y from 'yjs';
import { ItemCollection, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import { renderFragment } from './narrative-render.js';
import {
  NARRATIVE_PARTS,
  type NarrativeAcknowledgement,
  type NarrativeEntry,
  type NarrativePart,
  type NarrativePerspective,
  type PartnerId,
} from './sections.js';
import { LIMITS, isEnum, isId, isText, isTime, notAllowed, validEnum, validId, validText } from './validation.js';

const FRAGMENT_PREFIX = 'narrative:';

/** Name of the top-level fragment holding one partner's perspective on one part. */
export function perspectiveFragmentName(part: NarrativePart, partnerId: PartnerId): string {
  return `${FRAGMENT_PREFIX}${part}:${partnerId}`;
}

function parseAck(id: string, fields: Y.Map<unknown>): NarrativeAcknowledgement | undefined {
  const part = fields.get('part');
  const by = fields.get('by');
  const of = fields.get('of');
  const text = fields.get('text');
  const createdAt = fields.get('createdAt');
  if (!isEnum(part, NARRATIVE_PARTS) || !isId(by) || !isId(of) || by === of) return undefined;
  if (!isText(text, LIMITS.text) || !isTime(createdAt)) return undefined;
  return { id, part, by, of, text, createdAt };
}

/** Perspectives (rich text) and acknowledgements of the narrative. */
export class NarrativeSection {
  private readonly acks: ItemCollection<NarrativeAcknowledgement>;

  constructor(private readonly ctx: ModelContext) {
    this.acks = new ItemCollection(ctx, ctx.doc.getMap('narrative'), parseAck);
  }

  /**
   * The rich-text fragment of `partnerId`'s perspective on `part`, for y-prosemirror. Defining
   * it writes nothing; the first keystroke does. Bind an editor only to the viewer's own.
   */
  perspectiveFragment(part: NarrativePart, partnerId: PartnerId): Y.XmlFragment {
    const p = validEnum('part', part, NARRATIVE_PARTS);
    const who = validId('partnerId', partnerId);
    return this.ctx.doc.getXmlFragment(perspectiveFragmentName(p, who));
  }

  /** One perspective rendered as plain text and Markdown (empty strings when unwritten). */
  perspective(part: NarrativePart, partnerId: PartnerId): NarrativePerspective {
    const { text, markdown } = renderFragment(this.perspectiveFragment(part, partnerId));
    return { partnerId, text, markdown };
  }

  /** Partners who have written something on `part`, sorted by id (same on every replica). */
  authors(part: NarrativePart): PartnerId[] {
    const p = validEnum('part', part, NARRATIVE_PARTS);
    const prefix = `${FRAGMENT_PREFIX}${p}:`;
    const found: PartnerId[] = [];
    // A fragment created by the other replica shows up in `share` under its name even before
    // this replica has asked for it; `perspectiveFragment` gives it its type.
    for (const name of this.ctx.doc.share.keys()) {
      if (!name.startsWith(prefix)) continue;
      const partnerId = name.slice(prefix.length);
      if (isId(partnerId) && this.perspectiveFragment(p, partnerId).length > 0) found.push(partnerId);
    }
    return found.sort();
  }

  /** Acknowledges the other partner's perspective on `part`; nobody acknowledges themselves. */
  acknowledge(input: { part: NarrativePart; of: PartnerId; text: string }, partnerId: PartnerId): NarrativeAcknowledgement {
    const part = validEnum('part', input.part, NARRATIVE_PARTS);
    const of = validId('of', input.of);
    const by = validId('partnerId', partnerId);
    if (of === by) notAllowed('of');
    const text = validText('text', input.text, LIMITS.text);
    const id = randomItemId();
    const ack: NarrativeAcknowledgement = { id, part, by, of, text, createdAt: this.ctx.now() };
    this.acks.insert(id, { part, by, of, text, createdAt: ack.createdAt });
    return ack;
  }

  /** Acknowledgements, oldest first; of one part when `part` is given. */
  acknowledgements(part?: NarrativePart): NarrativeAcknowledgement[] {
    const all = this.acks.list();
    return part === undefined ? all : all.filter((a) => a.part === part);
  }

  /** Rewrites an acknowledgement: its author only. */
  setAcknowledgementText(id: string, partnerId: PartnerId, text: string): void {
    const who = validId('partnerId', partnerId);
    const value = validText('text', text, LIMITS.text);
    this.acks.update(id, (f, ack) => {
      if (ack.by !== who) notAllowed('id');
      f.set('text', value);
    });
  }

  /** Withdraws an acknowledgement: its author only. */
  removeAcknowledgement(id: string, partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    const ack = this.acks.get(id);
    if (ack && ack.by !== who) notAllowed('id');
    this.acks.remove(id);
  }

  /** Every part with its perspectives side by side and its acknowledgements. */
  list(): NarrativeEntry[] {
    const acks = this.acks.list();
    return NARRATIVE_PARTS.map((part) => ({
      part,
      perspectives: this.authors(part).map((p) => this.perspective(part, p)),
      acknowledgements: acks.filter((a) => a.part === part),
    }));
  }
}
