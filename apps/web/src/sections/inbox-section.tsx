/**
 * The inbox: quick notes to each other (an appreciation, something that stirred you, a need, a
 * topic for the next check-in), triaged together later as discussed, kept or archived.
 *
 *   <InboxSection workbook={workbook} me={credentials.partnerId} revision={revision} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  INBOX_KINDS,
  ModelValidationError,
  type InboxKind,
  type InboxNote,
  type PartnerId,
  type Workbook,
} from '@securebase/model';
import { KIND_LABELS, STATUS_ACTIONS, STATUS_LABELS } from '../labels.js';
import { describeError } from '../messages.js';
import { ConfirmButton } from './confirm-button.js';
import { FieldError } from './field-error.js';

interface Props {
  workbook: Workbook;
  me: PartnerId;
  /** Changes whenever the document does; only here to re-render. */
  revision: number;
}

const TRIAGE = ['discussed', 'keep', 'archived'] as const;

/** The inbox screen: a quick-note form, open notes, and archived notes tucked away. */
export function InboxSection({ workbook, me }: Props) {
  const notes = workbook.inbox.list();
  // Newest first: the inbox is read as "what's new since we last talked".
  const open = notes.filter((n) => n.status !== 'archived').reverse();
  const archived = notes.filter((n) => n.status === 'archived').reverse();
  const author = (id: PartnerId): string =>
    id === me ? 'you' : (workbook.members.name(id) ?? 'your partner');

  return (
    <section class="section" aria-labelledby="inbox-heading">
      <h2 id="inbox-heading">Inbox</h2>
      <p class="section-intro">
        Jot things down as they happen, so they are not lost and not blurted out in a hard moment.
        Look through them together when you are both ready.
      </p>
      <AddNoteForm workbook={workbook} me={me} />
      {open.length === 0 ? (
        <p class="empty">Nothing waiting. A quick note of thanks is a good way to begin.</p>
      ) : (
        <ul class="card-list" aria-label="Notes">
          {open.map((note) => (
            <NoteCard key={note.id} note={note} workbook={workbook} author={author(note.createdBy)} />
          ))}
        </ul>
      )}
      {archived.length > 0 && (
        <details class="archived">
          <summary>Archived notes ({archived.length})</summary>
          <ul class="card-list" aria-label="Archived notes">
            {archived.map((note) => (
              <NoteCard key={note.id} note={note} workbook={workbook} author={author(note.createdBy)} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function AddNoteForm({ workbook, me }: { workbook: Workbook; me: PartnerId }) {
  const [text, setText] = useState('');
  const [kind, setKind] = useState<InboxKind>('appreciation');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = useId();

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    try {
      workbook.inbox.add({ text, kind }, me);
    } catch (err) {
      if (!(err instanceof ModelValidationError)) throw err;
      setErrors({ [err.field]: describeError(err) });
      return;
    }
    setText('');
    setErrors({});
  };

  return (
    <form class="card add-form" onSubmit={submit} aria-label="Add a note" noValidate>
      <h3>Quick note</h3>
      <div class="field">
        <label for={`${id}-text`}>Note</label>
        <textarea
          id={`${id}-text`}
          rows={3}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          aria-invalid={errors.text ? true : undefined}
          aria-describedby={errors.text ? `${id}-text-error` : undefined}
        />
        <FieldError id={`${id}-text-error`} message={errors.text} />
      </div>
      <div class="form-row align-end">
        <div class="field grow">
          <label for={`${id}-kind`}>What kind of note</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.currentTarget.value as InboxKind)}>
            {INBOX_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-kind-error`} message={errors.kind} />
        </div>
        <button type="submit" class="button-primary">
          Add note
        </button>
      </div>
    </form>
  );
}

function NoteCard({ note, workbook, author }: { note: InboxNote; workbook: Workbook; author: string }) {
  const written = new Date(note.createdAt).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  return (
    <li class={`card note-card status-${note.status}`} aria-label={`Note: ${note.text}`}>
      <div class="card-head">
        <span class={`tag tag-kind-${note.kind}`}>{KIND_LABELS[note.kind]}</span>
        <span class="byline">
          From {author} · {written}
          {note.status !== 'new' && <> · {STATUS_LABELS[note.status]}</>}
        </span>
      </div>
      <p class="note-text">{note.text}</p>
      <div class="card-actions" role="group" aria-label="Mark this note">
        {TRIAGE.map((status) => (
          <button
            key={status}
            type="button"
            class="button-quiet"
            aria-pressed={note.status === status}
            onClick={() => workbook.inbox.setStatus(note.id, note.status === status ? 'new' : status)}
          >
            {STATUS_ACTIONS[status]}
          </button>
        ))}
        <ConfirmButton
          label="Remove"
          ariaLabel="Remove note"
          question="Remove this note for both of you?"
          onConfirm={() => workbook.inbox.remove(note.id)}
        />
      </div>
    </li>
  );
}
