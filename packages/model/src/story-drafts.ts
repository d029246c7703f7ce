/**
 * Story drafts in the private workbook: one rich-text fragment per part of the story, where a
 * partner composes (or revises) their perspective before sharing it. The partner never sees a
 * keystroke of it; `publishStoryDraft` (sharing.ts) copies the finished draft into the shared
 * perspective in one transaction. Top-level fragments, for the reason narrative.ts gives: two
 * devices creating the same nested fragment at once would each make their own.
 *
 *   const draft = mine.storyDrafts.fragment('what-happened'); // bind the editor to this
 *   mine.storyDrafts.startFrom('what-happened', workbook.narrative.perspectiveFragment('what-happened', me));
 */
import * as Y from 'yjs';
import { writeTransaction, type ModelContext } from './collection.js';
import { renderFragment, type RenderedFragment } from './narrative-render.js';
import { NARRATIVE_PARTS, type NarrativePart } from './sections.js';
import { validEnum } from './validation.js';

const DRAFT_PREFIX = 'storyDraft:';

/** Deep copies of a fragment's children, ready to insert into another fragment or document. */
export function cloneChildren(fragment: Y.XmlFragment): (Y.XmlElement | Y.XmlText)[] {
  const out: (Y.XmlElement | Y.XmlText)[] = [];
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlElement || child instanceof Y.XmlText) out.push(child.clone());
  }
  return out;
}

/** Replaces everything in `target` with copies of `source`'s content (inside the caller's transaction). */
export function replaceFragmentContent(target: Y.XmlFragment, source: Y.XmlFragment): void {
  if (target.length > 0) target.delete(0, target.length);
  target.insert(0, cloneChildren(source));
}

/** This partner's private drafts of their story perspectives. */
export class StoryDraftsSection {
  constructor(private readonly ctx: ModelContext) {}

  /** The private fragment to bind the editor to while composing `part`. */
  fragment(part: NarrativePart): Y.XmlFragment {
    const p = validEnum('part', part, NARRATIVE_PARTS);
    return this.ctx.doc.getXmlFragment(`${DRAFT_PREFIX}${p}`);
  }

  /** The draft rendered as plain text and Markdown (empty strings when there is none). */
  rendered(part: NarrativePart): RenderedFragment {
    return renderFragment(this.fragment(part));
  }

  /** True when the draft holds any words. */
  hasDraft(part: NarrativePart): boolean {
    return this.rendered(part).text.trim().length > 0;
  }

  /** Starts a revision: the draft becomes a copy of `shared` (the published perspective). */
  startFrom(part: NarrativePart, shared: Y.XmlFragment): void {
    const draft = this.fragment(part);
    writeTransaction(this.ctx, () => replaceFragmentContent(draft, shared));
  }

  /** Empties the draft (after publishing it, or when the person throws it away). */
  discard(part: NarrativePart): void {
    const draft = this.fragment(part);
    if (draft.length === 0) return;
    writeTransaction(this.ctx, () => draft.delete(0, draft.length));
  }
}
