/**
 * The printable view: the whole workbook as this person can read it, plus their private
 * notebook, as plain typeset pages. The app's chrome is hidden when printing (print CSS).
 *
 *   <PrintView workbook={wb} credentials={creds} store={store} revision={rev} />   // route #/print
 */
import { useEffect, useState } from 'preact/hooks';
import type { Workbook } from '@securebase/model';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { describeError } from '../messages.js';
import { readPrivateNotebook } from './export-data.js';
import { MarkdownView, withoutTitle } from './markdown-view.js';

interface Props {
  workbook: Workbook;
  credentials: Credentials;
  store: LocalStateStore;
  /** Re-render on document changes. */
  revision: number;
}

type PrivateState = { kind: 'loading' } | { kind: 'ready'; markdown: string } | { kind: 'failed'; message: string };

/** The printable page. */
export function PrintView({ workbook, credentials, store }: Props) {
  const [privateNotes, setPrivateNotes] = useState<PrivateState>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    readPrivateNotebook(credentials, store).then(
      (copy) => live && setPrivateNotes({ kind: 'ready', markdown: copy.markdown }),
      (err: unknown) => live && setPrivateNotes({ kind: 'failed', message: describeError(err) }),
    );
    return () => {
      live = false;
    };
  }, [credentials, store]);

  return (
    <article class="print-view" aria-labelledby="print-heading">
      <div class="print-actions no-print">
        <button type="button" class="button-primary" onClick={() => window.print()}>
          Print
        </button>
        <p class="hint">Printed pages are not encrypted: keep them somewhere private.</p>
      </div>
      <h1 id="print-heading" class="section-title">
        Our workbook
      </h1>
      <MarkdownView markdown={withoutTitle(workbook.toMarkdown({ viewer: credentials.partnerId }))} />
      <h2 class="print-private">Private to me</h2>
      {privateNotes.kind === 'loading' && <p class="empty">Opening your private notebook…</p>}
      {privateNotes.kind === 'failed' && <p class="form-error">{privateNotes.message}</p>}
      {privateNotes.kind === 'ready' &&
        (privateNotes.markdown.trim() ? (
          <MarkdownView markdown={privateNotes.markdown} headingOffset={2} />
        ) : (
          <p class="empty">Nothing private yet.</p>
        ))}
    </article>
  );
}
