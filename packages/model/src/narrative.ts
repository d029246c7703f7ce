/**
 * The narrative section: the story from rupture to resilience in three parts (what happened,
 * the needs that went unmet, what is still possible). Each partner writes their own
 * perspective on each part as rich text: a top-level Y.XmlFragment per (part, partner), bound
 * to a ProseMirror editor with y-prosemirror. Top-level, because two devices creating the same
 * nested fragment at once would each make their own and one would silently win; a top-level
 * fragment is the same object on every replica. Acknowledgements ("I hear that you felt...")
 * are items in the `narrative` map.
 *
 * Nobody composes in the shared fragment: a draft lives in the author's private workbook
 * (story-drafts.ts) and `publish` replaces the shared perspective with it in one transaction,
 * counting a revision and keeping the published plain text of recent revisions. An
 * acknowledgement records the revision it read, so after a new revision `changesSince` gives
 * the partner a word diff of what changed since they acknowledged.
 *
 *   const fragment = workbook.narrative.perspectiveFragment('what-happened', me);
 *   ySyncPlugin(fragment); // editable only for `me`; show the partner's read-only
 *   workbook.narrative.acknowledge({ part: 'what-happened', of: partner, text: 'I hear you.' }, me);
 *   workbook.narrative.changesSince(ack); // undefined while the ack is of the current revision
 */
import type * as Y from 'yjs';
import { ItemCollection, asRecord, writeTransaction, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import { renderFragment } from './narrative-render.js';
import { replaceFragmentContent } from './story-drafts.js';
import {
  NARRATIVE_PARTS,
  type NarrativeAcknowledgement,
  type NarrativeEntry,
  type NarrativePart,
  type NarrativePerspective,
  type PartnerId,
} from './sections.js';
import {
  LIMITS,
  ModelValidationError,
  isEnum,
  isId,
  isIntIn,
  isText,
  isTime,
  notAllowed,
  validEnum,
  validId,
  validText,
} from './validation.js';
import { wordDiff, type WordChange } from './word-diff.js';

const FRAGMENT_PREFIX = 'narrative:';
/** How many published versions of a perspective keep their text for diffs. */
const KEPT_VERSIONS = 20;
const MAX_REVISION = 2 ** 31;

/** What an acknowledgement's author sees once the perspective changed after they acknowledged it. */
export interface AcknowledgedChanges {
  /** The revision acknowledged, and the one shared now. */
  acknowledged: number;
  current: number;
  /** Word diff from the acknowledged text to today's; undefined when that text was not kept. */
  changes: WordChange[] | undefined;
}

function recordKey(part: NarrativePart, partnerId: PartnerId): string {
  return `${part}:${partnerId}`;
}

function versionKey(part: NarrativePart, partnerId: PartnerId, revision: number): string {
  return `${part}:${partnerId}:${revision}`;
}

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
  // Acknowledgements from before revisions acknowledged whatever stood then: revision 0.
  const revision = fields.get('revision') ?? 0;
  if (!isEnum(part, NARRATIVE_PARTS) || !isId(by) || !isId(of) || by === of) return undefined;
  if (!isText(text, LIMITS.text) || !isTime(createdAt) || !isIntIn(revision, 0, MAX_REVISION)) return undefined;
  return { id, part, by, of, text, createdAt, revision };
}

/** Perspectives (rich text) and acknowledgements of the narrative. */
export class NarrativeSection {
  private readonly acks: ItemCollection<NarrativeAcknowledgement>;
  /** `part:partnerId` → { revision, publishedAt }: the perspective's current revision. */
  private readonly published: Y.Map<unknown>;
  /** `part:partnerId:revision` → the plain text published as that revision. */
  private readonly versions: Y.Map<unknown>;

  constructor(private readonly ctx: ModelContext) {
    this.acks = new ItemCollection(ctx, ctx.doc.getMap('narrative'), parseAck);
    this.published = ctx.doc.getMap('narrativePublished');
    this.versions = ctx.doc.getMap('narrativeVersions');
  }

  /** The revision of `partnerId`'s shared perspective on `part`: 0 before the first publish. */
  publishedRevision(part: NarrativePart, partnerId: PartnerId): number {
    const record = asRecord(this.published.get(recordKey(part, partnerId)));
    const revision = record?.['revision'];
    return isIntIn(revision, 1, MAX_REVISION) ? revision : 0;
  }

  /** The plain text published as `revision`, if it is still kept. */
  publishedText(part: NarrativePart, partnerId: PartnerId, revision: number): string | undefined {
    const text = this.versions.get(versionKey(part, partnerId, revision));
    return typeof text === 'string' ? text : undefined;
  }

  /**
   * Replaces `partnerId`'s shared perspective on `part` with a copy of `source` (their private
   * draft) in one transaction, and counts a new revision. Returns the new revision.
   */
  publish(part: NarrativePart, partnerId: PartnerId, source: Y.XmlFragment): number {
    const target = this.perspectiveFragment(part, partnerId);
    const who = validId('partnerId', partnerId);
    const text = renderFragment(source).text;
    if (text.trim().length === 0) throw new ModelValidationError('text', 'required');
    const previous = this.publishedRevision(part, who);
    const revision = previous + 1;
    writeTransaction(this.ctx, () => {
      // Words written before revisions existed are revision 0: keep them for the diff too.
      if (previous === 0 && target.length > 0) this.versions.set(versionKey(part, who, 0), renderFragment(target).text);
      replaceFragmentContent(target, source);
      this.published.set(recordKey(part, who), { revision, publishedAt: this.ctx.now() });
      this.versions.set(versionKey(part, who, revision), text);
      const stale = versionKey(part, who, revision - KEPT_VERSIONS);
      if (this.versions.has(stale)) this.versions.delete(stale);
    });
    return revision;
  }

  /**
   * What changed in the acknowledged perspective since `ack` was written, or undefined while
   * the acknowledgement is of the revision shared now.
   */
  changesSince(ack: NarrativeAcknowledgement): AcknowledgedChanges | undefined {
    const current = this.publishedRevision(ack.part, ack.of);
    if (ack.revision === current) return undefined;
    const before = this.publishedText(ack.part, ack.of, ack.revision);
    const after = this.perspective(ack.part, ack.of).text;
    return { acknowledged: ack.revision, current, changes: before === undefined ? undefined : wordDiff(before, after) };
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
    // The revision read: a later publish makes this an acknowledgement of an earlier version.
    const revision = this.publishedRevision(part, of);
    const ack: NarrativeAcknowledgement = { id, part, by, of, text, createdAt: this.ctx.now(), revision };
    this.acks.insert(id, { part, by, of, text, createdAt: ack.createdAt, revision });
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
