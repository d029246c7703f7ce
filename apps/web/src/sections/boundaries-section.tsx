/**
 * Boundaries: consent and pace, each partner's yes / maybe / not now / no with a note, side by
 * side. A boundary is drafted in this partner's private document, which the other partner can
 * never read, and shared only by a deliberate "Share with my partner" that says what will happen.
 * Once shared, each partner can only ever change their own answer; a "no" is always shown, at
 * the top and on its card, and the other partner has no control that could change or hide it.
 *
 *   <BoundariesSection workbook={wb} me={me} revision={rev} credentials={creds} store={store} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  CONSENT_PREFERENCES,
  shareBoundaryDraft,
  type BoundaryDraft,
  type BoundaryItem,
  type ConsentPreference,
  type PartnerId,
  type PrivateWorkbook,
  type Workbook,
} from '@securebase/model';
import { ConfirmButton } from '../components/confirm-button.js';
import { FieldError } from '../components/field-error.js';
import { OnceForm } from '../components/once-form.js';
import { useKeptOpen } from '../components/use-draft.js';
import { TextField } from '../components/text-field.js';
import { attemptWrite, type FieldErrors } from './field-errors.js';
import { authorName, capitalise, partnerName } from './partners.js';
import type { SectionProps } from './registry.js';
import { CONSENT_HINTS, CONSENT_LABELS } from './section-labels.js';
import { usePrivateWorkbook } from './use-private-workbook.js';
import { Refusal, useRefusal } from './change-notes.js';
import './sections.css';

/** The boundaries screen: the shared list (no's first in a summary), then my private drafts. */
export function BoundariesSection({ workbook, me, credentials, store }: SectionProps) {
  const priv = usePrivateWorkbook(credentials, store);
  const items = workbook.boundaries.list();
  const name = partnerName(workbook, me);
  const nos = items.filter((b) => b.hasNo);
  return (
    <section class="section" aria-labelledby="boundaries-heading">
      <h2 id="boundaries-heading">Boundaries</h2>
      <p class="section-intro">
        Where each of you stands on closeness, touch, pace and hard conversations: yes, maybe, not
        now, or no. Draft privately first; share when you are ready. Each answer belongs to the
        person who gave it: only they can change it, and a &ldquo;no&rdquo; is always shown.
      </p>
      {nos.length > 0 && (
        <aside class="signal-panel no-summary" aria-labelledby="nos-heading">
          <h3 id="nos-heading">Where one of us said no</h3>
          <ul class="card-list">
            {nos.map((b) => (
              <li key={b.id}>
                <strong>{b.topic}</strong>:{' '}
                {Object.entries(b.answers)
                  .filter(([, a]) => a.preference === 'no')
                  .map(([pid]) => (pid === me ? 'you said no' : `${name} said no`))
                  .join(', ')}
              </li>
            ))}
          </ul>
        </aside>
      )}
      <PrivateDrafts priv={priv} workbook={workbook} me={me} partnerLabel={name} />
      <h3 class="list-heading">Shared with each other</h3>
      {items.length === 0 ? (
        <p class="empty">Nothing shared yet. Boundaries you share appear here for both of you.</p>
      ) : (
        <ul class="card-list" aria-label="Shared boundaries">
          {items.map((item) => (
            <BoundaryCard key={item.id} item={item} workbook={workbook} me={me} partnerLabel={name} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The yes / maybe / not now / no choice as a radio group with a hint for the chosen one. */
function PreferenceChoice({
  value,
  onChange,
  legend,
  error,
}: {
  /** Undefined until someone chooses: a new boundary starts with no answer. */
  value: ConsentPreference | undefined;
  onChange: (p: ConsentPreference) => void;
  legend: string;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <fieldset class="fieldset" aria-describedby={`${id}-hint`}>
      <legend>{legend}</legend>
      <div class="choice-row">
        {CONSENT_PREFERENCES.map((p) => (
          <label key={p} class="choice">
            <input type="radio" name={`${id}-pref`} value={p} checked={value === p} onChange={() => onChange(p)} />
            <span class={`pref-${p}`}>{CONSENT_LABELS[p]}</span>
          </label>
        ))}
      </div>
      <p class="hint" id={`${id}-hint`}>
        {value ? CONSENT_HINTS[value] : 'Choose what is true for you right now; you can change it later.'}
      </p>
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}

interface DraftsProps {
  priv: ReturnType<typeof usePrivateWorkbook>;
  workbook: Workbook;
  me: PartnerId;
  partnerLabel: string;
}

function PrivateDrafts({ priv, workbook, me, partnerLabel }: DraftsProps) {
  return (
    <section class="card private-area" aria-labelledby="drafts-heading">
      <div class="card-head">
        <h3 id="drafts-heading">My private drafts</h3>
        <span class="private-badge">Only you can see these</span>
      </div>
      <p class="hint">
        Drafts live in your private space, encrypted with a key only your own devices hold.{' '}
        {capitalise(partnerLabel)} cannot see them, and neither can the relay.
      </p>
      {priv.kind === 'opening' && <p class="empty">Opening your private space…</p>}
      {priv.kind === 'unavailable' && (
        <p class="form-error" role="alert">
          Your private space could not be opened on this device: {priv.message}
        </p>
      )}
      {priv.kind === 'ready' && (
        <>
          <AddDraftForm priv={priv.workbook} />
          {priv.workbook.boundaryDrafts.list().length === 0 ? (
            <p class="empty">{priv.synced ? 'No drafts.' : 'No drafts on this device yet.'}</p>
          ) : (
            <ul class="card-list" aria-label="My private drafts">
              {priv.workbook.boundaryDrafts.list().map((draft) => (
                <DraftCard key={draft.id} draft={draft} priv={priv.workbook} workbook={workbook} me={me} partnerLabel={partnerLabel} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function AddDraftForm({ priv }: { priv: PrivateWorkbook }) {
  const [topic, setTopic] = useState('');
  // No answer is preselected, and none carries over to the next boundary: every answer about
  // consent is one the person chose for this topic.
  const [preference, setPreference] = useState<ConsentPreference | undefined>(undefined);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!preference) {
      setErrors({ preference: 'Choose an answer: yes, maybe, not now or no.' });
      return;
    }
    const refused = attemptWrite(() => priv.boundaryDrafts.add({ topic, preference, note }));
    if (refused) {
      setErrors(refused);
      return;
    }
    setTopic('');
    setPreference(undefined);
    setNote('');
    setErrors({});
  };

  return (
    <OnceForm class="add-form" onSubmit={submit} aria-label="Draft a boundary" noValidate>
      <TextField label="Topic" hint="For example: talking about the affair late at night." value={topic} onInput={setTopic} error={errors.topic} draftKey="boundaries/add/topic" />
      <PreferenceChoice legend="My answer" value={preference} onChange={setPreference} error={errors.preference} />
      <TextField label="A note (optional)" multiline rows={2} value={note} onInput={setNote} error={errors.note} draftKey="boundaries/add/note" />
      <button type="submit" class="button-primary">
        Save draft
      </button>
    </OnceForm>
  );
}

interface DraftCardProps {
  draft: BoundaryDraft;
  priv: PrivateWorkbook;
  workbook: Workbook;
  me: PartnerId;
  partnerLabel: string;
}

function DraftCard({ draft, priv, workbook, me, partnerLabel }: DraftCardProps) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string>();
  const id = useId();

  const share = (): void => {
    const refused = attemptWrite(() => shareBoundaryDraft(priv, workbook, draft.id, me));
    setError(refused ? Object.values(refused)[0] : undefined);
    if (!refused) setAsking(false);
  };

  return (
    <li class="card draft-card" aria-label={`Draft: ${draft.topic}`}>
      <div class="card-head">
        <strong>{draft.topic}</strong>
        <span class={`pref pref-${draft.preference}`}>{CONSENT_LABELS[draft.preference]}</span>
      </div>
      {draft.note && <p class="note-text">{draft.note}</p>}
      {draft.shared ? (
        <p class="hint">
          Shared with {partnerLabel} on{' '}
          {new Date(draft.shared.sharedAt).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}. This
          private copy stays here.
        </p>
      ) : asking ? (
        <div class="share-explainer" role="group" aria-labelledby={`${id}-q`}>
          <p id={`${id}-q`}>
            <strong>Share this with {partnerLabel}?</strong>
          </p>
          <p>
            A copy goes into the workbook you share: {partnerLabel} will see the topic, your answer and
            your note, and can add their own answer beside yours. Your answer stays yours: only you
            can change it later. This private draft stays here too.
          </p>
          <div class="card-actions">
            <button type="button" class="button-primary" onClick={share}>
              Share it
            </button>
            <button type="button" class="button-quiet" onClick={() => setAsking(false)}>
              Not yet
            </button>
          </div>
        </div>
      ) : (
        <div class="card-actions">
          <button type="button" class="button-primary" onClick={() => setAsking(true)} aria-label={`Share with my partner: ${draft.topic}`}>
            Share with my partner
          </button>
          <ConfirmButton
            label="Delete draft"
            ariaLabel={`Delete draft: ${draft.topic}`}
            question="Delete this private draft?"
            confirmLabel="Yes, delete"
            onConfirm={() => priv.boundaryDrafts.remove(draft.id)}
          />
        </div>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

interface CardProps {
  item: BoundaryItem;
  workbook: Workbook;
  me: PartnerId;
  partnerLabel: string;
}

function BoundaryCard({ item, workbook, me, partnerLabel }: CardProps) {
  const mine = item.answers[me];
  const theirs = Object.entries(item.answers).find(([pid]) => pid !== me)?.[1];
  const theirNo = theirs?.preference === 'no';
  const canRemove = item.createdBy === me && !theirs;
  const refusal = useRefusal();
  return (
    <li class={`card boundary-card${item.hasNo ? ' has-no' : ''}`} aria-label={`Boundary: ${item.topic}`}>
      <div class="card-head">
        <h4 class="term">{item.topic}</h4>
        <span class="byline">Raised by {authorName(workbook, me, item.createdBy)}</span>
      </div>
      {theirNo && (
        <p class="no-banner">
          {capitalise(partnerLabel)}&rsquo;s answer is no, and it is kept just as it is. Only {partnerLabel} can change it.
        </p>
      )}
      <div class="side-by-side">
        <MyAnswer item={item} workbook={workbook} me={me} />
        <div class="partner-column" role="group" aria-label={`${capitalise(partnerLabel)}’s answer`}>
          <p class="partner-label">{capitalise(partnerLabel)}&rsquo;s answer</p>
          {theirs ? (
            <>
              <span class={`pref pref-${theirs.preference}`}>{CONSENT_LABELS[theirs.preference]}</span>
              {theirs.note && <p class="note-text">{theirs.note}</p>}
            </>
          ) : (
            <p class="not-yet">Not answered yet</p>
          )}
        </div>
      </div>
      {canRemove && (
        <div class="card-actions">
          <ConfirmButton
            label="Remove"
            ariaLabel={`Remove boundary: ${item.topic}`}
            question="Remove this topic for both of you?"
            onConfirm={() => refusal.run(() => workbook.boundaries.remove(item.id, me))}
          />
        </div>
      )}
      <Refusal message={refusal.message} />
      {mine === undefined && item.createdBy !== me && <p class="hint">You can answer when you are ready, or not at all.</p>}
    </li>
  );
}

function MyAnswer({ item, workbook, me }: { item: BoundaryItem; workbook: Workbook; me: PartnerId }) {
  const mine = item.answers[me];
  const [editing, setEditing] = useState(false);
  useKeptOpen(`boundaries/${item.id}/answering`, editing, setEditing);
  // No answer is chosen for you: a first answer starts empty, a change starts from your own.
  const [preference, setPreference] = useState<ConsentPreference | undefined>(mine?.preference);
  const [note, setNote] = useState(mine?.note ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});

  const start = (): void => {
    setPreference(mine?.preference);
    setNote(mine?.note ?? '');
    setErrors({});
    setEditing(true);
  };

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!preference) {
      setErrors({ preference: 'Choose an answer: yes, maybe, not now or no.' });
      return;
    }
    const refused = attemptWrite(() => workbook.boundaries.setAnswer(item.id, me, { preference, note }));
    if (refused) {
      setErrors(refused);
      return;
    }
    setEditing(false);
  };

  if (editing) {
    return (
      <OnceForm class="partner-column is-mine" onSubmit={submit} aria-label={`My answer: ${item.topic}`} noValidate>
        <PreferenceChoice legend="My answer" value={preference} onChange={setPreference} error={errors.preference} />
        <TextField label="My note (optional)" multiline rows={2} value={note} onInput={setNote} error={errors.note} draftKey={`boundaries/${item.id}/my-note`} />
        <div class="card-actions">
          <button type="submit" class="button-primary">
            Save my answer
          </button>
          <button type="button" class="button-quiet" onClick={() => setEditing(false)} data-discard-draft>
            Cancel
          </button>
        </div>
      </OnceForm>
    );
  }
  return (
    <div class="partner-column is-mine" role="group" aria-label="My answer">
      <p class="partner-label">My answer</p>
      {mine ? (
        <>
          <span class={`pref pref-${mine.preference}`}>{CONSENT_LABELS[mine.preference]}</span>
          {mine.note && <p class="note-text">{mine.note}</p>}
        </>
      ) : (
        <p class="not-yet">Not answered yet</p>
      )}
      <div class="card-actions">
        <button type="button" class="button-quiet" onClick={start} aria-label={`${mine ? 'Change' : 'Give'} my answer: ${item.topic}`}>
          {mine ? 'Change my answer' : 'Answer'}
        </button>
      </div>
    </div>
  );
}
