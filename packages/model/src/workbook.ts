/**
 * The shared workbook: the typed schema over one Y.Doc. Every write is validated and runs in
 * `doc.transact` (after migrating an older document, and never on a newer one); every read
 * tolerates junk from a peer. Sections are top-level Y.Maps named as in SECTIONS, plus
 * `members` (names), `meta` (schema version) and one Y.XmlFragment per narrative perspective.
 *
 *   const workbook = new Workbook(doc);
 *   workbook.inbox.add({ text: 'Can we talk about Sunday?', kind: 'checkin' }, me);
 *   const stop = workbook.onChange(() => render(workbook.toJSON({ viewer: me })));
 */
import type * as Y from 'yjs';
import { AgreementsSection } from './agreements.js';
import { BoundariesSection } from './boundaries.js';
import { CheckInsSection } from './checkins.js';
import type { ModelContext } from './collection.js';
import { exportWorkbook, renderMarkdown, type ExportOptions } from './export.js';
import { InboxSection } from './inbox.js';
import { MembersSection } from './members.js';
import { isNewerSchema, prepareForWrite, storedSchemaVersion } from './migration.js';
import { NarrativeSection } from './narrative.js';
import { ReframesSection } from './reframes.js';
import { SECTIONS, type WorkbookExport } from './sections.js';
import { TriggersSection } from './triggers.js';
import { VocabularySection } from './vocabulary.js';
import { WinsSection } from './wins.js';
import type { WorkbookOptions } from './workbook-options.js';

export type { WorkbookOptions } from './workbook-options.js';

/** Typed access to the shared workbook document. */
export class Workbook {
  readonly vocabulary: VocabularySection;
  readonly boundaries: BoundariesSection;
  readonly narrative: NarrativeSection;
  readonly agreements: AgreementsSection;
  readonly triggers: TriggersSection;
  readonly checkins: CheckInsSection;
  readonly wins: WinsSection;
  readonly reframes: ReframesSection;
  readonly inbox: InboxSection;
  readonly members: MembersSection;
  /** The verified client id → partner binding, if known (readers that look at raw structs use it). */
  readonly authorOfClient: WorkbookOptions['authorOfClient'];

  constructor(
    readonly doc: Y.Doc,
    opts: WorkbookOptions = {},
  ) {
    // Touching every container up front reserves its name and type (a top-level name bound to
    // a different type later would throw), and costs nothing on the wire.
    for (const section of SECTIONS) doc.getMap(section);
    doc.getMap('members');
    doc.getMap('meta');
    this.authorOfClient = opts.authorOfClient;
    const ctx: ModelContext = {
      doc,
      now: opts.now ?? Date.now,
      stampSchema: () => prepareForWrite(doc),
      ...(opts.authorOfClient ? { authorOfClient: opts.authorOfClient } : {}),
    };
    this.vocabulary = new VocabularySection(ctx);
    this.boundaries = new BoundariesSection(ctx);
    this.narrative = new NarrativeSection(ctx);
    this.agreements = new AgreementsSection(ctx);
    this.triggers = new TriggersSection(ctx);
    this.checkins = new CheckInsSection(ctx);
    this.wins = new WinsSection(ctx);
    this.reframes = new ReframesSection(ctx);
    this.inbox = new InboxSection(ctx);
    this.members = new MembersSection(ctx);
  }

  /** Schema version stored in the document; undefined for an empty document. */
  get schemaVersion(): number | undefined {
    return storedSchemaVersion(this.doc);
  }

  /** True when a newer app wrote this document: show "update the app"; writes are refused. */
  get isNewerSchema(): boolean {
    return isNewerSchema(this.doc);
  }

  /**
   * Plain JSON of every section, exactly the keys of SECTIONS. Check-ins hold only what
   * `viewer` may see (without a viewer: only what both partners may see).
   */
  toJSON(opts: ExportOptions = {}): WorkbookExport {
    return exportWorkbook(this, opts);
  }

  /** Markdown rendering of `toJSON(opts)`. */
  toMarkdown(opts: ExportOptions = {}): string {
    return renderMarkdown(this.toJSON(opts));
  }

  /** Calls `cb` after every change, local or remote; returns the unsubscribe function. */
  onChange(cb: () => void): () => void {
    const listener = (): void => cb();
    this.doc.on('update', listener);
    return () => this.doc.off('update', listener);
  }
}
