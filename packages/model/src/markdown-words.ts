/**
 * The frame of the Markdown export (headings, labels, the little phrases around what people
 * wrote), so an app can render it in the reader's language. The model keeps only the English
 * words; the web app and the CLI build a `MarkdownWords` from their catalogs. What partners
 * wrote is never passed through these: it stays as written.
 *
 *   renderMarkdown(data)                     // English, ENGLISH_MARKDOWN_WORDS
 *   renderMarkdown(data, germanWords)        // '# Unser Secure-Base-Arbeitsbuch' …
 */
import { agreementTemplate } from './agreement-templates.js';
import { CADENCE_LABELS, WEEKDAY_LABELS } from './choice-labels.js';
import type {
  AgreementKind,
  ConsentPreference,
  InboxKind,
  InboxStatus,
  NarrativePart,
  SectionName,
  VocabularyCategory,
  WinKind,
} from './sections.js';

/** One check-in entry's scores, each 1–5. */
export interface MarkdownScores {
  safety: number;
  closeness: number;
  stress: number;
}

/** Every word of the export's frame; names and texts handed in are already Markdown-escaped. */
export interface MarkdownWords {
  /** The top heading: 'Our Secure Base workbook'. */
  title: string;
  section: (section: SectionName) => string;
  /** An empty section: 'Nothing here yet.' */
  empty: string;
  narrativePart: (part: NarrativePart) => string;
  /** '{name} wrote:' before a perspective. */
  wrote: (name: string) => string;
  /** '{by} acknowledged {of}' (the acknowledgement's text follows after ': '). */
  acknowledged: (by: string, of: string) => string;
  preference: (preference: ConsentPreference) => string;
  /** The boundary includes someone's no: 'includes a no' (shown in parentheses). */
  includesNo: string;
  category: (category: VocabularyCategory) => string;
  agreementKind: (kind: AgreementKind) => string;
  /** 'affirmed by Maya and Jonah' (never empty). */
  affirmedBy: (names: string[]) => string;
  notAffirmed: string;
  fieldLabel: (kind: AgreementKind, field: string) => string;
  /** A choice field's stored value ('twice-weekly', 'sunday') as words. */
  choice: (value: string) => string;
  whatHappens: string;
  agreedResponse: string;
  /** 'Proposed response (agreed by Maya so far)' / 'Proposed response (not agreed yet)'. */
  proposedResponse: (agreedBy: string | undefined) => string;
  /** A check-in's line: its day ('2025-11-21', stored as such), and whether its reveal is simultaneous. */
  checkin: (day: string, simultaneous: boolean) => string;
  noAnswers: string;
  scores: (name: string, scores: MarkdownScores) => string;
  appreciation: string;
  need: string;
  win: (kind: WinKind) => string;
  evidence: string;
  reframe: string;
  inboxStatus: (status: InboxStatus) => string;
  /** 'A trigger Maya noticed': what kind of note, and who wrote it, as one phrase. */
  inbox: (kind: InboxKind, name: string) => string;
  /** A moment (ms since the epoch) as a date. */
  date: (ms: number) => string;
}

const TITLES: Record<SectionName, string> = {
  vocabulary: 'Vocabulary',
  boundaries: 'Boundaries',
  narrative: 'Our narrative',
  agreements: 'Agreements',
  triggers: 'Triggers',
  checkins: 'Check-ins',
  wins: 'Wins',
  reframes: 'Reframes',
  inbox: 'Inbox',
};

const PART_TITLES: Record<NarrativePart, string> = {
  'what-happened': 'What happened',
  'unmet-needs': 'The needs that went unmet',
  'still-possible': 'What is still possible',
};

const PREFERENCE_WORDS: Record<ConsentPreference, string> = { yes: 'yes', maybe: 'maybe', 'not-now': 'not now', no: 'no' };

// Readable names for the stored values: the export is read by people, not parsed by programs
// (the JSON export keeps the raw values).
const CATEGORY_WORDS: Record<VocabularyCategory, string> = {
  emotion: 'emotion',
  need: 'need',
  desire: 'desire',
  boundary: 'boundary',
  signal: 'pause signal',
};

const WIN_WORDS: Record<WinKind, string> = { win: 'Small win', 'micro-repair': 'Micro-repair' };

const INBOX_STATUS_WORDS: Record<InboxStatus, string> = { new: 'New', discussed: 'Discussed', keep: 'Kept', archived: 'Archived' };

/** "A trigger Maya noticed": what kind of note, and who wrote it, as one phrase. */
function inboxPhrase(kind: InboxKind, name: string): string {
  switch (kind) {
    case 'appreciation':
      return `An appreciation from ${name}`;
    case 'trigger':
      return `A trigger ${name} noticed`;
    case 'need':
      return `A need ${name} named`;
    case 'checkin':
      return `For a check-in, from ${name}`;
    case 'other':
      return `A note from ${name}`;
  }
}

/** Choice values of agreement fields ('sunday', 'twice-weekly') as words ('Sunday', 'Twice a week'). */
const CHOICE_WORDS: Readonly<Record<string, string>> = { ...CADENCE_LABELS, ...WEEKDAY_LABELS };

/** The English frame (the model's own words; the default of `renderMarkdown`). */
export const ENGLISH_MARKDOWN_WORDS: MarkdownWords = {
  title: 'Our Secure Base workbook',
  section: (section) => TITLES[section],
  empty: 'Nothing here yet.',
  narrativePart: (part) => PART_TITLES[part],
  wrote: (name) => `${name} wrote:`,
  acknowledged: (by, of) => `${by} acknowledged ${of}`,
  preference: (preference) => PREFERENCE_WORDS[preference],
  includesNo: 'includes a no',
  category: (category) => CATEGORY_WORDS[category],
  agreementKind: (kind) => agreementTemplate(kind).label,
  affirmedBy: (names) => `affirmed by ${names.join(' and ')}`,
  notAffirmed: 'not affirmed yet',
  fieldLabel: (kind, field) => agreementTemplate(kind).fields.find((f) => f.name === field)?.label ?? field,
  choice: (value) => CHOICE_WORDS[value] ?? value,
  whatHappens: 'What tends to happen',
  agreedResponse: 'Our agreed response',
  proposedResponse: (agreedBy) => `Proposed response (${agreedBy !== undefined ? `agreed by ${agreedBy} so far` : 'not agreed yet'})`,
  checkin: (day, simultaneous) => `${day}${simultaneous ? ' (simultaneous reveal)' : ''}`,
  noAnswers: 'No answers to show yet.',
  scores: (name, s) => `${name}: safety ${s.safety}/5, closeness ${s.closeness}/5, stress ${s.stress}/5`,
  appreciation: 'Appreciation',
  need: 'Need',
  win: (kind) => WIN_WORDS[kind],
  evidence: 'Evidence',
  reframe: 'Reframe',
  inboxStatus: (status) => INBOX_STATUS_WORDS[status],
  inbox: inboxPhrase,
  date: (ms) => new Date(ms).toISOString().slice(0, 10),
};
