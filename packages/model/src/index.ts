/**
 * @securebase/model — the workbook schema over a Y.Doc: typed reads, validated writes, schema
 * version and migration, the private workbook and sharing from it, JSON/Markdown export.
 * No crypto, no sockets: signature and commitment checks are passed in.
 *
 *   import { Workbook } from '@securebase/model';
 *   const wb = new Workbook(doc);
 */
export { Workbook, type WorkbookOptions } from './workbook.js';
export {
  PrivateWorkbook,
  BoundaryDraftsSection,
  JournalSection,
  PrivateItemsSection,
  HeldCheckInsSection,
  renderPrivateMarkdown,
} from './private-workbook.js';
export { shareBoundaryDraft, shareItem } from './sharing.js';
export { VocabularySection } from './vocabulary.js';
export { BoundariesSection, type BoundaryAnswerInput } from './boundaries.js';
export { NarrativeSection, perspectiveFragmentName } from './narrative.js';
export { renderFragment, type RenderedFragment } from './narrative-render.js';
export {
  AgreementsSection,
  agreementCanonicalBytes,
  signatureStatus,
  isFullySigned,
  type AgreementSignatureInput,
  type SignatureStatusOptions,
} from './agreements.js';
export {
  AGREEMENT_TEMPLATES,
  TIME_OUT_MINUTES,
  agreementTemplate,
  defaultAgreementFields,
  type AgreementTemplate,
  type AgreementFieldTemplate,
  type AgreementFieldType,
} from './agreement-templates.js';
export { TriggersSection, type TriggerInput } from './triggers.js';
export {
  CheckInsSection,
  checkInAnswerBytes,
  validCheckInAnswers,
  visibleEntries,
  revealPhase,
  type TrendOptions,
} from './checkins.js';
export { WinsSection } from './wins.js';
export { ReframesSection, type ReframeInput } from './reframes.js';
export { InboxSection } from './inbox.js';
export { MembersSection } from './members.js';
export { migrateWorkbook, isNewerSchema, storedSchemaVersion, type MigrationResult } from './migration.js';
export { exportWorkbook, renderMarkdown, type ExportOptions } from './export.js';
export { toBase64url, fromBase64url } from './base64url.js';
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
  CHECK_IN_CADENCES,
  WEEKDAYS,
  REVEAL_MODES,
  WIN_KINDS,
  type SectionName,
  type PartnerId,
  type VocabularyCategory,
  type VocabularyEntry,
  type InboxKind,
  type InboxStatus,
  type InboxNote,
  type ConsentPreference,
  type BoundaryAnswer,
  type BoundaryItem,
  type NarrativePart,
  type NarrativePerspective,
  type NarrativeAcknowledgement,
  type NarrativeEntry,
  type AgreementKind,
  type AgreementFieldsByKind,
  type AgreementFieldValue,
  type AgreementSignature,
  type Agreement,
  type SignatureState,
  type AgreementSignatureStatus,
  type AgreementVerifier,
  type CheckInCadence,
  type Weekday,
  type TriggerItem,
  type RevealMode,
  type Rating,
  type CheckInAnswers,
  type CheckInCommitment,
  type CheckInReveal,
  type CheckIn,
  type VisibleCheckInEntry,
  type RevealPhase,
  type CommitmentVerifier,
  type CheckInTrendPoint,
  type WinKind,
  type WinItem,
  type ReframeItem,
  type SharedMark,
  type BoundaryDraft,
  type JournalEntry,
  type PrivateItem,
  type HeldCheckInAnswers,
  type PrivateWorkbookExport,
  type ExportedMeaning,
  type ExportedVocabularyEntry,
  type ExportedInboxNote,
  type ExportedBoundaryAnswer,
  type ExportedBoundary,
  type ExportedNarrativeEntry,
  type ExportedAgreement,
  type ExportedCheckIn,
  type WorkbookExport,
} from './sections.js';
