/**
 * Export of everything this person can read: the shared workbook as the model renders it for
 * this viewer (check-in answers only once revealed), plus their own private notebook (drafts,
 * journal, private items). Markdown for reading, JSON for keeping; both are built here in the
 * browser and handed to the person as a download: nothing is sent anywhere.
 *
 *   const copy = await collectExport({ workbook, credentials, store, t, language, loadArea });
 *   downloadText(`${copy.baseName}.md`, copy.markdown, 'text/markdown');
 */
import * as Y from 'yjs';
import { PrivateWorkbook, renderMarkdown, type PrivateWorkbookExport, type Workbook } from '@securebase/model';
import { formatDate, type Area, type Language, type Translate } from '@securebase/i18n';
import { openPrivateDoc, type Credentials, type LocalStateStore } from '@securebase/sync';
import { markdownWords } from './markdown-words.js';
import { withoutTitle } from './markdown-view.js';
import { privateMarkdown } from './private-markdown.js';

/** How long to wait for the private notebook to catch up with the relay before using the local copy. */
const PRIVATE_SYNC_WAIT_MS = 4_000;

export interface ExportCopy {
  /** File name without extension: `secure-base-2025-11-21`. */
  baseName: string;
  markdown: string;
  json: string;
}

/** The private notebook's export, read from a short-lived provider on the private document. */
export interface PrivateCopy {
  json: PrivateWorkbookExport;
}

/** Open the private document just long enough to read it (offline: what this device holds). */
export async function readPrivateNotebook(credentials: Credentials, store: LocalStateStore): Promise<PrivateCopy> {
  const doc = new Y.Doc();
  const provider = openPrivateDoc(credentials, doc, { store, connect: navigator.onLine });
  try {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, PRIVATE_SYNC_WAIT_MS);
    });
    await Promise.race([provider.whenSynced(), timeout]);
    clearTimeout(timer);
    const notebook = new PrivateWorkbook(doc);
    return { json: notebook.toJSON() };
  } finally {
    await provider.destroy();
    doc.destroy();
  }
}

/**
 * Build both files for this viewer, headings in this person's language (`loadArea` brings the
 * agreement labels, area `sections`); `now` names the files and stamps them.
 */
export async function collectExport(input: {
  workbook: Workbook;
  credentials: Credentials;
  store: LocalStateStore;
  t: Translate;
  language: Language;
  loadArea: (area: Area) => Promise<void>;
  now?: Date;
}): Promise<ExportCopy> {
  const { workbook, credentials, store, t, language } = input;
  await input.loadArea('sections');
  const now = input.now ?? new Date();
  const viewer = credentials.partnerId;
  const privateCopy = await readPrivateNotebook(credentials, store);
  const day = now.toISOString().slice(0, 10);
  const markdown = [
    `# ${t('pages.exportFileTitle', { date: formatDate(now, language) })}`,
    '',
    withoutTitle(renderMarkdown(workbook.toJSON({ viewer }), markdownWords(t, language))).trim(),
    '',
    `# ${t('pages.privateToMe')}`,
    '',
    privateMarkdown(privateCopy.json, t, language).trim() || `_${t('pages.nothingPrivate')}_`,
    '',
  ].join('\n');
  const json = JSON.stringify(
    {
      format: 'securebase-export',
      version: 1,
      exportedAt: now.toISOString(),
      shared: workbook.toJSON({ viewer }),
      private: privateCopy.json,
    },
    null,
    2,
  );
  return { baseName: `secure-base-${day}`, markdown, json };
}

/** Hand `text` to the browser as a file download (no network involved). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke on the next tick: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
