/**
 * The frame of the shared workbook's Markdown export (headings, labels, the phrases around what
 * people wrote) in this person's language, for the model's `renderMarkdown`. What partners wrote
 * is never passed through here. Used by the export, print and leave pages (area `pages`); the
 * agreement labels are the agreements screen's own words (area `sections`: load it first).
 *
 *   await loadArea('sections');
 *   renderMarkdown(workbook.toJSON({ viewer }), markdownWords(t, language));
 */
import {
  CHECK_IN_CADENCES,
  WEEKDAYS,
  type CheckInCadence,
  type ConsentPreference,
  type InboxStatus,
  type MarkdownWords,
  type SectionName,
  type VocabularyCategory,
  type Weekday,
} from '@securebase/model';
import { formatDate, type Language, type MessageKey, type Translate } from '@securebase/i18n';
import { AGREEMENT_WORDS, fieldWords } from '../sections/agreement-words.js';
import { CADENCE_LABELS, NARRATIVE_PARTS_TEXT, WIN_LABELS, weekdayName } from '../sections/section-labels.js';

const SECTION_KEYS: Record<SectionName, MessageKey> = {
  vocabulary: 'pages.md.section.vocabulary',
  boundaries: 'pages.md.section.boundaries',
  narrative: 'pages.md.section.narrative',
  agreements: 'pages.md.section.agreements',
  triggers: 'pages.md.section.triggers',
  checkins: 'pages.md.section.checkins',
  wins: 'pages.md.section.wins',
  reframes: 'pages.md.section.reframes',
  inbox: 'pages.md.section.inbox',
};

const PREFERENCE_KEYS: Record<ConsentPreference, MessageKey> = {
  yes: 'pages.md.preference.yes',
  maybe: 'pages.md.preference.maybe',
  'not-now': 'pages.md.preference.notNow',
  no: 'pages.md.preference.no',
};

const CATEGORY_KEYS: Record<VocabularyCategory, MessageKey> = {
  emotion: 'pages.md.category.emotion',
  need: 'pages.md.category.need',
  desire: 'pages.md.category.desire',
  boundary: 'pages.md.category.boundary',
  signal: 'pages.md.category.signal',
};

const STATUS_KEYS: Record<InboxStatus, MessageKey> = {
  new: 'pages.md.status.new',
  discussed: 'pages.md.status.discussed',
  keep: 'pages.md.status.keep',
  archived: 'pages.md.status.archived',
};

const isCadence = (value: string): value is CheckInCadence => (CHECK_IN_CADENCES as readonly string[]).includes(value);
const isWeekday = (value: string): value is Weekday => (WEEKDAYS as readonly string[]).includes(value);

/** The export's frame in `language` (dates by Intl; check-in days are stored as 'YYYY-MM-DD'). */
export function markdownWords(t: Translate, language: Language): MarkdownWords {
  const list = new Intl.ListFormat(language, { type: 'conjunction' });
  return {
    title: t('pages.md.title'),
    section: (section) => t(SECTION_KEYS[section]),
    empty: t('pages.md.empty'),
    narrativePart: (part) => t(NARRATIVE_PARTS_TEXT[part].title),
    wrote: (name) => t('pages.md.wrote', { name }),
    acknowledged: (by, of) => t('pages.md.acknowledged', { by, of }),
    preference: (preference) => t(PREFERENCE_KEYS[preference]),
    includesNo: t('pages.md.includesNo'),
    category: (category) => t(CATEGORY_KEYS[category]),
    agreementKind: (kind) => t(AGREEMENT_WORDS[kind].label),
    affirmedBy: (names) => t('pages.md.affirmedBy', { names: list.format(names) }),
    notAffirmed: t('pages.md.notAffirmed'),
    fieldLabel: (kind, field) => t(fieldWords(kind, field).label),
    choice: (value) => (isCadence(value) ? t(CADENCE_LABELS[value]) : isWeekday(value) ? weekdayName(value, language) : value),
    whatHappens: t('pages.md.whatHappens'),
    agreedResponse: t('pages.md.agreedResponse'),
    proposedResponse: (name) => (name === undefined ? t('pages.md.proposedNotAgreed') : t('pages.md.proposedAgreedBy', { name })),
    checkin: (day, simultaneous) => {
      const at = new Date(`${day}T00:00:00Z`);
      const shown = Number.isNaN(at.getTime()) ? day : formatDate(at, language, { dateStyle: 'long', timeZone: 'UTC' });
      return simultaneous ? t('pages.md.checkinSimultaneous', { day: shown }) : shown;
    },
    noAnswers: t('pages.md.noAnswers'),
    scores: (name, s) => t('pages.md.scores', { name, safety: s.safety, closeness: s.closeness, stress: s.stress }),
    appreciation: t('pages.md.appreciation'),
    need: t('pages.md.need'),
    win: (kind) => t(WIN_LABELS[kind]),
    evidence: t('pages.md.evidence'),
    reframe: t('pages.md.reframe'),
    inboxStatus: (status) => t(STATUS_KEYS[status]),
    inbox: (kind, name) => t('pages.md.inbox', { kind, name }),
    date: (ms) => formatDate(new Date(ms), language),
  };
}
