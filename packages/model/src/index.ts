/**
 * @securebase/model — the workbook schema over a Y.Doc: typed reads, validated writes,
 * schema version, JSON/Markdown export. No crypto, no sockets.
 *
 *   import { Workbook } from '@securebase/model';
 *   const wb = new Workbook(doc);
 */
export { Workbook, type WorkbookOptions } from './workbook.js';
export { VocabularySection } from './vocabulary.js';
export { InboxSection } from './inbox.js';
export { MembersSection } from './members.js';
export { ModelValidationError, LIMITS } from './validation.js';
export {
  SECTIONS,
  SCHEMA_VERSION,
  VOCABULARY_CATEGORIES,
  INBOX_KINDS,
  INBOX_STATUSES,
  CONSENT_PREFERENCES,
  NARRATIVE_PARTS,
  AGREEMENT_KINDS,
  WIN_KINDS,
  type SectionName,
  type PartnerId,
  type VocabularyCategory,
  type VocabularyEntry,
  type InboxKind,
  type InboxStatus,
  type InboxNote,
  type ConsentPreference,
  type BoundaryItem,
  type NarrativePart,
  type NarrativeEntry,
  type AgreementKind,
  type Agreement,
  type TriggerItem,
  type CheckIn,
  type WinKind,
  type WinItem,
  type ReframeItem,
  type ExportedMeaning,
  type ExportedVocabularyEntry,
  type ExportedInboxNote,
  type WorkbookExport,
} from './sections.js';
