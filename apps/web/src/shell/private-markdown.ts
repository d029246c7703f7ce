/**
 * Markdown for the person's own private notebook (boundary drafts, journal, private notes), in
 * the same plain shape as the shared workbook's export. Used by the download and the print view.
 *
 *   privateMarkdown(new PrivateWorkbook(doc).toJSON(), t, 'en')   // '## Boundary drafts\n\n- …'
 */
import { formatDate, type Language, type Translate } from '@securebase/i18n';
import type { PrivateWorkbookExport } from '@securebase/model';
import { KIND_LABELS } from '../labels.js';
import { CONSENT_LABELS, NARRATIVE_PARTS_TEXT } from '../sections/section-labels.js';

/** One line of text for a bullet: newlines folded, so a paragraph cannot break the list. */
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/** Markdown of everything private, headings in this person's language; empty string when there is nothing. */
export function privateMarkdown(notebook: PrivateWorkbookExport, t: Translate, language: Language): string {
  const day = (time: number): string => formatDate(new Date(time), language);
  const out: string[] = [];
  if (notebook.boundaryDrafts.length > 0) {
    out.push(`## ${t('pages.mdBoundaryDrafts')}`, '');
    for (const draft of notebook.boundaryDrafts) {
      const shared = ` (${draft.shared ? t('pages.mdShared') : t('pages.mdNotShared')})`;
      const note = draft.note ? ` — ${oneLine(draft.note)}` : '';
      out.push(`- **${oneLine(draft.topic)}**: ${t(CONSENT_LABELS[draft.preference])}${note}${shared}`);
    }
    out.push('');
  }
  if (notebook.journal.length > 0) {
    out.push(`## ${t('pages.mdJournal')}`, '');
    for (const entry of notebook.journal) out.push(`### ${day(entry.createdAt)}`, '', entry.text.trim(), '');
  }
  if (notebook.reframes.length > 0) {
    out.push(`## ${t('pages.mdReframes')}`, '');
    for (const r of notebook.reframes) {
      const steps = [
        r.evidence && t('pages.mdEvidence', { text: oneLine(r.evidence) }),
        r.reframe && t('pages.mdReframe', { text: oneLine(r.reframe) }),
      ].filter(Boolean);
      const shared = ` (${r.shared ? t('pages.mdShared') : t('pages.mdNotShared')})`;
      out.push(`- ${[oneLine(r.thought), ...steps].join(' → ')}${shared}`);
    }
    out.push('');
  }
  if (notebook.storyDrafts.length > 0) {
    out.push(`## ${t('pages.mdStoryDrafts')}`, '');
    for (const d of notebook.storyDrafts) out.push(`### ${t(NARRATIVE_PARTS_TEXT[d.part].title)}`, '', d.markdown.trim(), '');
  }
  if (notebook.tension.length > 0) {
    out.push(`## ${t('pages.mdTension')}`, '');
    for (const entry of notebook.tension) {
      const level = t('pages.mdTensionLevel', { level: entry.level });
      out.push(`- ${day(entry.at)}: ${level}${entry.words ? ` — ${oneLine(entry.words)}` : ''}`);
    }
    out.push('');
  }
  if (notebook.items.length > 0) {
    out.push(`## ${t('pages.mdPrivateNotes')}`, '');
    for (const item of notebook.items) {
      out.push(`- ${t(KIND_LABELS[item.kind])}: ${oneLine(item.text)}${item.shared ? ` (${t('pages.mdShared')})` : ''}`);
    }
    out.push('');
  }
  return out.join('\n');
}
