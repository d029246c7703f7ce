/**
 * Markdown for the person's own private notebook (boundary drafts, journal, private notes), in
 * the same plain shape as the shared workbook's export. Used by the download and the print view.
 *
 *   privateMarkdown(new PrivateWorkbook(doc).toJSON())   // '## Boundary drafts\n\n- …'
 */
import type { PrivateWorkbookExport } from '@securebase/model';
import { KIND_LABELS } from '../labels.js';
import { CONSENT_LABELS, NARRATIVE_PARTS_TEXT } from '../sections/section-labels.js';

/** One line of text for a bullet: newlines folded, so a paragraph cannot break the list. */
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();
const day = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** Markdown of everything private; empty string when there is nothing. */
export function privateMarkdown(notebook: PrivateWorkbookExport): string {
  const out: string[] = [];
  if (notebook.boundaryDrafts.length > 0) {
    out.push('## Boundary drafts', '');
    for (const draft of notebook.boundaryDrafts) {
      const shared = draft.shared ? ' (shared)' : ' (not shared)';
      const note = draft.note ? ` — ${oneLine(draft.note)}` : '';
      out.push(`- **${oneLine(draft.topic)}**: ${CONSENT_LABELS[draft.preference]}${note}${shared}`);
    }
    out.push('');
  }
  if (notebook.journal.length > 0) {
    out.push('## Journal', '');
    for (const entry of notebook.journal) out.push(`### ${day(entry.createdAt)}`, '', entry.text.trim(), '');
  }
  if (notebook.reframes.length > 0) {
    out.push('## Private reframes', '');
    for (const r of notebook.reframes) {
      const steps = [r.evidence && `evidence: ${oneLine(r.evidence)}`, r.reframe && `reframe: ${oneLine(r.reframe)}`].filter(Boolean);
      out.push(`- ${[oneLine(r.thought), ...steps].join(' → ')}${r.shared ? ' (shared)' : ' (not shared)'}`);
    }
    out.push('');
  }
  if (notebook.storyDrafts.length > 0) {
    out.push('## Story drafts, not shared yet', '');
    for (const d of notebook.storyDrafts) out.push(`### ${NARRATIVE_PARTS_TEXT[d.part].title}`, '', d.markdown.trim(), '');
  }
  if (notebook.tension.length > 0) {
    out.push('## Tension log', '');
    for (const t of notebook.tension) out.push(`- ${day(t.at)}: ${t.level} of 10${t.words ? ` — ${oneLine(t.words)}` : ''}`);
    out.push('');
  }
  if (notebook.items.length > 0) {
    out.push('## Private notes', '');
    for (const item of notebook.items) {
      out.push(`- ${KIND_LABELS[item.kind]}: ${oneLine(item.text)}${item.shared ? ' (shared)' : ''}`);
    }
    out.push('');
  }
  return out.join('\n');
}
