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
import { describeError } from '../messages.js';
import { routeHash } from '../router.js';
import { collectExport, downloadText } from '../shell/export-data.js';
import { clearLocalDataAndRestart } from './clear-local-data.js';
import { useTrust } from './trust-context.js';

/** The word a person types to confirm. */
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
  const [exportMessage, setExportMessage] = useState<{ kind: 'done' | 'error'; text: string }>();
  const [leaveError, setLeaveError] = useState<string>();

  const download = async (format: Format): Promise<void> => {
    if (!workbook) return;
    setExporting(format);
    setExportMessage(undefined);
    try {
      const copy = await collectExport({ workbook, credentials: trust.credentials, store: trust.store });
      if (format === 'markdown') downloadText(`${copy.baseName}.md`, copy.markdown, 'text/markdown');
      else downloadText(`${copy.baseName}.json`, copy.json, 'application/json');
      setExported(true);
      setExportMessage({ kind: 'done', text: 'Your copy is downloading. Keep it somewhere only you can open.' });
    } catch (err) {
      setExportMessage({ kind: 'error', text: describeError(err) });
    } finally {
      setExporting(undefined);
    }
  };

  const confirmed = word.trim().toLowerCase() === LEAVE_WORD;
  const leave = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!confirmed) {
      setLeaveError(`To leave, type the word “${LEAVE_WORD}” in the box first.`);
      return;
    }
    setLeaving(true);
    setLeaveError(undefined);
    try {
      await leaveSpace(trust.credentials);
      await clearLocalDataAndRestart();
    } catch (err) {
      setLeaveError(describeError(err));
      setLeaving(false);
    }
  };

  return (
    <>
      <h1 id="trust-heading" class="section-title">
        Leave the space
      </h1>
      <p class="section-intro">
        You can always leave, and you do not have to explain why. Take your time with the steps below.
      </p>
      <section class="card" aria-labelledby={`${id}-copy`}>
        <h2 id={`${id}-copy`}>1. Take a copy first</h2>
        <p>
          Download everything you can read: all the sections as you see them, and your private notes. The file is
          made here on this device and is <strong>not encrypted</strong>: keep it somewhere only you can open.
        </p>
        <div class="card-actions">
          <button
            type="button"
            class="button-primary"
            disabled={!workbook || exporting !== undefined}
            onClick={() => void download('markdown')}
          >
            {exporting === 'markdown' ? 'Preparing…' : 'Download Markdown'}
          </button>
          <button
            type="button"
            class="button-quiet"
            disabled={!workbook || exporting !== undefined}
            onClick={() => void download('json')}
          >
            {exporting === 'json' ? 'Preparing…' : 'Download JSON'}
          </button>
        </div>
        {exportMessage && (
          <p class={exportMessage.kind === 'error' ? 'form-error' : 'hint'} role={exportMessage.kind === 'error' ? 'alert' : 'status'}>
            {exportMessage.text}
            {exported && exportMessage.kind === 'done' ? ' You can also download the other format.' : ''}
          </p>
        )}
      </section>
      <section class="card" aria-labelledby={`${id}-what`}>
        <h2 id={`${id}-what`}>2. What happens when you leave</h2>
        <ul class="trust-consequences">
          <li>All your devices are removed from the space, this one included. None of them can open it again.</li>
          <li>Your private notes and drafts are deleted from the relay and from this browser.</li>
          <li>
            What the two of you wrote together stays with your partner. You keep only the copy you downloaded.
          </li>
          <li>The space gets a new key, so nothing written after you leave can be read with your old keys.</li>
          <li>Your partner is told, in plain words, that you left.</li>
        </ul>
        <p>This cannot be undone. To be in a space together again, one of you would invite the other afresh.</p>
      </section>
      <form class="card trust-leave" aria-labelledby={`${id}-confirm`} onSubmit={(e) => void leave(e)} noValidate>
        <h2 id={`${id}-confirm`}>3. Confirm</h2>
        <div class="field">
          <label for={`${id}-word`}>Type &ldquo;{LEAVE_WORD}&rdquo; to confirm</label>
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
            {leaving ? 'Leaving…' : 'Leave the space'}
          </button>
          <a class="button-quiet" href={routeHash({ name: 'devices' })}>
            Stay
          </a>
        </div>
        {leaveError && (
          <p class="form-error" role="alert">
            {leaveError}
          </p>
        )}
      </form>
    </>
  );
}
