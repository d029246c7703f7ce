/**
 * Export of the whole workbook as plain JSON and as Markdown, for a partner who wants a copy of
 * what they can read (for themselves, or to bring to a therapist). Names are resolved from the
 * members map; a partner without a name is called "Partner". Check-ins carry only the answers
 * the viewer may see.
 *
 *   const json = exportWorkbook(workbook, { viewer: me });
 *   const md = renderMarkdown(json);            // English frame
 *   const de = renderMarkdown(json, germanWords); // the frame in German, the partners' words as written
 */
import { agreementTemplate } from './agreement-templates.js';
import { signatureStatus } from './agreements.js';
import { visibleEntries } from './checkins.js';
import { inlineMarkdown } from './markdown-text.js';
import {
  SECTIONS,
  type Agreement,
  type AgreementFieldValue,
  type AgreementVerifier,
  type CommitmentVerifier,
  type ExportedAgreement,
  type ExportedBoundary,
  type ExportedCheckIn,
  type ExportedNarrativeEntry,
  type ExportedTrigger,
  type PartnerId,
  type SectionName,
  type TriggerItem,
  type WorkbookExport,
} from './sections.js';
import { triggerResponseStatus } from './triggers.js';
import type { Workbook } from './workbook.js';
import { ENGLISH_MARKDOWN_WORDS, type MarkdownWords } from './markdown-words.js';

const UNNAMED = 'Partner';

/** Whose export, and the injected checks that make it trustworthy. */
export interface ExportOptions {
  /** The exporting partner: check-ins include their own reveal and what both may see. */
  viewer?: PartnerId;
  /** Only signatures that verify count as affirmations (without it: current revision only). */
  verifyAgreement?: AgreementVerifier;
  /** Reveals that do not match their commitment are left out. */
  verifyCommitment?: CommitmentVerifier;
}

/** Builds the JSON export: one array per section, in SECTIONS order, names resolved. */
export function exportWorkbook(wb: Workbook, opts: ExportOptions = {}): WorkbookExport {
  const names = wb.members.all();
  const nameOf = (id: PartnerId): string => names[id] ?? UNNAMED;
  // Sorted by partnerId so the export is identical on both partners' devices.
  const byPartner = <V>(record: Record<PartnerId, V>): [PartnerId, V][] =>
    Object.keys(record)
      .sort()
      .map((p) => [p, record[p] as V]);

  const boundaries: ExportedBoundary[] = wb.boundaries.list().map((b) => ({
    ...b,
    answers: byPartner(b.answers).map(([partnerId, a]) => ({ partnerId, name: nameOf(partnerId), ...a })),
  }));
  const narrative: ExportedNarrativeEntry[] = wb.narrative
    .list()
    .filter((e) => e.perspectives.length > 0 || e.acknowledgements.length > 0)
    .map((e) => ({
      part: e.part,
      perspectives: e.perspectives.map((p) => ({ ...p, name: nameOf(p.partnerId) })),
      acknowledgements: e.acknowledgements.map((a) => ({ ...a, byName: nameOf(a.by), ofName: nameOf(a.of) })),
    }));
  const agreements: ExportedAgreement[] = wb.agreements.list().map((a) => ({
    id: a.id,
    kind: a.kind,
    title: a.title,
    fields: { ...(a.fields as Record<string, AgreementFieldValue>) },
    signedBy: affirmedBy(a, opts.verifyAgreement).map((s) => ({ ...s, name: nameOf(s.partnerId) })),
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  }));
  const checkins: ExportedCheckIn[] = wb.checkins.list().map((c) => ({
    id: c.id,
    date: c.date,
    reveal: c.reveal,
    entries: visibleEntries(c, opts.viewer, opts.verifyCommitment).flatMap((e) =>
      e.state === 'visible' && e.answers ? [{ partnerId: e.partnerId, name: nameOf(e.partnerId), ...e.answers }] : [],
    ),
    createdBy: c.createdBy,
    createdAt: c.createdAt,
  }));
  return {
    vocabulary: wb.vocabulary.list().map((e) => ({
      id: e.id,
      term: e.term,
      category: e.category,
      meanings: byPartner(e.meanings).map(([partnerId, text]) => ({ partnerId, name: nameOf(partnerId), text })),
      createdBy: e.createdBy,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    })),
    boundaries,
    narrative,
    agreements,
    triggers: wb.triggers.list().map((t): ExportedTrigger => ({
      ...t,
      responseAgreedBy: responseAgreedBy(wb, t, opts.verifyAgreement).map((partnerId) => ({ partnerId, name: nameOf(partnerId) })),
    })),
    checkins,
    wins: wb.wins.list(),
    reframes: wb.reframes.list(),
    inbox: wb.inbox.list().map((n) => ({ ...n, by: nameOf(n.createdBy) })),
  };
}

function affirmedBy(a: Agreement, verify: AgreementVerifier | undefined): { partnerId: PartnerId; signedAt: number }[] {
  // With a verifier, the one definition of "signed" applies, so export and screen agree.
  if (verify) {
    return signatureStatus(a, verify)
      .filter((s) => s.state === 'signed')
      .map((s) => ({ partnerId: s.partnerId, signedAt: s.signedAt ?? 0 }));
  }
  return Object.values(a.signatures)
    .filter((s) => s.revision === a.revision)
    .map((s) => ({ partnerId: s.partnerId, signedAt: s.signedAt }))
    .sort(cmpPartner);
}

/** Who agreed to a trigger's response as it reads now: the screen's rule, so a printed page never says "agreed" alone. */
function responseAgreedBy(wb: Workbook, t: TriggerItem, verify: AgreementVerifier | undefined): PartnerId[] {
  const signed = wb.triggers.responseSignatures(t.id);
  if (!signed || !t.agreedResponse) return [];
  if (verify) return triggerResponseStatus(t, signed, verify).filter((s) => s.state === 'signed').map((s) => s.partnerId).sort();
  return Object.values(signed.signatures)
    .filter((s) => s.revision === signed.revision)
    .map((s) => s.partnerId)
    .sort();
}

function cmpPartner(a: { partnerId: string }, b: { partnerId: string }): number {
  return a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0;
}

const inline = (text: string): string => inlineMarkdown(text);

/**
 * Renders an export as Markdown, one heading per section in SECTIONS order. `words` is the frame
 * in the reader's language (English by default); what people wrote stays as written.
 */
export function renderMarkdown(data: WorkbookExport, words: MarkdownWords = ENGLISH_MARKDOWN_WORDS): string {
  const out: string[] = [`# ${words.title}`, ''];
  for (const section of SECTIONS) {
    out.push(`## ${words.section(section)}`, '');
    const lines = sectionLines(section, data, words);
    out.push(...(lines.length ? lines : [words.empty]), '');
  }
  return out.join('\n');
}

function quote(markdown: string): string[] {
  // A perspective is a document of its own: quoting it keeps its headings inside the export's.
  return markdown.split('\n').map((l) => (l ? `> ${l}` : '>'));
}

function fieldLines(kind: Agreement['kind'], fields: Record<string, AgreementFieldValue>, words: MarkdownWords): string[] {
  return agreementTemplate(kind).fields.flatMap((f) => {
    const value = fields[f.name];
    // A field the template gained after this agreement was written, still unset.
    if (value === undefined) return [];
    const label = inline(words.fieldLabel(kind, f.name));
    if (Array.isArray(value)) return [`  - ${label}:`, ...value.map((step, i) => `    ${i + 1}. ${inlineMarkdown(step, '       ')}`)];
    const text = String(value ?? '');
    const shown = f.type === 'choice' ? words.choice(text) : text;
    return [`  - ${label}: ${inline(shown)}`];
  });
}

function sectionLines(section: SectionName, data: WorkbookExport, words: MarkdownWords): string[] {
  switch (section) {
    case 'vocabulary':
      return data.vocabulary.flatMap((e) => [
        `- **${inline(e.term)}** (${words.category(e.category)})`,
        ...e.meanings.map((m) => `  - ${inline(m.name)}: ${inline(m.text)}`),
      ]);
    case 'boundaries':
      return data.boundaries.flatMap((b) => [
        `- **${inline(b.topic)}**${b.hasNo ? ` (${words.includesNo})` : ''}`,
        ...b.answers.map((a) => `  - ${inline(a.name)}: **${words.preference(a.preference)}**${a.note ? `: ${inline(a.note)}` : ''}`),
      ]);
    case 'narrative':
      return data.narrative.flatMap((e) => [
        `### ${words.narrativePart(e.part)}`,
        '',
        ...e.perspectives.flatMap((p) => [words.wrote(inline(p.name)), '', ...quote(p.markdown), '']),
        ...e.acknowledgements.map((a) => `- ${words.acknowledged(inline(a.byName), inline(a.ofName))}: ${inline(a.text)}`),
        '',
      ]);
    case 'agreements':
      return data.agreements.flatMap((a) => [
        `- **${inline(a.title)}** (${words.agreementKind(a.kind)}), ${
          a.signedBy.length ? words.affirmedBy(a.signedBy.map((s) => inline(s.name))) : words.notAffirmed
        }`,
        ...fieldLines(a.kind, a.fields, words),
      ]);
    case 'triggers':
      return data.triggers.flatMap((t) => [
        `- **${inline(t.trigger)}**`,
        ...(t.whatHappens ? [`  - ${words.whatHappens}: ${inline(t.whatHappens)}`] : []),
        ...(t.agreedResponse
          ? [
              t.responseAgreedBy.length >= 2
                ? `  - ${words.agreedResponse}: ${inline(t.agreedResponse)}`
                : `  - ${words.proposedResponse(t.responseAgreedBy[0] ? inline(t.responseAgreedBy[0].name) : undefined)}: ${inline(t.agreedResponse)}`,
            ]
          : []),
      ]);
    case 'checkins':
      return data.checkins.flatMap((c) => [
        `- ${words.checkin(c.date, c.reveal === 'simultaneous')}`,
        ...(c.entries.length === 0 ? [`  - ${words.noAnswers}`] : []),
        ...c.entries.flatMap((e) => [
          `  - ${words.scores(inline(e.name), { safety: e.safety, closeness: e.closeness, stress: e.stress })}`,
          ...(e.appreciation ? [`    - ${words.appreciation}: ${inlineMarkdown(e.appreciation, '      ')}`] : []),
          ...(e.need ? [`    - ${words.need}: ${inlineMarkdown(e.need, '      ')}`] : []),
        ]),
      ]);
    case 'wins':
      return data.wins.map((w) => `- ${words.win(w.kind)}, ${words.date(w.createdAt)}: ${inline(w.text)}`);
    case 'reframes':
      return data.reframes.flatMap((r) => [
        `- **${inline(r.thought)}**`,
        ...(r.evidence ? [`  - ${words.evidence}: ${inline(r.evidence)}`] : []),
        ...(r.reframe ? [`  - ${words.reframe}: ${inline(r.reframe)}`] : []),
      ]);
    case 'inbox':
      return data.inbox.map(
        (n) => `- ${words.inbox(n.kind, inline(n.by))}, ${words.date(n.createdAt)} (${words.inboxStatus(n.status)}): ${inline(n.text)}`,
      );
  }
}
