/**
 * The workbook's sections, schema version and the item type of every section (shared workbook
 * and a partner's private workbook). Pure types and constants: the section classes read and
 * write these shapes.
 *
 *   import { SECTIONS, type BoundaryItem } from '@securebase/model';
 *   for (const s of SECTIONS) console.log(s);
 */

/** Every section of the shared workbook, in display order (also the export's keys). */
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

/**
 * Version of the document layout, stored in the `meta` map. 2: every section has a writer, inbox
 * notes carry `updatedAt` (see migration.ts for what changed since 1).
 */
export const SCHEMA_VERSION = 2;

/** A partner's random id (base64url of 16 bytes), as in the membership chain. */
export type PartnerId = string;

// ── vocabulary ──────────────────────────────────────────────────────────────────────────────

export const VOCABULARY_CATEGORIES = ['emotion', 'need', 'desire', 'boundary', 'signal'] as const;
export type VocabularyCategory = (typeof VOCABULARY_CATEGORIES)[number];

/** A shared word with each partner's own meaning of it ('signal': an agreed pause/safety signal). */
export interface VocabularyEntry {
  id: string;
  term: string;
  category: VocabularyCategory;
  meanings: Record<PartnerId, string>;
  createdBy: PartnerId;
  createdAt: number;
  updatedAt: number;
}

// ── inbox ───────────────────────────────────────────────────────────────────────────────────

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
  /** Last edit or triage (schema 2; notes from schema 1 read as createdAt). */
  updatedAt: number;
}

// ── boundaries ──────────────────────────────────────────────────────────────────────────────

export const CONSENT_PREFERENCES = ['yes', 'maybe', 'not-now', 'no'] as const;
export type ConsentPreference = (typeof CONSENT_PREFERENCES)[number];

/** One partner's answer to a boundary topic; only that partner can write it. */
export interface BoundaryAnswer {
  preference: ConsentPreference;
  note: string;
  updatedAt: number;
}

/** A boundary or consent/pace topic with each partner's own answer; a "no" is never hidden. */
export interface BoundaryItem {
  id: string;
  topic: string;
  answers: Record<PartnerId, BoundaryAnswer>;
  /** True when any partner answered 'no': a UI must always show it. */
  hasNo: boolean;
  createdBy: PartnerId;
  createdAt: number;
  updatedAt: number;
}

// ── narrative ───────────────────────────────────────────────────────────────────────────────

export const NARRATIVE_PARTS = ['what-happened', 'unmet-needs', 'still-possible'] as const;
export type NarrativePart = (typeof NARRATIVE_PARTS)[number];

/** One partner's perspective on a part, rendered from its rich-text fragment. */
export interface NarrativePerspective {
  partnerId: PartnerId;
  /** Plain text: blocks separated by blank lines. */
  text: string;
  /** Markdown: paragraphs, headings, bold/italic, lists, quotes. */
  markdown: string;
}

/** A partner acknowledging what the other wrote in one part of the story. */
export interface NarrativeAcknowledgement {
  id: string;
  part: NarrativePart;
  /** Who acknowledges. */
  by: PartnerId;
  /** Whose perspective is acknowledged. */
  of: PartnerId;
  text: string;
  createdAt: number;
  /** The revision of `of`'s perspective acknowledged (narrative.ts `publishedRevision`). */
  revision: number;
}

/** One part of the story: every partner's perspective side by side, with acknowledgements. */
export interface NarrativeEntry {
  part: NarrativePart;
  perspectives: NarrativePerspective[];
  acknowledgements: NarrativeAcknowledgement[];
}

// ── agreements ──────────────────────────────────────────────────────────────────────────────

export const AGREEMENT_KINDS = [
  'de-escalation',
  'repair-ritual',
  'time-out',
  'secure-base-script',
  'check-in-rhythm',
] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export const CHECK_IN_CADENCES = ['daily', 'twice-weekly', 'weekly', 'fortnightly', 'monthly'] as const;
export type CheckInCadence = (typeof CHECK_IN_CADENCES)[number];
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The template fields of every agreement kind. */
export interface AgreementFieldsByKind {
  'de-escalation': { steps: string[] };
  /** `commitment` came later: a ritual written before it has none until someone adds it. */
  'repair-ritual': { apology: string; reassurance: string; calmingActivity: string; commitment?: string };
  'time-out': { signal: string; returnAfterMinutes: number; selfSoothing: string };
  'secure-base-script': { situation: string; script: string };
  'check-in-rhythm': { cadence: CheckInCadence; day: Weekday; time: string /* HH:MM */ };
}
/** Any field's value: text, a number (minutes) or a list of steps. */
export type AgreementFieldValue = string | number | string[];

/** One partner's device signature over an agreement's canonical bytes. */
export interface AgreementSignature {
  partnerId: PartnerId;
  /** Signing device's Ed25519 public key, base64url. */
  deviceKey: string;
  /** Signature over `agreementCanonicalBytes`, base64url (context string added by crypto). */
  signature: string;
  /** Hash of the canonical bytes the signer saw, base64url. */
  contentHash: string;
  /** The agreement revision that was signed; any edit makes a new one. */
  revision: string;
  signedAt: number;
  /** The canonical bytes signed, as text: what was agreed, for "see what changed" after an edit. */
  content?: string;
}

interface AgreementBase {
  id: string;
  title: string;
  /** Random token replaced by every edit: a signature of an older revision is void. */
  revision: string;
  signatures: Record<PartnerId, AgreementSignature>;
  createdBy: PartnerId;
  createdAt: number;
  updatedAt: number;
}

/** A co-signed agreement; `fields` are typed by `kind`. */
export type Agreement = {
  [K in AgreementKind]: AgreementBase & { kind: K; fields: AgreementFieldsByKind[K] };
}[AgreementKind];

export type SignatureState = 'signed' | 'void' | 'unsigned';

/** Where one partner stands on one agreement. */
export interface AgreementSignatureStatus {
  partnerId: PartnerId;
  state: SignatureState;
  signedAt?: number;
}

/** Injected signature check (crypto's verifyAgreementSignature + "is this partner's device"). */
export type AgreementVerifier = (
  deviceKey: Uint8Array,
  canonical: Uint8Array,
  signature: Uint8Array,
  partnerId: PartnerId,
) => boolean;

// ── triggers ────────────────────────────────────────────────────────────────────────────────

/** Trigger → what tends to happen → the response we agreed. */
export interface TriggerItem {
  id: string;
  trigger: string;
  whatHappens: string;
  agreedResponse: string;
  /** The repair sequence after the trigger ('' while unwritten): co-signed with the response. */
  apology: string;
  reassurance: string;
  commitment: string;
  createdBy: PartnerId;
  createdAt: number;
  updatedAt: number;
}

// ── check-ins ───────────────────────────────────────────────────────────────────────────────

export const REVEAL_MODES = ['open', 'simultaneous'] as const;
export type RevealMode = (typeof REVEAL_MODES)[number];

/** A rating from 1 (low) to 5 (high). */
export type Rating = 1 | 2 | 3 | 4 | 5;

/** One partner's answers in a check-in. */
export interface CheckInAnswers {
  safety: Rating;
  closeness: Rating;
  stress: Rating;
  appreciation: string;
  need: string;
}

export interface CheckInCommitment {
  /** Commitment to `checkInAnswerBytes(answers)`, base64url. */
  commitment: string;
  committedAt: number;
}

export interface CheckInReveal {
  answers: CheckInAnswers;
  /** The commitment's salt, base64url. */
  salt: string;
  revealedAt: number;
}

/**
 * A dated check-in. 'open': answers go straight into `entries`. 'simultaneous': each partner
 * commits first, and reveals (answers + salt) only after both committed. Render answers through
 * `visibleEntries`, never from `revealed` directly.
 */
export interface CheckIn {
  id: string;
  date: string; // YYYY-MM-DD
  reveal: RevealMode;
  entries: Record<PartnerId, CheckInAnswers>;
  commitments: Record<PartnerId, CheckInCommitment>;
  revealed: Record<PartnerId, CheckInReveal>;
  createdBy: PartnerId;
  createdAt: number;
}

/** What a viewer may see of one partner's answers. */
export interface VisibleCheckInEntry {
  partnerId: PartnerId;
  /**
   * 'visible': answers shown; 'hidden': committed or revealed, but not yet viewable;
   * 'invalid': the reveal does not match the commitment (never shown).
   */
  state: 'visible' | 'hidden' | 'invalid';
  answers: CheckInAnswers | null;
}

/** The viewer's next step in a simultaneous check-in. */
export type RevealPhase = 'commit' | 'waiting-for-partner' | 'reveal' | 'waiting-for-reveal' | 'revealed';

/** Injected commitment check (crypto's verifyAnswerCommitment). */
export type CommitmentVerifier = (answers: Uint8Array, salt: Uint8Array, commitment: Uint8Array) => boolean;

/** One point of the trends chart. */
export interface CheckInTrendPoint {
  date: string;
  partnerId: PartnerId;
  safety: Rating;
  closeness: Rating;
  stress: Rating;
}

// ── wins and reframes ───────────────────────────────────────────────────────────────────────

export const WIN_KINDS = ['win', 'micro-repair'] as const;
export type WinKind = (typeof WIN_KINDS)[number];

/** A small win or micro-repair worth noticing. */
export interface WinItem {
  id: string;
  text: string;
  kind: WinKind;
  by: PartnerId;
  createdAt: number;
}

/** Automatic thought → evidence from recent supportive exchanges → reframe. */
export interface ReframeItem {
  id: string;
  thought: string;
  evidence: string;
  reframe: string;
  by: PartnerId;
  createdAt: number;
  updatedAt: number;
}

// ── private workbook ────────────────────────────────────────────────────────────────────────

/** Where a private item was copied to when shared (the private copy stays). */
export interface SharedMark {
  sharedId: string;
  sharedAt: number;
}

/** A boundary drafted privately before sharing it deliberately. */
export interface BoundaryDraft {
  id: string;
  topic: string;
  preference: ConsentPreference;
  note: string;
  createdAt: number;
  updatedAt: number;
  shared?: SharedMark;
}

/** A reframe kept privately (the default); `shared` says where its shared copy went. */
export interface ReframeDraft {
  id: string;
  thought: string;
  evidence: string;
  reframe: string;
  createdAt: number;
  updatedAt: number;
  shared?: SharedMark;
}

/** A story perspective being composed or revised privately, as exported. */
export interface StoryDraftExport {
  part: NarrativePart;
  text: string;
  markdown: string;
}

/** A private journal entry: never shared. */
export interface JournalEntry {
  id: string;
  text: string;
  createdAt: number;
  updatedAt: number;
}

/** A private quick note; sharing copies it into the shared inbox. */
export interface PrivateItem {
  id: string;
  text: string;
  kind: InboxKind;
  createdAt: number;
  updatedAt: number;
  shared?: SharedMark;
}

/** Answers held privately for a simultaneous check-in until both partners have committed. */
export interface HeldCheckInAnswers {
  checkinId: string;
  answers: CheckInAnswers;
  salt: string;
  createdAt: number;
}

/** `PrivateWorkbook.toJSON()`. */
export interface PrivateWorkbookExport {
  boundaryDrafts: BoundaryDraft[];
  journal: JournalEntry[];
  items: PrivateItem[];
  /** Private reframes (shared ones are also in the shared export). */
  reframes: ReframeDraft[];
  /** Story drafts not yet shared (only parts with words). */
  storyDrafts: StoryDraftExport[];
  /** The private tension log ("where am I now?", 0–10), oldest first. */
  tension: TensionEntry[];
}

/** One moment of the private tension log (tension-log.ts). */
export interface TensionEntry {
  id: string;
  /** Integer 0–10. */
  level: number;
  /** Optional words, '' when none. */
  words: string;
  /** When it was recorded (ms since the epoch). */
  at: number;
}

// ── export ──────────────────────────────────────────────────────────────────────────────────

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

export interface ExportedBoundaryAnswer extends BoundaryAnswer {
  partnerId: PartnerId;
  name: string;
}

export interface ExportedBoundary extends Omit<BoundaryItem, 'answers'> {
  answers: ExportedBoundaryAnswer[];
}

export interface ExportedNarrativeEntry {
  part: NarrativePart;
  perspectives: (NarrativePerspective & { name: string })[];
  acknowledgements: (NarrativeAcknowledgement & { byName: string; ofName: string })[];
}

export interface ExportedAgreement {
  id: string;
  kind: AgreementKind;
  title: string;
  fields: Record<string, AgreementFieldValue>;
  /** Who affirmed the current revision (signatures themselves are not exported). */
  signedBy: { partnerId: PartnerId; name: string; signedAt: number }[];
  createdBy: PartnerId;
  createdAt: number;
  updatedAt: number;
}

/** A trigger as exported: who agreed to its response as it reads now (signatures are not exported). */
export type ExportedTrigger = TriggerItem & { responseAgreedBy: { partnerId: PartnerId; name: string }[] };

export interface ExportedCheckIn {
  id: string;
  date: string;
  reveal: RevealMode;
  /** Only the answers the exporting viewer may see. */
  entries: (CheckInAnswers & { partnerId: PartnerId; name: string })[];
  createdBy: PartnerId;
  createdAt: number;
}

/** `Workbook.toJSON()`: exactly one array per section, in SECTIONS order. */
export interface WorkbookExport {
  vocabulary: ExportedVocabularyEntry[];
  boundaries: ExportedBoundary[];
  narrative: ExportedNarrativeEntry[];
  agreements: ExportedAgreement[];
  triggers: ExportedTrigger[];
  checkins: ExportedCheckIn[];
  wins: WinItem[];
  reframes: ReframeItem[];
  inbox: ExportedInboxNote[];
}
