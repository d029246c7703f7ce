/**
 * A partner's private workbook: the document `private-<partnerId>`, encrypted under a key only
 * that partner's devices hold. It keeps boundary drafts, a private journal, private quick notes,
 * and check-in answers waiting for a simultaneous reveal. Nothing here reaches the other
 * partner unless the person shares it (sharing.ts), which copies it; the private copy stays.
 * Story drafts and private reframes live here too (story-drafts.ts, reframe-drafts.ts).
 *
 *   const mine = new PrivateWorkbook(privateDoc);
 *   const draft = mine.boundaryDrafts.add({ topic: 'Seeing your friend from work', preference: 'not-now' });
 *   shareBoundaryDraft(mine, workbook, draft.id, me);
 */
import type * as Y from 'yjs';
import { ItemCollection, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import { isNewerSchema, prepareForWrite, storedSchemaVersion } from './migration.js';
import {
  CONSENT_PREFERENCES,
  INBOX_KINDS,
  NARRATIVE_PARTS,
  type BoundaryDraft,
  type CheckInAnswers,
  type ConsentPreference,
  type HeldCheckInAnswers,
  type InboxKind,
  type JournalEntry,
  type PrivateItem,
  type PrivateWorkbookExport,
} from './sections.js';
import { readCheckInAnswers, validCheckInAnswers } from './checkins.js';
import { inlineMarkdown } from './markdown-text.js';
import { ReframeDraftsSection } from './reframe-drafts.js';
import { parseShared, writeSharedMark } from './shared-mark.js';
import { StoryDraftsSection } from './story-drafts.js';
import { TensionLogSection } from './tension-log.js';
import { VerifiedPartnerMark } from './verified-partner.js';
import {
  LIMITS,
  isBase64url,
  isEnum,
  isText,
  isTime,
  validBase64url,
  validEnum,
  validId,
  validOptionalText,
  validText,
} from './validation.js';
import type { WorkbookOptions } from './workbook-options.js';

/** Inserts a new item under a fresh id, created and updated now; returns it as stored. */
function insertNew<T extends { id: string; createdAt: number }, F extends Record<string, unknown>>(
  items: ItemCollection<T>,
  fields: F,
): F & { id: string; createdAt: number; updatedAt: number } {
  const id = randomItemId();
  const now = items.ctx.now();
  items.insert(id, { ...fields, createdAt: now, updatedAt: now });
  return { id, ...fields, createdAt: now, updatedAt: now };
}

function parseDraft(id: string, f: Y.Map<unknown>): BoundaryDraft | undefined {
  const topic = f.get('topic');
  const preference = f.get('preference');
  const note = f.get('note');
  const createdAt = f.get('createdAt');
  const updatedAt = f.get('updatedAt');
  if (!isText(topic, LIMITS.title) || !isEnum(preference, CONSENT_PREFERENCES) || !isText(note, LIMITS.text, true)) return undefined;
  if (!isTime(createdAt) || !isTime(updatedAt)) return undefined;
  const shared = parseShared(f.get('shared'));
  return { id, topic, preference, note, createdAt, updatedAt, ...(shared ? { shared } : {}) };
}

/** Boundary drafts: written alone, shared deliberately. */
export class BoundaryDraftsSection {
  private readonly items: ItemCollection<BoundaryDraft>;

  constructor(private readonly ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('boundaryDrafts'), parseDraft);
  }

  /** All drafts, oldest first. */
  list(): BoundaryDraft[] {
    return this.items.list();
  }

  /** One draft, or undefined. */
  get(id: string): BoundaryDraft | undefined {
    return this.items.get(id);
  }

  /** Adds a draft. */
  add(input: { topic: string; preference: ConsentPreference; note?: string }): BoundaryDraft {
    const topic = validText('topic', input.topic, LIMITS.title);
    const preference = validEnum('preference', input.preference, CONSENT_PREFERENCES);
    const note = validOptionalText('note', input.note ?? '', LIMITS.text);
    return insertNew(this.items, { topic, preference, note });
  }

  /** Changes a draft (sharing again later shares the new words as a new topic). */
  update(id: string, patch: { topic?: string; preference?: ConsentPreference; note?: string }): void {
    const values: Record<string, string> = {};
    if (patch.topic !== undefined) values['topic'] = validText('topic', patch.topic, LIMITS.title);
    if (patch.preference !== undefined) values['preference'] = validEnum('preference', patch.preference, CONSENT_PREFERENCES);
    if (patch.note !== undefined) values['note'] = validOptionalText('note', patch.note, LIMITS.text);
    this.items.update(id, (f) => {
      for (const [key, value] of Object.entries(values)) f.set(key, value);
      f.set('updatedAt', this.ctx.now());
    });
  }

  /** Deletes a draft (a shared copy stays in the shared workbook). */
  remove(id: string): void {
    this.items.remove(id);
  }

  /** Records where the draft was shared to. */
  markShared(id: string, sharedId: string): void {
    writeSharedMark(this.items, id, sharedId);
  }
}

function parseJournal(id: string, f: Y.Map<unknown>): JournalEntry | undefined {
  const text = f.get('text');
  const createdAt = f.get('createdAt');
  const updatedAt = f.get('updatedAt');
  if (!isText(text, LIMITS.journal) || !isTime(createdAt) || !isTime(updatedAt)) return undefined;
  return { id, text, createdAt, updatedAt };
}

/** The private journal: never shared, no share helper exists for it. */
export class JournalSection {
  private readonly items: ItemCollection<JournalEntry>;

  constructor(private readonly ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('journal'), parseJournal);
  }

  /** All entries, oldest first. */
  list(): JournalEntry[] {
    return this.items.list();
  }

  /** One entry, or undefined. */
  get(id: string): JournalEntry | undefined {
    return this.items.get(id);
  }

  /** Writes a new entry. */
  add(input: { text: string }): JournalEntry {
    const text = validText('text', input.text, LIMITS.journal);
    return insertNew(this.items, { text });
  }

  /** Rewrites an entry. */
  setText(id: string, text: string): void {
    const value = validText('text', text, LIMITS.journal);
    this.items.update(id, (f) => {
      f.set('text', value);
      f.set('updatedAt', this.ctx.now());
    });
  }

  /** Deletes an entry. */
  remove(id: string): void {
    this.items.remove(id);
  }
}

function parseItem(id: string, f: Y.Map<unknown>): PrivateItem | undefined {
  const text = f.get('text');
  const kind = f.get('kind');
  const createdAt = f.get('createdAt');
  const updatedAt = f.get('updatedAt');
  if (!isText(text, LIMITS.note) || !isEnum(kind, INBOX_KINDS) || !isTime(createdAt) || !isTime(updatedAt)) return undefined;
  const shared = parseShared(f.get('shared'));
  return { id, text, kind, createdAt, updatedAt, ...(shared ? { shared } : {}) };
}

/** Private quick notes (the private inbox); sharing copies one into the shared inbox. */
export class PrivateItemsSection {
  private readonly items: ItemCollection<PrivateItem>;

  constructor(private readonly ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('items'), parseItem);
  }

  /** All items, oldest first. */
  list(): PrivateItem[] {
    return this.items.list();
  }

  /** One item, or undefined. */
  get(id: string): PrivateItem | undefined {
    return this.items.get(id);
  }

  /** Adds a private note. */
  add(input: { text: string; kind?: InboxKind }): PrivateItem {
    const text = validText('text', input.text, LIMITS.note);
    const kind = validEnum('kind', input.kind ?? 'other', INBOX_KINDS);
    return insertNew(this.items, { text, kind });
  }

  /** Changes a private note. */
  update(id: string, patch: { text?: string; kind?: InboxKind }): void {
    const text = patch.text === undefined ? undefined : validText('text', patch.text, LIMITS.note);
    const kind = patch.kind === undefined ? undefined : validEnum('kind', patch.kind, INBOX_KINDS);
    this.items.update(id, (f) => {
      if (text !== undefined) f.set('text', text);
      if (kind !== undefined) f.set('kind', kind);
      f.set('updatedAt', this.ctx.now());
    });
  }

  /** Deletes a private note. */
  remove(id: string): void {
    this.items.remove(id);
  }

  /** Records where the note was shared to. */
  markShared(id: string, sharedId: string): void {
    writeSharedMark(this.items, id, sharedId);
  }
}

function parseHeld(id: string, f: Y.Map<unknown>): HeldCheckInAnswers | undefined {
  const answers = readCheckInAnswers(f.get('answers'));
  const salt = f.get('salt');
  const createdAt = f.get('createdAt');
  if (!answers || !isBase64url(salt) || !isTime(createdAt)) return undefined;
  return { checkinId: id, answers, salt, createdAt };
}

/**
 * Answers of simultaneous check-ins, kept privately (with the commitment's salt) between commit
 * and reveal, so any of the partner's devices can reveal them.
 */
export class HeldCheckInsSection {
  private readonly items: ItemCollection<HeldCheckInAnswers & { id: string }>;

  constructor(private readonly ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('heldCheckIns'), (id, f) => {
      const held = parseHeld(id, f);
      return held ? { ...held, id } : undefined;
    });
  }

  /** Keeps answers and salt for the check-in `checkinId`. */
  hold(checkinId: string, answers: CheckInAnswers, saltB64: string): HeldCheckInAnswers {
    const id = validId('checkinId', checkinId);
    const value = validCheckInAnswers(answers);
    const salt = validBase64url('salt', saltB64);
    const createdAt = this.ctx.now();
    this.items.insert(id, { answers: value, salt, createdAt });
    return { checkinId: id, answers: value, salt, createdAt };
  }

  /** The held answers of a check-in, or undefined. */
  get(checkinId: string): HeldCheckInAnswers | undefined {
    const held = this.items.get(checkinId);
    return held ? { checkinId: held.checkinId, answers: held.answers, salt: held.salt, createdAt: held.createdAt } : undefined;
  }

  /** Forgets held answers (after the reveal, or when the check-in is abandoned). */
  remove(checkinId: string): void {
    this.items.remove(checkinId);
  }
}

/** Typed access to one partner's private document. */
export class PrivateWorkbook {
  readonly boundaryDrafts: BoundaryDraftsSection;
  readonly journal: JournalSection;
  readonly items: PrivateItemsSection;
  readonly heldCheckIns: HeldCheckInsSection;
  /** Story perspectives being composed or revised, before "Share with …". */
  readonly storyDrafts: StoryDraftsSection;
  /** Reframes kept private (the default); sharing one copies it into the shared reframes. */
  readonly reframeDrafts: ReframeDraftsSection;
  /** The partner this person verified, for every one of their devices (verified-partner.ts). */
  readonly verifiedPartner: VerifiedPartnerMark;
  /** "Where am I now?" 0–10, for this person's own eyes (tension-log.ts). */
  readonly tension: TensionLogSection;

  constructor(
    readonly doc: Y.Doc,
    opts: WorkbookOptions = {},
  ) {
    for (const name of ['boundaryDrafts', 'journal', 'items', 'heldCheckIns', 'reframeDrafts', 'meta']) doc.getMap(name);
    const ctx: ModelContext = { doc, now: opts.now ?? Date.now, stampSchema: () => prepareForWrite(doc) };
    this.boundaryDrafts = new BoundaryDraftsSection(ctx);
    this.journal = new JournalSection(ctx);
    this.items = new PrivateItemsSection(ctx);
    this.heldCheckIns = new HeldCheckInsSection(ctx);
    this.storyDrafts = new StoryDraftsSection(ctx);
    this.reframeDrafts = new ReframeDraftsSection(ctx);
    this.verifiedPartner = new VerifiedPartnerMark(ctx);
    this.tension = new TensionLogSection(ctx);
  }

  /** Schema version of this document; undefined while empty. */
  get schemaVersion(): number | undefined {
    return storedSchemaVersion(this.doc);
  }

  /** True when a newer app wrote this document (writes are refused). */
  get isNewerSchema(): boolean {
    return isNewerSchema(this.doc);
  }

  /** Everything private, for the person's own export (held check-in answers are transient), the tension log included. */
  toJSON(): PrivateWorkbookExport {
    const storyDrafts = NARRATIVE_PARTS.flatMap((part) => {
      const { text, markdown } = this.storyDrafts.rendered(part);
      return text.trim() ? [{ part, text, markdown }] : [];
    });
    return {
      boundaryDrafts: this.boundaryDrafts.list(),
      journal: this.journal.list(),
      items: this.items.list(),
      reframes: this.reframeDrafts.list(),
      storyDrafts,
      tension: this.tension.list(),
    };
  }

  /** Markdown of `toJSON()`, for the person's own export. */
  toMarkdown(): string {
    return renderPrivateMarkdown(this.toJSON());
  }

  /** Calls `cb` after every change, local or remote; returns the unsubscribe function. */
  onChange(cb: () => void): () => void {
    const listener = (): void => cb();
    this.doc.on('update', listener);
    return () => this.doc.off('update', listener);
  }
}

const STORY_PART_TITLES = {
  'what-happened': 'What happened',
  'unmet-needs': 'The needs that went unmet',
  'still-possible': 'What is still possible',
} as const;

const PREFERENCE_WORDS = { yes: 'yes', maybe: 'maybe', 'not-now': 'not now', no: 'no' } as const;

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Renders a private export as Markdown: drafts, journal, private notes. */
export function renderPrivateMarkdown(data: PrivateWorkbookExport): string {
  const section = (title: string, lines: string[]): string[] => [`## ${title}`, '', ...(lines.length ? lines : ['Nothing here yet.']), ''];
  return [
    '# My private notebook',
    '',
    'Only your own devices can read this part.',
    '',
    ...section(
      'Boundary drafts',
      data.boundaryDrafts.map(
        (d) =>
          `- **${inlineMarkdown(d.topic)}**: ${PREFERENCE_WORDS[d.preference]}${d.note ? `: ${inlineMarkdown(d.note)}` : ''}${d.shared ? ` (shared ${day(d.shared.sharedAt)})` : ''}`,
      ),
    ),
    ...section('Journal', data.journal.map((j) => `- ${day(j.createdAt)}: ${inlineMarkdown(j.text)}`)),
    ...section(
      'Private reframes',
      data.reframes.map(
        (r) =>
          `- ${inlineMarkdown(r.thought)}${r.evidence ? ` → evidence: ${inlineMarkdown(r.evidence)}` : ''}${r.reframe ? ` → reframe: ${inlineMarkdown(r.reframe)}` : ''}${r.shared ? ` (shared ${day(r.shared.sharedAt)})` : ''}`,
      ),
    ),
    ...section(
      'Story drafts, not shared yet',
      data.storyDrafts.map((d) => `### ${STORY_PART_TITLES[d.part]}\n\n${d.markdown}`),
    ),
    ...section(
      'Tension log',
      data.tension.map((t) => `- ${day(t.at)}: ${t.level} of 10${t.words ? `: ${inlineMarkdown(t.words)}` : ''}`),
    ),
    ...section(
      'Private notes',
      data.items.map((i) => `- ${i.kind}, ${day(i.createdAt)}: ${inlineMarkdown(i.text)}${i.shared ? ` (shared ${day(i.shared.sharedAt)})` : ''}`),
    ),
  ].join('\n');
}
