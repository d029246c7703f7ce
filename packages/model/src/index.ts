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
export { shareBoundaryDraft, shareItem, shareReframeDraft, publishStoryDraft, reviseSharedStory } from './sharing.js';
export { StoryDraftsSection } from './story-drafts.js';
export { ReframeDraftsSection } from './reframe-drafts.js';
export {
  TensionLogSection,
  TENSION_LEVEL,
  TENSION_WORDS_MAX,
  DEFAULT_NUDGE_FROM,
  validTensionLevel,
  shouldNudge,
  tensionTrend,
  tensionSummary,
  tensionWeek,
  englishTensionWeek,
  type TensionTrend,
  type TensionWindow,
  type TensionDay,
  type TensionWeek,
  type TensionBand,
  type PartOfDay,
} from './tension-log.js';
export { shareTensionSummary } from './tension-share.js';
export { wordDiff, type WordChange } from './word-diff.js';
export { VocabularySection } from './vocabulary.js';
export {
  ownershipDecision,
  sectionDecision,
  assertMayChange,
  mayRespond,
  responseHolds,
  SECTION_OWNERSHIP,
  UNDO_WINDOW_MS,
  type ItemOwnership,
  type OwnershipChange,
  type OwnershipDecision,
} from './ownership.js';
export { itemAuthor, fieldHistory, lastWriter, type AuthorResolver, type Authorship, type FieldVersion } from './authorship.js';
export type { FieldEdit, ItemHistory, RemovalEvent, RemovedItem } from './collection.js';
export { textDiff, diffableText, type DiffPiece } from './text-diff.js';
export { BoundariesSection, type BoundaryAnswerInput } from './boundaries.js';
export { NarrativeSection, perspectiveFragmentName, type AcknowledgedChanges } from './narrative.js';
export type { RenderedFragment } from './narrative-render.js';
export {
  AgreementsSection,
  agreementCanonicalBytes,
  signatureStatus,
  isFullySigned,
  changesSinceSigned,
  type SignedFieldChange,
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
export {
  TriggersSection,
  changesSinceResponseSigned,
  triggerCanonicalBytes,
  triggerResponseStatus,
  hasRepairSequence,
  REPAIR_STEPS,
  type RepairStep,
  type TriggerFieldChange,
  type TriggerInput,
} from './triggers.js';
export { VerifiedPartnerMark, type CarriedVerification } from './verified-partner.js';
export {
  coSignatureStatus,
  verifiedSignedContent,
  type CoSigned,
  type CoSignatureInput,
  type CoSignatureStatusOptions,
} from './co-signatures.js';
export {
  CheckInsSection,
  checkInAnswerBytes,
  validCheckInAnswers,
  revealPhase,
  type TrendOptions,
} from './checkins.js';
export { WinsSection, WIN_REACTIONS, WIN_REACTION_LABELS, type WinReaction, type WinResponse } from './wins.js';
export { whatsNew, lastLookedMarker, decodeLastLooked, type WhatsNew, type SharedStory, type LastLooked } from './whats-new.js';
export { nextCheckinDue, lastCheckinAt, currentRhythm, type CheckinDue, type CheckInRhythm, type RhythmOptions } from './checkin-rhythm.js';
export { checkinCalendar, CHECKIN_EVENT_TITLE } from './checkin-calendar.js';
export { checkinTopics } from './checkin-topics.js';
export { ReframesSection, type ReframeInput } from './reframes.js';
export { InboxSection } from './inbox.js';
export { MembersSection } from './members.js';
export { storedSchemaVersion } from './migration.js';
export { exportWorkbook, renderMarkdown, type ExportOptions } from './export.js';
export { ENGLISH_MARKDOWN_WORDS, type MarkdownScores, type MarkdownWords } from './markdown-words.js';
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
  type ReframeDraft,
  type StoryDraftExport,
  type JournalEntry,
  type PrivateItem,
  type HeldCheckInAnswers,
  type PrivateWorkbookExport,
  type TensionEntry,
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
export { CADENCE_LABELS, WEEKDAY_LABELS } from './choice-labels.js';
export { ClosenessLadder, type ClosenessStep, type ClosenessStepInput } from './closeness.js';
export { ClosenessPositions, type ClosenessPositionEntry } from './closeness-positions.js';
export {
  BUILT_IN_DESIRES,
  DESIRE_ANSWERS,
  DESIRE_ANSWER_LABELS,
  DESIRE_GROUPS,
  DESIRE_GROUP_LABELS,
  builtInDesire,
  type BuiltInDesire,
  type DesireAnswer,
  type DesireGroup,
} from './desire-items.js';
export { DesireAnswers, DESIRE_CUSTOM_MAX, type DesireEntry, type DesireAnswered, type DesireRevealItem } from './desire-answers.js';
export { closenessLinks, type ClosenessLinks } from './closeness-links.js';
export { closenessStatus, type ClosenessStatus, type ClosenessProposal, type ClosenessConsentRecord } from './closeness-consent.js';
export {
  BUILT_IN_CLOSENESS_STEPS,
  CLOSENESS_POSITIONS,
  CLOSENESS_POSITION_LABELS,
  CLOSENESS_PACES,
  CLOSENESS_PACE_LABELS,
  builtInClosenessStep,
  type BuiltInClosenessStep,
  type ClosenessPosition,
  type ClosenessPace,
} from './closeness-steps.js';
export { suggestGentlePhrasing, phrasingWords, fillPhrasingBlank, PHRASING_BLANK, type GentlePhrasing } from './gentle-phrasing.js';
export { scriptTurns, turnsForRole, otherRole, agreementTurns, REHEARSABLE_KINDS, type ScriptRole, type ScriptTurn, type RehearsalTurn } from './script-turns.js';
export {
  Invitations,
  INVITATION_TOPICS,
  INVITATION_ANSWERS,
  INVITATION_FRAMINGS,
  INVITATION_WORDS_MAX,
  invitationText,
  type Invitation,
  type InvitationTopic,
  type InvitationAnswer,
  type InvitationFraming,
} from './invitations.js';
