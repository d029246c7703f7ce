/**
 * The workbook's sections, schema version and the item type of every section.
 *
 * Only `vocabulary` and `inbox` have read/write APIs so far; the other sections are declared
 * here so the export shape, the web app and the CLI can code against them now, and their Y.Map
 * containers are reserved in the document so later versions fill them without a migration.
 *
 *   import { SECTIONS, type VocabularyEntry } from '@securebase/model';
 *   for (const s of SECTIONS) console.log(s);
 */

/** Every section of the shared workbook, in display order. */
export const SECTIONS = [
  'vocabulary',
  'boundaries',
  'narrative',
  'agreements',
  'triggers',
  'checkins',
  'wins',
  'reframes',
  'inbox',
] as const;
export type SectionName = (typeof SECTIONS)[number];

/** Version of the document layout; stored in the `meta` map on first write. */
export const SCHEMA_VERSION = 1;

/** A partner's random id (base64url of 16 bytes), as in the membership chain. */
export type PartnerId = string;

export const VOCABULARY_CATEGORIES = ['emotion', 'need', 'desire', 'boundary', 'signal'] as const;
export type VocabularyCategory = (typeof VOCABULARY_CATEGORIES)[number];

/** A shared word with each partner's own meaning of it. */
export interface VocabularyEntry {
  id: string;
  term: string;
  category: VocabularyCategory;
  meanings: Record<PartnerId, string>;
  createdBy: PartnerId;
  createdAt: number;
  updatedAt: number;
}

export const INBOX_KINDS = ['appreciation', 'trigger', 'need', 'checkin', 'other'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];
export const INBOX_STATUSES = ['new', 'discussed', 'keep', 'archived'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

/** A quick note from any device, triaged later. */
export interface InboxNote {
  id: string;
  text: string;
  kind: InboxKind;
  status: InboxStatus;
  createdBy: PartnerId;
  createdAt: number;
}

// Declared sections (no read/write API yet).

export const CONSENT_PREFERENCES = ['yes', 'maybe', 'not-now', 'no'] as const;
export type ConsentPreference = (typeof CONSENT_PREFERENCES)[number];

/** One partner's boundary or consent/pace preference; a "no" is never overridden. */
export interface BoundaryItem {
  id: string;
  partnerId: PartnerId;
  topic: string;
  preference: ConsentPreference;
  note: string;
  createdBy: PartnerId;
  createdAt: number;
  updatedAt: number;
}

export const NARRATIVE_PARTS = ['what-happened', 'unmet-needs', 'still-possible'] as const;
export type NarrativePart = (typeof NARRATIVE_PARTS)[number];

/** A chapter of the story, each partner's perspective side by side, with acknowledgements. */
export interface NarrativeEntry {
  id: string;
  part: NarrativePart;
  title: string;
  perspectives: Record<PartnerId, string>;
  /** partnerId → when they acknowledged the other's perspective (ms). */
  acknowledgements: Record<PartnerId, number>;
  createdBy: PartnerId;
  createdAt: number;
  updatedAt: number;
}

export const AGREEMENT_KINDS = [
  'de-escalation',
  'repair-ritual',
  'time-out',
  'secure-base-script',
  'check-in-rhythm',
  'other',
] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

/** A co-signed agreement; any edit bumps `revision` and voids signatures of older revisions. */
export interface Agreement {
  id: string;
  kind: AgreementKind;
  title: string;
  body: string;
  revision: number;
  /** partnerId → the revision they affirmed and when. */
  signatures: Record<PartnerId, { revision: number; signedAt: number }>;
  createdBy: PartnerId;
  createdAt: number;
  updatedAt: number;
}

/** Trigger → what tends to happen → the response we agreed. */
export interface TriggerItem {
  id: string;
  trigger: string;
  whatHappens: string;
  agreedResponse: string;
  createdBy: PartnerId;
  createdAt: number;
  updatedAt: number;
}

/** A dated check-in by one partner; ratings are 1..5. */
export interface CheckIn {
  id: string;
  date: string; // YYYY-MM-DD
  partnerId: PartnerId;
  safety: number;
  closeness: number;
  stress: number;
  appreciation: string;
  need: string;
  createdAt: number;
}

export const WIN_KINDS = ['win', 'micro-repair'] as const;
export type WinKind = (typeof WIN_KINDS)[number];

/** A small win or micro-repair worth noticing. */
export interface WinItem {
  id: string;
  text: string;
  kind: WinKind;
  createdBy: PartnerId;
  createdAt: number;
}

/** Automatic thought → evidence from recent supportive exchanges → reframe. */
export interface ReframeItem {
  id: string;
  thought: string;
  evidence: string;
  reframe: string;
  createdBy: PartnerId;
  createdAt: number;
  updatedAt: number;
}

/** Partner's meaning as exported: names resolved from the members map. */
export interface ExportedMeaning {
  partnerId: PartnerId;
  name: string;
  text: string;
}

export interface ExportedVocabularyEntry extends Omit<VocabularyEntry, 'meanings'> {
  meanings: ExportedMeaning[];
}

export interface ExportedInboxNote extends InboxNote {
  /** Display name of the author (falls back to "Partner"). */
  by: string;
}

/** `Workbook.toJSON()`: exactly one array per section. */
export interface WorkbookExport {
  vocabulary: ExportedVocabularyEntry[];
  boundaries: BoundaryItem[];
  narrative: NarrativeEntry[];
  agreements: Agreement[];
  triggers: TriggerItem[];
  checkins: CheckIn[];
  wins: WinItem[];
  reframes: ReframeItem[];
  inbox: ExportedInboxNote[];
}
