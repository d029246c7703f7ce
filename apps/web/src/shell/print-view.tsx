/**
 * The printable view: the whole workbook as this person can read it, plus their private
 * notebook, as plain typeset pages. The app's chrome is hidden when printing (print CSS).
 *
 *   <PrintView workbook={wb} credentials={creds} store={store} revision={rev} />   // route #/print
 */
import { useEffect, useState } from 'preact/hooks';
import { renderMarkdown, type Workbook } from '@securebase/model';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import type { PrivateWorkbookExport } from '@securebase/model';
import { useI18n, type Said } from '../i18n.js';
import { describeError } from '../messages.js';
import { readPrivateNotebook } from './export-data.js';
import { MarkdownView, withoutTitle } from './markdown-view.js';
import { markdownWords } from './markdown-words.js';
import { privateMarkdown } from './private-markdown.js';

interface Props {
  workbook: Workbook;
  credentials: Credentials;
  store: LocalStateStore;
  /** Re-render on document changes. */
  revision: number;
}

type PrivateState = { kind: 'loading' } | { kind: 'ready'; notebook: PrivateWorkbookExport } | { kind: 'failed'; say: Said };

/** The printable page. */
export function PrintView({ workbook, credentials, store }: Props) {
  const { t, language, loadArea } = useI18n();
  const [privateNotes, setPrivateNotes] = useState<PrivateState>({ kind: 'loading' });
  // The agreement labels are the agreements screen's words (area `sections`).
  const [labels, setLabels] = useState<'loading' | 'ready' | Said>('loading');
  useEffect(() => {
    let live = true;
    loadArea('sections').then(
      () => live && setLabels('ready'),
      (err: unknown) => live && setLabels(() => (words: Parameters<Said>[0]) => describeError(err, words)),
    );
    return () => {
      live = false;
    };
  }, [loadArea]);
  useEffect(() => {
    let live = true;
    readPrivateNotebook(credentials, store).then(
      (copy) => live && setPrivateNotes({ kind: 'ready', notebook: copy.json }),
      (err: unknown) => live && setPrivateNotes({ kind: 'failed', say: (words) => describeError(err, words) }),
    );
    return () => {
      live = false;
    };
  }, [credentials, store]);

  return (
    <article class="print-view" aria-labelledby="print-heading">
      <div class="print-actions no-print">
        <button type="button" class="button-primary" onClick={() => window.print()}>
          {t('shell.print')}
        </button>
        <p class="hint">{t('pages.printHint')}</p>
      </div>
      <h1 id="print-heading" class="section-title">
        {t('pages.printTitle')}
      </h1>
      {labels === 'ready' && (
        <MarkdownView markdown={withoutTitle(renderMarkdown(workbook.toJSON({ viewer: credentials.partnerId }), markdownWords(t, language)))} />
      )}
      {typeof labels === 'function' && <p class="form-error">{labels(t)}</p>}
      <h2 class="print-private">{t('pages.privateToMe')}</h2>
      {privateNotes.kind === 'loading' && <p class="empty">{t('pages.openingPrivate')}</p>}
      {privateNotes.kind === 'failed' && <p class="form-error">{privateNotes.say(t)}</p>}
      {privateNotes.kind === 'ready' && <PrivateNotebook markdown={privateMarkdown(privateNotes.notebook, t, language)} />}
    </article>
  );
}

/** The private notebook's pages, or a calm line when there is nothing private. */
function PrivateNotebook({ markdown }: { markdown: string }) {
  const { t } = useI18n();
  return markdown.trim() ? <MarkdownView markdown={markdown} headingOffset={2} /> : <p class="empty">{t('pages.nothingPrivate')}</p>;
}
