/**
 * "My private notes" (`#/private-notes`): quick notes in this partner's private document, which
 * only their own devices can decrypt. "Share with my partner" is a deliberate act: it copies the
 * note into the shared inbox (saying so first) and marks the private copy as shared.
 *
 *   <PrivateNotesPage workbook={sharedWorkbook} />   // inside <TrustGate>
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { INBOX_KINDS, LIMITS, type InboxKind, type PrivateItem, type PrivateWorkbook, type Workbook } from '@securebase/model';
import { ConfirmButton } from '../components/confirm-button.js';
import { OnceForm } from '../components/once-form.js';
import { useDraft } from '../components/use-draft.js';
import { useI18n, type Said } from '../i18n.js';
import { KIND_LABELS } from '../labels.js';
import { describeError } from '../messages.js';
import { usePrivateWorkbook } from '../sections/use-private-workbook.js';
import { addedOn } from './device-label.js';
import { useTrust } from './trust-context.js';

/** The private notes page; `workbook` is the shared one (undefined while it opens). */
export function PrivateNotesPage({ workbook }: { workbook: Workbook | undefined }) {
  const trust = useTrust();
  const priv = usePrivateWorkbook(trust.credentials, trust.store);
  const { t } = useI18n();

  return (
    <>
      <h1 id="trust-heading" class="section-title">
        {t('trustPages.privateTitle')}
      </h1>
      <p class="section-intro">{t('trustPages.privateIntro', { share: t('trustPages.shareWithPartner') })}</p>
      {priv.kind === 'opening' && <p class="empty">{t('trustPages.privateOpening')}</p>}
      {priv.kind === 'unavailable' && (
        <p class="form-error" role="alert">
          {priv.message}
        </p>
      )}
      {priv.kind === 'ready' && (
        <>
          <AddPrivateNote notebook={priv.workbook} />
          <PrivateNoteList notebook={priv.workbook} workbook={workbook} me={trust.credentials.partnerId} />
        </>
      )}
    </>
  );
}

function AddPrivateNote({ notebook }: { notebook: PrivateWorkbook }) {
  const id = useId();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<InboxKind>('other');
  const [error, setError] = useState<Said>();
  const { t } = useI18n();
  useDraft('private-notes/add/text', text, setText);

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    try {
      notebook.items.add({ text, kind });
      setText('');
      setError(undefined);
    } catch (err) {
      setError(() => (words: Parameters<Said>[0]) => describeError(err, words));
    }
  };

  return (
    <OnceForm class="card" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>{t('trustPages.writePrivate')}</h2>
      <div class="field">
        <label for={`${id}-text`}>{t('trustPages.privateNote')}</label>
        <textarea
          id={`${id}-text`}
          dir="auto"
          rows={3}
          maxLength={LIMITS.note}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      <div class="field">
        <label for={`${id}-kind`}>{t('trustPages.noteKind')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.currentTarget.value as InboxKind)}>
          {INBOX_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(KIND_LABELS[k])}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button-primary">
        {t('trustPages.keepPrivate')}
      </button>
      {error && (
        <p class="form-error" id={`${id}-error`} role="alert">
          {error(t)}
        </p>
      )}
    </OnceForm>
  );
}

interface ListProps {
  notebook: PrivateWorkbook;
  workbook: Workbook | undefined;
  me: string;
}

function PrivateNoteList({ notebook, workbook, me }: ListProps) {
  const [error, setError] = useState<Said>();
  const { t, language } = useI18n();
  const items = notebook.items.list().slice().reverse();

  const share = (item: PrivateItem): void => {
    if (!workbook) {
      setError(() => (words: Parameters<Said>[0]) => words('trustPages.stillOpening'));
      return;
    }
    try {
      const note = workbook.inbox.add({ text: item.text, kind: item.kind }, me);
      notebook.items.markShared(item.id, note.id);
      setError(undefined);
    } catch (err) {
      setError(() => (words: Parameters<Said>[0]) => describeError(err, words));
    }
  };

  const remove = (item: PrivateItem): void => {
    try {
      notebook.items.remove(item.id);
    } catch (err) {
      setError(() => (words: Parameters<Said>[0]) => describeError(err, words));
    }
  };

  if (items.length === 0) return <p class="empty">{t('trustPages.noPrivate')}</p>;
  return (
    <section aria-labelledby="trust-private-list">
      <h2 id="trust-private-list" class="visually-hidden">
        {t('trustPages.privateHeading')}
      </h2>
      {error && (
        <p class="form-error" role="alert">
          {error(t)}
        </p>
      )}
      <ul class="card-list">
        {items.map((item) => (
          <li key={item.id} class="card note-card" aria-label={t('trustPages.privateNoteLabel', { text: item.text })}>
            <p class="note-text">{item.text}</p>
            <p class="hint">
              {t(KIND_LABELS[item.kind])} · {addedOn(item.createdAt, language)}
              {item.shared ? ` · ${t('trustPages.sharedOn', { date: addedOn(item.shared.sharedAt, language) })}` : ''}
            </p>
            <div class="card-actions">
              {!item.shared && (
                <ShareButton onShare={() => share(item)} />
              )}
              <ConfirmButton
                label={t('trustPages.delete')}
                ariaLabel={t('trustPages.deleteLabel')}
                question={item.shared ? t('trustPages.deleteShared') : t('trustPages.deleteQuestion')}
                confirmLabel={t('trustPages.deleteYes')}
                onConfirm={() => remove(item)}
              />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Share with my partner", asking once and saying what sharing means; the safe choice has focus. */
function ShareButton({ onShare }: { onShare: () => void }) {
  const [asking, setAsking] = useState(false);
  const notNow = useRef<HTMLButtonElement>(null);
  const { t } = useI18n();
  useEffect(() => {
    if (asking) notNow.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" class="button-quiet" onClick={() => setAsking(true)}>
        {t('trustPages.shareWithPartner')}
      </button>
    );
  }
  const question = t('trustPages.shareQuestion');
  return (
    <div class="confirm" role="group" aria-label={question}>
      <span class="confirm-question">{question}</span>
      <button type="button" class="button-primary" onClick={onShare}>
        {t('trustPages.shareYes')}
      </button>
      <button type="button" class="button-quiet" ref={notNow} onClick={() => setAsking(false)}>
        {t('moments.notNow')}
      </button>
    </div>
  );
}
