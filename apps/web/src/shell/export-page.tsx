/**
 * "Export and print": download everything this person can read as Markdown or JSON, or open
 * the printable view. Leaving starts here: the words say plainly what a copy contains.
 *
 *   <ExportPage workbook={wb} credentials={creds} store={store} />   // route #/export
 */
import { useState } from 'preact/hooks';
import type { Workbook } from '@securebase/model';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { slots, useI18n, Words, type Said } from '../i18n.js';
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
  const { t, language, loadArea } = useI18n();
  const [message, setMessage] = useState<{ kind: 'done' | 'error'; say: Said }>();

  const download = async (format: Exclude<Busy, 'idle'>): Promise<void> => {
    setBusy(format);
    setMessage(undefined);
    try {
      const copy = await collectExport({ workbook, credentials, store, t, language, loadArea });
      if (format === 'markdown') downloadText(`${copy.baseName}.md`, copy.markdown, 'text/markdown');
      else downloadText(`${copy.baseName}.json`, copy.json, 'application/json');
      setMessage({ kind: 'done', say: (words) => words('pages.exportDone') });
    } catch (err) {
      setMessage({ kind: 'error', say: (words) => describeError(err, words) });
    } finally {
      setBusy('idle');
    }
  };

  return (
    <section class="section" aria-labelledby="export-heading">
      <h1 id="export-heading" class="section-title">
        {t('shell.navExport')}
      </h1>
      <p class="section-intro">{t('pages.exportIntro')}</p>
      <div class="card">
        <h2>{t('pages.exportDownloadTitle')}</h2>
        <p>
          <Words
            text={t('pages.exportDownloadText', slots('plain'))}
            parts={{ plain: <strong>{t('pages.exportNotEncrypted')}</strong> }}
          />
        </p>
        <div class="card-actions">
          <button type="button" class="button-primary" disabled={busy !== 'idle'} onClick={() => void download('markdown')}>
            {busy === 'markdown' ? t('pages.preparing') : t('pages.downloadMarkdown')}
          </button>
          <button type="button" class="button-quiet" disabled={busy !== 'idle'} onClick={() => void download('json')}>
            {busy === 'json' ? t('pages.preparing') : t('pages.downloadJson')}
          </button>
        </div>
        <p role="status" class={message?.kind === 'error' ? 'form-error' : 'hint'}>
          {message?.say(t) ?? ''}
        </p>
      </div>
      <div class="card">
        <h2>{t('shell.print')}</h2>
        <p>{t('pages.printText')}</p>
        <a class="button-quiet button-link" href={routeHash({ name: 'print' })}>
          {t('pages.openPrintable')}
        </a>
      </div>
    </section>
  );
}
