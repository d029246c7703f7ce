/**
 * "Export and print": download everything this person can read as Markdown or JSON, or open
 * the printable view. Leaving starts here: the words say plainly what a copy contains.
 *
 *   <ExportPage workbook={wb} credentials={creds} store={store} />   // route #/export
 */
import { useState } from 'preact/hooks';
import type { Workbook } from '@securebase/model';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { describeError } from '../messages.js';
import { routeHash } from '../router.js';
import { collectExport, downloadText } from './export-data.js';

interface Props {
  workbook: Workbook;
  credentials: Credentials;
  store: LocalStateStore;
}

type Busy = 'idle' | 'markdown' | 'json';

/** The export page. */
export function ExportPage({ workbook, credentials, store }: Props) {
  const [busy, setBusy] = useState<Busy>('idle');
  const [message, setMessage] = useState<{ kind: 'done' | 'error'; text: string }>();

  const download = async (format: Exclude<Busy, 'idle'>): Promise<void> => {
    setBusy(format);
    setMessage(undefined);
    try {
      const copy = await collectExport({ workbook, credentials, store });
      if (format === 'markdown') downloadText(`${copy.baseName}.md`, copy.markdown, 'text/markdown');
      else downloadText(`${copy.baseName}.json`, copy.json, 'application/json');
      setMessage({ kind: 'done', text: 'Your copy is downloading. Keep it somewhere only you can open.' });
    } catch (err) {
      setMessage({ kind: 'error', text: describeError(err) });
    } finally {
      setBusy('idle');
    }
  };

  return (
    <section class="section" aria-labelledby="export-heading">
      <h1 id="export-heading" class="section-title">
        Export and print
      </h1>
      <p class="section-intro">
        Take a copy of everything you can read: all nine sections as you see them, and your private notebook
        (drafts you have not shared). Check-in answers you have not both revealed are left out.
      </p>
      <div class="card">
        <h2>Download a copy</h2>
        <p>
          Markdown is easy to read in any text editor; JSON keeps every field, for other tools. The file is made
          here on this device and is <strong>not encrypted</strong>: store it with care.
        </p>
        <div class="card-actions">
          <button type="button" class="button-primary" disabled={busy !== 'idle'} onClick={() => void download('markdown')}>
            {busy === 'markdown' ? 'Preparing…' : 'Download Markdown'}
          </button>
          <button type="button" class="button-quiet" disabled={busy !== 'idle'} onClick={() => void download('json')}>
            {busy === 'json' ? 'Preparing…' : 'Download JSON'}
          </button>
        </div>
        <p role="status" class={message?.kind === 'error' ? 'form-error' : 'hint'}>
          {message?.text ?? ''}
        </p>
      </div>
      <div class="card">
        <h2>Print</h2>
        <p>A plain page with everything on it, ready for paper or a PDF.</p>
        <a class="button-quiet button-link" href={routeHash({ name: 'print' })}>
          Open the printable view
        </a>
      </div>
    </section>
  );
}
