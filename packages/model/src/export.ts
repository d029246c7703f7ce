/**
 * Export of the whole workbook as plain JSON and as Markdown, for a partner who wants a copy of
 * what was written (for themselves, or to bring to a therapist). Names are resolved from the
 * members map; a partner without a name is called "Partner".
 *
 *   const json = exportWorkbook(workbook.vocabulary.list(), workbook.inbox.list(), names);
 *   const md = renderMarkdown(json);
 */
import {
  SECTIONS,
  type ExportedInboxNote,
  type ExportedVocabularyEntry,
  type InboxNote,
  type PartnerId,
  type SectionName,
  type VocabularyEntry,
  type WorkbookExport,
} from './sections.js';

const UNNAMED = 'Partner';

/** Builds the JSON export: one array per section, meanings and authors with names. */
export function exportWorkbook(
  vocabulary: VocabularyEntry[],
  inbox: InboxNote[],
  names: Record<PartnerId, string>,
): WorkbookExport {
  const nameOf = (id: PartnerId): string => names[id] ?? UNNAMED;
  const vocab: ExportedVocabularyEntry[] = vocabulary.map((e) => ({
    id: e.id,
    term: e.term,
    category: e.category,
    // Sorted by partnerId so the export is identical on both partners' devices.
    meanings: Object.keys(e.meanings)
      .sort()
      .map((partnerId) => ({ partnerId, name: nameOf(partnerId), text: e.meanings[partnerId] ?? '' })),
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  }));
  const notes: ExportedInboxNote[] = inbox.map((n) => ({ ...n, by: nameOf(n.createdBy) }));
  return {
    vocabulary: vocab,
    boundaries: [],
    narrative: [],
    agreements: [],
    triggers: [],
    checkins: [],
    wins: [],
    reframes: [],
    inbox: notes,
  };
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

/**
 * Keeps the couple's words from being read as Markdown structure: a line starting with "#" or
 * a list marker would otherwise turn into a heading or item of its own.
 */
function inline(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/^(\s*)([#>+-]|\d+[.)])/, '$1\\$2'))
    .join('\n    ');
}

function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Renders an export as Markdown, one heading per section in SECTIONS order. */
export function renderMarkdown(data: WorkbookExport): string {
  const out: string[] = ['# Our Secure Base workbook', ''];
  for (const section of SECTIONS) {
    out.push(`## ${TITLES[section]}`, '');
    const lines = sectionLines(section, data);
    out.push(...(lines.length ? lines : ['Nothing here yet.']), '');
  }
  return out.join('\n');
}

function sectionLines(section: SectionName, data: WorkbookExport): string[] {
  switch (section) {
    case 'vocabulary':
      return data.vocabulary.flatMap((e) => [
        `- **${inline(e.term)}** (${e.category})`,
        ...e.meanings.map((m) => `  - ${inline(m.name)}: ${inline(m.text)}`),
      ]);
    case 'inbox':
      return data.inbox.map((n) => `- [${n.status}] ${n.kind} from ${inline(n.by)}, ${date(n.createdAt)}: ${inline(n.text)}`);
    default:
      // Declared sections have no writers yet, so their arrays are always empty.
      return data[section].map((item) => `- ${item.id}`);
  }
}
