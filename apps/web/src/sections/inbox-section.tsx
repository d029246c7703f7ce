/**
 * The inbox: quick notes to each other (an appreciation, something that stirred you, a need, a
 * topic for the next check-in), triaged together later as discussed, kept or archived, and
 * filtered by status and kind.
 *
 *   <InboxSection workbook={workbook} me={credentials.partnerId} revision={revision} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  INBOX_KINDS,
  ModelValidationError,
  sectionDecision,
  type InboxKind,
  type InboxNote,
  type InboxStatus,
  type PartnerId,
  type Workbook,
} from '@securebase/model';
import { FieldError } from '../components/field-error.js';
import { GentlePhrasingOffer } from '../components/gentle-phrasing-offer.js';
import { OnceForm } from '../components/once-form.js';
import { useDraft } from '../components/use-draft.js';
import { CheckinMarkButton } from '../home/checkin-topics.js';
import { KIND_LABELS, STATUS_ACTIONS, STATUS_LABELS } from '../labels.js';
import { describeError } from '../messages.js';
import { Refusal, RemoveAction, RemovedList, useRefusal } from './change-notes.js';
import { authorName } from './partners.js';
import { WithName, slots, useI18n, type MessageKey } from '../i18n.js';
import './sections.css';

interface Props {
  workbook: Workbook;
  me: PartnerId;
  /** Changes whenever the document does; only here to re-render. */
  revision: number;
}

const TRIAGE = ['discussed', 'keep', 'archived'] as const;

type StatusFilter = 'open' | InboxStatus | 'all';

const STATUS_FILTERS: { value: StatusFilter; label: MessageKey }[] = [
  { value: 'open', label: 'inbox.filter.open' },
  { value: 'new', label: STATUS_LABELS.new },
  { value: 'discussed', label: STATUS_LABELS.discussed },
  { value: 'keep', label: STATUS_LABELS.keep },
  { value: 'archived', label: STATUS_LABELS.archived },
  { value: 'all', label: 'inbox.filter.all' },
];

/** The inbox screen: a quick-note form, filters, and the notes, newest first. */
export function InboxSection({ workbook, me }: Props) {
  const { t } = useI18n();
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('open');
  const [kindFilter, setKindFilter] = useState<InboxKind | 'all'>('all');
  const id = useId();
  const notes = workbook.inbox.list();
  // Newest first: the inbox is read as "what's new since we last talked".
  const shown = notes
    .filter((n) => matchesStatus(n.status, statusFilter) && (kindFilter === 'all' || n.kind === kindFilter))
    .reverse();
  const waiting = notes.filter((n) => n.status === 'new').length;

  return (
    <section class="section" aria-labelledby="inbox-heading">
      <h2 id="inbox-heading">{t('inbox.heading')}</h2>
      <p class="section-intro">{t('inbox.intro')}</p>
      <AddNoteForm workbook={workbook} me={me} />
      <div class="filter-bar" role="group" aria-label={t('inbox.filter.label')}>
        <div class="field">
          <label for={`${id}-status`}>{t('inbox.filter.show')}</label>
          <select
            id={`${id}-status`}
            value={statusFilter}
            onChange={(e) => setStatusFilter(e.currentTarget.value as StatusFilter)}
          >
            {STATUS_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {t(f.label)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${id}-kind`}>{t('inbox.filter.kind')}</label>
          <select id={`${id}-kind`} value={kindFilter} onChange={(e) => setKindFilter(e.currentTarget.value as InboxKind | 'all')}>
            <option value="all">{t('inbox.filter.allKinds')}</option>
            {INBOX_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(KIND_LABELS[k])}
              </option>
            ))}
          </select>
        </div>
        <p class="hint filter-count" aria-live="polite">
          {t('inbox.waiting', { count: waiting })}
        </p>
      </div>
      {shown.length === 0 ? (
        <p class="empty">
          {notes.length === 0 ? t('inbox.empty') : t('inbox.noMatch')}
        </p>
      ) : (
        <ul class="card-list" aria-label={t('inbox.list')}>
          {shown.map((note) => (
            <NoteCard key={note.id} note={note} workbook={workbook} author={authorName(workbook, me, note.createdBy, t)} me={me} />
          ))}
        </ul>
      )}
      <RemovedList
        workbook={workbook}
        me={me}
        noun={t('inbox.noun')}
        removed={workbook.inbox.removed()}
        describe={(n) => n.text}
        onRestore={(id) => workbook.inbox.restore(id, me)}
      />
    </section>
  );
}

function matchesStatus(status: InboxStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'open') return status !== 'archived';
  return status === filter;
}

function AddNoteForm({ workbook, me }: { workbook: Workbook; me: PartnerId }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<InboxKind>('appreciation');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = useId();
  useDraft('inbox/add/text', text, setText);

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    try {
      workbook.inbox.add({ text, kind }, me);
    } catch (err) {
      if (!(err instanceof ModelValidationError)) throw err;
      setErrors({ [err.field]: describeError(err, t) });
      return;
    }
    setText('');
    setErrors({});
  };

  return (
    <OnceForm class="card add-form" onSubmit={submit} aria-label={t('inbox.form.label')} noValidate>
      <h3>{t('inbox.form.heading')}</h3>
      <div class="field">
        <label for={`${id}-text`}>{t('inbox.form.note')}</label>
        <textarea
          id={`${id}-text`}
          dir="auto"
          rows={3}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          aria-invalid={errors.text ? true : undefined}
          aria-describedby={errors.text ? `${id}-text-error` : undefined}
        />
        <FieldError id={`${id}-text-error`} message={errors.text} />
        <GentlePhrasingOffer text={text} onText={setText} vocabulary={workbook.vocabulary.list()} />
      </div>
      <div class="form-row align-end">
        <div class="field grow">
          <label for={`${id}-kind`}>{t('inbox.form.kind')}</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.currentTarget.value as InboxKind)}>
            {INBOX_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(KIND_LABELS[k])}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-kind-error`} message={errors.kind} />
        </div>
        <button type="submit" class="button-primary">
          {t('inbox.form.submit')}
        </button>
      </div>
    </OnceForm>
  );
}

function NoteCard({ note, workbook, author, me }: { note: InboxNote; workbook: Workbook; author: string; me: PartnerId }) {
  const { t, language } = useI18n();
  const refusal = useRefusal();
  const written = new Date(note.createdAt).toLocaleDateString(language, { day: 'numeric', month: 'short' });
  return (
    <li class={`card note-card status-${note.status}`} aria-label={t('inbox.card', { text: note.text })}>
      <div class="card-head">
        <span class={`tag tag-kind-${note.kind}`}>{t(KIND_LABELS[note.kind])}</span>
        <span class="byline">
          <WithName text={t('inbox.from', { ...slots('partner'), mine: note.createdBy === me ? 'yes' : 'no', date: written })} name={author} />
          {note.status !== 'new' && <> · {t(STATUS_LABELS[note.status])}</>}
        </span>
      </div>
      <p class="note-text" dir="auto">
        {note.text}
      </p>
      <div class="card-actions" role="group" aria-label={t('inbox.card.mark')}>
        {TRIAGE.map((status) => (
          <button
            key={status}
            type="button"
            class="button-quiet"
            aria-pressed={note.status === status}
            onClick={() => workbook.inbox.setStatus(note.id, note.status === status ? 'new' : status)}
          >
            {t(STATUS_ACTIONS[status])}
          </button>
        ))}
        <CheckinMarkButton workbook={workbook} me={me} note={note} />
        <RemoveAction
          allowed={sectionDecision('inbox', 'remove', me, note.createdBy).allowed}
          ariaLabel={t('inbox.card.remove')}
          question={t('inbox.card.removeQuestion')}
          remove={() => workbook.inbox.remove(note.id, me)}
          refusal={refusal}
          owner={author}
        />
      </div>
      <Refusal message={refusal.message} />
    </li>
  );
}
