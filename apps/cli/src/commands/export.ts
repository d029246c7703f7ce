/**
 * `export`: sync, then print the whole shared workbook as this partner sees it.
 *
 *   $ securebase export --format md > workbook.md
 *   $ securebase export | jq .vocabulary
 */
import type { MessageKey } from '@securebase/i18n';
import {
  CHECK_IN_CADENCES,
  ENGLISH_MARKDOWN_WORDS,
  WEEKDAYS,
  renderMarkdown,
  type AgreementKind,
  type CheckInCadence,
  type ConsentPreference,
  type InboxStatus,
  type MarkdownWords,
  type NarrativePart,
  type SectionName,
  type VocabularyCategory,
  type Weekday,
  type WinKind,
} from '@securebase/model';
import { agreementVerifier } from '@securebase/sync';
import { chooseOne, parseCommandArgs } from '../args.js';
import { type CommandContext } from '../context.js';
import { loadFreshCredentials } from '../fresh-credentials.js';
import { withProfile, withWorkbook } from '../session.js';
import { spokenLanguage, t } from '../words.js';

const USAGE = 'securebase export [--format json|md]';
const FORMATS = ['json', 'md'] as const;

/** `export [--format json|md]`. */
export async function runExport(ctx: CommandContext): Promise<void> {
  const { values } = parseCommandArgs(ctx, { format: { type: 'string' } }, { min: 0, max: 0, names: '' }, USAGE);
  const format = chooseOne('--format', values.format ?? 'json', FORMATS, USAGE);
  await withProfile(ctx, async (profile) => {
    const { creds, membership } = await loadFreshCredentials(ctx, profile);
    // The web app's rule for "affirmed": the signature verifies and its device is that partner's.
    const opts = { verifyAgreement: agreementVerifier(membership ?? 'unavailable') };
    const text = await withWorkbook(ctx, profile, creds, 'read', ({ workbook }) =>
      format === 'json' ? `${JSON.stringify(workbook.toJSON(opts), null, 2)}\n` : ensureNewline(renderMarkdown(workbook.toJSON(opts), markdownWords())),
    );
    ctx.io.stdout.write(text);
  });
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

const SECTION_KEYS: Record<SectionName, MessageKey> = {
  vocabulary: 'cli.md.section.vocabulary',
  boundaries: 'cli.md.section.boundaries',
  narrative: 'cli.md.section.narrative',
  agreements: 'cli.md.section.agreements',
  triggers: 'cli.md.section.triggers',
  checkins: 'cli.md.section.checkins',
  wins: 'cli.md.section.wins',
  reframes: 'cli.md.section.reframes',
  inbox: 'cli.md.section.inbox',
};

const PART_KEYS: Record<NarrativePart, MessageKey> = {
  'what-happened': 'cli.md.part.whatHappened',
  'unmet-needs': 'cli.md.part.unmetNeeds',
  'still-possible': 'cli.md.part.stillPossible',
};

const PREFERENCE_KEYS: Record<ConsentPreference, MessageKey> = {
  yes: 'cli.md.preference.yes',
  maybe: 'cli.md.preference.maybe',
  'not-now': 'cli.md.preference.notNow',
  no: 'cli.md.preference.no',
};

const CATEGORY_KEYS: Record<VocabularyCategory, MessageKey> = {
  emotion: 'cli.md.category.emotion',
  need: 'cli.md.category.need',
  desire: 'cli.md.category.desire',
  boundary: 'cli.md.category.boundary',
  signal: 'cli.md.category.signal',
};

const KIND_KEYS: Record<AgreementKind, MessageKey> = {
  'de-escalation': 'cli.md.kind.deEscalation',
  'repair-ritual': 'cli.md.kind.repairRitual',
  'time-out': 'cli.md.kind.timeOut',
  'secure-base-script': 'cli.md.kind.secureBaseScript',
  'check-in-rhythm': 'cli.md.kind.checkInRhythm',
};

// By field name: every kind's fields have names of their own.
const FIELD_KEYS: Readonly<Record<string, MessageKey>> = {
  steps: 'cli.md.field.steps',
  apology: 'cli.md.field.apology',
  reassurance: 'cli.md.field.reassurance',
  calmingActivity: 'cli.md.field.calmingActivity',
  commitment: 'cli.md.field.commitment',
  signal: 'cli.md.field.signal',
  returnAfterMinutes: 'cli.md.field.returnAfterMinutes',
  selfSoothing: 'cli.md.field.selfSoothing',
  situation: 'cli.md.field.situation',
  script: 'cli.md.field.script',
  cadence: 'cli.md.field.cadence',
  day: 'cli.md.field.day',
  time: 'cli.md.field.time',
};

const CADENCE_KEYS: Record<CheckInCadence, MessageKey> = {
  daily: 'cli.md.cadence.daily',
  'twice-weekly': 'cli.md.cadence.twiceWeekly',
  weekly: 'cli.md.cadence.weekly',
  fortnightly: 'cli.md.cadence.fortnightly',
  monthly: 'cli.md.cadence.monthly',
};

const WIN_KEYS: Record<WinKind, MessageKey> = { win: 'cli.md.win.win', 'micro-repair': 'cli.md.win.microRepair' };

const STATUS_KEYS: Record<InboxStatus, MessageKey> = {
  new: 'cli.md.status.new',
  discussed: 'cli.md.status.discussed',
  keep: 'cli.md.status.keep',
  archived: 'cli.md.status.archived',
};

// 2024-01-01 was a Monday: the days of that week, named by Intl in the CLI's language.
const WEEKDAY_DATES: Record<Weekday, number> = { monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7 };

const isCadence = (value: string): value is CheckInCadence => (CHECK_IN_CADENCES as readonly string[]).includes(value);
const isWeekday = (value: string): value is Weekday => (WEEKDAYS as readonly string[]).includes(value);

/**
 * The Markdown export's frame in the CLI's language (English: exactly the model's own words).
 * Dates stay YYYY-MM-DD in every language, as a terminal and a file name read them.
 */
export function markdownWords(): MarkdownWords {
  const language = spokenLanguage();
  const list = new Intl.ListFormat(language, { type: 'conjunction' });
  const weekday = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
  return {
    ...ENGLISH_MARKDOWN_WORDS,
    title: t('cli.md.title'),
    section: (section) => t(SECTION_KEYS[section]),
    empty: t('cli.md.empty'),
    narrativePart: (part) => t(PART_KEYS[part]),
    wrote: (name) => t('cli.md.wrote', { name }),
    acknowledged: (by, of) => t('cli.md.acknowledged', { by, of }),
    preference: (preference) => t(PREFERENCE_KEYS[preference]),
    includesNo: t('cli.md.includesNo'),
    category: (category) => t(CATEGORY_KEYS[category]),
    agreementKind: (kind) => t(KIND_KEYS[kind]),
    affirmedBy: (names) => t('cli.md.affirmedBy', { names: list.format(names) }),
    notAffirmed: t('cli.md.notAffirmed'),
    fieldLabel: (kind, field) => {
      const key = FIELD_KEYS[field];
      return key ? t(key) : ENGLISH_MARKDOWN_WORDS.fieldLabel(kind, field);
    },
    choice: (value) =>
      isCadence(value) ? t(CADENCE_KEYS[value]) : isWeekday(value) ? weekday.format(Date.UTC(2024, 0, WEEKDAY_DATES[value])) : value,
    whatHappens: t('cli.md.whatHappens'),
    agreedResponse: t('cli.md.agreedResponse'),
    proposedResponse: (name) => (name === undefined ? t('cli.md.proposedNotAgreed') : t('cli.md.proposedAgreedBy', { name })),
    checkin: (day, simultaneous) => (simultaneous ? t('cli.md.checkinSimultaneous', { day }) : day),
    noAnswers: t('cli.md.noAnswers'),
    scores: (name, s) => t('cli.md.scores', { name, safety: s.safety, closeness: s.closeness, stress: s.stress }),
    appreciation: t('cli.md.appreciation'),
    need: t('cli.md.need'),
    win: (kind) => t(WIN_KEYS[kind]),
    evidence: t('cli.md.evidence'),
    reframe: t('cli.md.reframe'),
    inboxStatus: (status) => t(STATUS_KEYS[status]),
    inbox: (kind, name) => t('cli.md.inbox', { kind, name }),
  };
}
