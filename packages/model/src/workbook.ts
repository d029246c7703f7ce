/**
 * The shared workbook: the typed schema over one Y.Doc. Every write is validated and runs in
 * `doc.transact`; every read tolerates junk from a peer. Sections are top-level Y.Maps named
 * as in SECTIONS, plus `members` (names) and `meta` (schema version).
 *
 *   const workbook = new Workbook(doc);
 *   workbook.inbox.add({ text: 'Can we talk about Sunday?', kind: 'checkin' }, me);
 *   const stop = workbook.onChange(() => render(workbook.toJSON()));
 */
import type * as Y from 'yjs';
import type { ModelContext } from './collection.js';
import { exportWorkbook, renderMarkdown } from './export.js';
import { InboxSection } from './inbox.js';
import { MembersSection } from './members.js';
import { SCHEMA_VERSION, SECTIONS, type WorkbookExport } from './sections.js';
import { VocabularySection } from './vocabulary.js';

export interface WorkbookOptions {
  /** Clock for createdAt/updatedAt (ms); tests pass a fixed one. */
  now?: () => number;
}

/** Typed access to the shared workbook document. */
export class Workbook {
  readonly vocabulary: VocabularySection;
  readonly inbox: InboxSection;
  readonly members: MembersSection;
  private readonly meta: Y.Map<unknown>;

  constructor(
    readonly doc: Y.Doc,
    opts: WorkbookOptions = {},
  ) {
    // Touching every container up front reserves its name and type (a top-level name bound to
    // a different type later would throw), and costs nothing on the wire.
    for (const section of SECTIONS) doc.getMap(section);
    this.meta = doc.getMap('meta');
    const now = opts.now ?? Date.now;
    const ctx: ModelContext = {
      doc,
      now,
      stampSchema: () => {
        if (!this.meta.has('schemaVersion')) this.meta.set('schemaVersion', SCHEMA_VERSION);
      },
    };
    this.vocabulary = new VocabularySection(ctx);
    this.inbox = new InboxSection(ctx);
    this.members = new MembersSection(ctx);
  }

  /** Schema version written by whoever wrote first; undefined for an empty document. */
  get schemaVersion(): number | undefined {
    const v = this.meta.get('schemaVersion');
    return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
  }

  /** True when a newer app wrote this document: show "update the app" instead of editing. */
  get isNewerSchema(): boolean {
    return (this.schemaVersion ?? SCHEMA_VERSION) > SCHEMA_VERSION;
  }

  /** Plain JSON of every section. */
  toJSON(): WorkbookExport {
    return exportWorkbook(this.vocabulary.list(), this.inbox.list(), this.members.all());
  }

  /** Markdown rendering of `toJSON()`. */
  toMarkdown(): string {
    return renderMarkdown(this.toJSON());
  }

  /** Calls `cb` after every change, local or remote; returns the unsubscribe function. */
  onChange(cb: () => void): () => void {
    const listener = (): void => cb();
    this.doc.on('update', listener);
    return () => this.doc.off('update', listener);
  }
}
