/**
 * Leaving the space (`#/leave`), as a deliberate flow: first a copy of everything this person
 * can read (Markdown and JSON, made on this device), then plainly what happens, then typing a
 * word to confirm. Leaving revokes all of this partner's devices (the relay deletes their
 * private document), and this browser forgets the space.
 *
 *   <LeavePage workbook={sharedWorkbook} />   // inside <TrustGate>
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { Workbook } from '@securebase/model';
import { leaveSpace } from '@securebase/sync';
import { Words, slots, useI18n, type Said } from '../i18n.js';
import { describeError } from '../messages.js';
import { routeHash } from '../router.js';
import { collectExport, downloadText } from '../shell/export-data.js';
import { clearLocalDataAndRestart } from './clear-local-data.js';
import { useTrust } from './trust-context.js';

/** The word a person types to confirm, in English; each language has its own ('trustPages.leaveWord'), and this one always works too. */
export const LEAVE_WORD = 'leave';

type Format = 'markdown' | 'json';

/** The leave page; `workbook` is the shared one (undefined while it opens). */
export function LeavePage({ workbook }: { workbook: Workbook | undefined }) {
  const trust = useTrust();
  const id = useId();
  const [exporting, setExporting] = useState<Format>();
  const [exported, setExported] = useState(false);
  const [word, setWord] = useState('');
  const [leaving, setLeaving] = useState(false);
  const [exportMessage, setExportMessage] = useState<{ kind: 'done' | 'error'; text: Said }>();
  const [leaveError, setLeaveError] = useState<Said>();
  const { t, language, loadArea } = useI18n();
  const leaveWord = t('trustPages.leaveWord');

  const download = async (format: Format): Promise<void> => {
    if (!workbook) return;
    setExporting(format);
    setExportMessage(undefined);
    try {
      const copy = await collectExport({ workbook, credentials: trust.credentials, store: trust.store, t, language, loadArea });
      if (format === 'markdown') downloadText(`${copy.baseName}.md`, copy.markdown, 'text/markdown');
      else downloadText(`${copy.baseName}.json`, copy.json, 'application/json');
      setExported(true);
      setExportMessage({ kind: 'done', text: (words) => words('trustPages.downloading') });
    } catch (err) {
      setExportMessage({ kind: 'error', text: (words) => describeError(err, words) });
    } finally {
      setExporting(undefined);
    }
  };

  const typed = word.trim().toLowerCase();
  const confirmed = typed === leaveWord.toLowerCase() || typed === LEAVE_WORD;
  const leave = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!confirmed) {
      setLeaveError(() => (words: Parameters<Said>[0]) => words('trustPages.typeFirst', { word: words('trustPages.leaveWord') }));
      return;
    }
    setLeaving(true);
    setLeaveError(undefined);
    try {
      await leaveSpace(trust.credentials);
      await clearLocalDataAndRestart();
    } catch (err) {
      setLeaveError(() => (words: Parameters<Said>[0]) => describeError(err, words));
      setLeaving(false);
    }
  };

  return (
    <>
      <h1 id="trust-heading" class="section-title">
        {t('trustPages.leaveTitle')}
      </h1>
      <p class="section-intro">{t('trustPages.leaveIntro')}</p>
      <section class="card" aria-labelledby={`${id}-copy`}>
        <h2 id={`${id}-copy`}>{t('trustPages.copyFirst')}</h2>
        <p>
          <Words text={t('trustPages.copyText', slots('notEncrypted'))} parts={{ notEncrypted: <strong>{t('trustPages.notEncrypted')}</strong> }} />
        </p>
        <div class="card-actions">
          <button
            type="button"
            class="button-primary"
            disabled={!workbook || exporting !== undefined}
            onClick={() => void download('markdown')}
          >
            {exporting === 'markdown' ? t('pages.preparing') : t('pages.downloadMarkdown')}
          </button>
          <button
            type="button"
            class="button-quiet"
            disabled={!workbook || exporting !== undefined}
            onClick={() => void download('json')}
          >
            {exporting === 'json' ? t('pages.preparing') : t('pages.downloadJson')}
          </button>
        </div>
        {exportMessage && (
          <p class={exportMessage.kind === 'error' ? 'form-error' : 'hint'} role={exportMessage.kind === 'error' ? 'alert' : 'status'}>
            {exportMessage.text(t)}
            {exported && exportMessage.kind === 'done' ? ` ${t('trustPages.otherFormat')}` : ''}
          </p>
        )}
      </section>
      <section class="card" aria-labelledby={`${id}-what`}>
        <h2 id={`${id}-what`}>{t('trustPages.whatHappens')}</h2>
        <ul class="trust-consequences">
          <li>{t('trustPages.leaveDevices')}</li>
          <li>{t('trustPages.leaveNotes')}</li>
          <li>{t('trustPages.leaveShared')}</li>
          <li>{t('trustPages.leaveKey')}</li>
          <li>{t('trustPages.leaveTold')}</li>
        </ul>
        <p>{t('trustPages.leaveFinal')}</p>
      </section>
      <form class="card trust-leave" aria-labelledby={`${id}-confirm`} onSubmit={(e) => void leave(e)} noValidate>
        <h2 id={`${id}-confirm`}>{t('trustPages.confirm')}</h2>
        <div class="field">
          <label for={`${id}-word`}>{t('trustPages.typeToConfirm', { word: leaveWord })}</label>
          <input
            id={`${id}-word`}
            value={word}
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            onInput={(e) => setWord(e.currentTarget.value)}
          />
        </div>
        <div class="card-actions">
          <button type="submit" class="button-danger" disabled={leaving || !confirmed}>
            {leaving ? t('trustPages.leaving') : t('trustPages.leaveTitle')}
          </button>
          <a class="button-quiet" href={routeHash({ name: 'devices' })}>
            {t('trustPages.stay')}
          </a>
        </div>
        {leaveError && (
          <p class="form-error" role="alert">
            {leaveError(t)}
          </p>
        )}
      </form>
    </>
  );
}
