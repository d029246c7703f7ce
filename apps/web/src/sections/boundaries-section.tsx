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
import { authorName, partnerName } from './partners.js';
import type { SectionProps } from './registry.js';
import { CONSENT_LABELS } from './section-labels.js';
import { sentence, slots, useI18n, WithName, type MessageKey } from '../i18n.js';
import { usePrivateWorkbook } from './use-private-workbook.js';
import { Refusal, useRefusal } from './change-notes.js';
import './sections.css';

/** What each answer means, under the choice. */
const CONSENT_HINTS: Record<ConsentPreference, MessageKey> = {
  yes: 'boundaries.hint.yes',
  maybe: 'boundaries.hint.maybe',
  'not-now': 'boundaries.hint.notNow',
  no: 'boundaries.hint.no',
};

/** The boundaries screen: the shared list (no's first in a summary), then my private drafts. */
export function BoundariesSection({ workbook, me, credentials, store }: SectionProps) {
  const priv = usePrivateWorkbook(credentials, store);
  const items = workbook.boundaries.list();
  const { t } = useI18n();
  const name = partnerName(workbook, me, t);
  const nos = items.filter((b) => b.hasNo);
  return (
    <section class="section" aria-labelledby="boundaries-heading">
      <h2 id="boundaries-heading">{t('labels.section.boundaries')}</h2>
      <p class="section-intro">{t('boundaries.intro')}</p>
      {nos.length > 0 && (
        <aside class="signal-panel no-summary" aria-labelledby="nos-heading">
          <h3 id="nos-heading">{t('boundaries.nos.heading')}</h3>
          <ul class="card-list">
            {nos.map((b) => (
              <li key={b.id}>
                <strong>{b.topic}</strong>:{' '}
                {Object.entries(b.answers)
                  .filter(([, a]) => a.preference === 'no')
                  .map(([pid]) => (pid === me ? t('boundaries.nos.mine') : t('boundaries.nos.partner', { partner: name })))
                  .join(', ')}
              </li>
            ))}
          </ul>
        </aside>
      )}
      <PrivateDrafts priv={priv} workbook={workbook} me={me} partnerLabel={name} />
      <h3 class="list-heading">{t('boundaries.shared.heading')}</h3>
      {items.length === 0 ? (
        <p class="empty">{t('boundaries.shared.empty')}</p>
      ) : (
        <ul class="card-list" aria-label={t('boundaries.shared.list')}>
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
  const { t } = useI18n();
  return (
    <fieldset class="fieldset" aria-describedby={`${id}-hint`}>
      <legend>{legend}</legend>
      <div class="choice-row">
        {CONSENT_PREFERENCES.map((p) => (
          <label key={p} class="choice">
            <input type="radio" name={`${id}-pref`} value={p} checked={value === p} onChange={() => onChange(p)} />
            <span class={`pref-${p}`}>{t(CONSENT_LABELS[p])}</span>
          </label>
        ))}
      </div>
      <p class="hint" id={`${id}-hint`}>
        {value ? t(CONSENT_HINTS[value]) : t('boundaries.hint.choose')}
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
  const { t } = useI18n();
  return (
    <section class="card private-area" aria-labelledby="drafts-heading">
      <div class="card-head">
        <h3 id="drafts-heading">{t('boundaries.drafts.heading')}</h3>
        <span class="private-badge">{t('boundaries.drafts.badge')}</span>
      </div>
      <p class="hint">
        {t('boundaries.drafts.private')} <WithName text={t('boundaries.drafts.partnerCannot', slots('partner'))} name={partnerLabel} />
      </p>
      {priv.kind === 'opening' && <p class="empty">{t('boundaries.drafts.opening')}</p>}
      {priv.kind === 'unavailable' && (
        <p class="form-error" role="alert">
          {t('boundaries.drafts.unavailable', { message: priv.message })}
        </p>
      )}
      {priv.kind === 'ready' && (
        <>
          <AddDraftForm priv={priv.workbook} />
          {priv.workbook.boundaryDrafts.list().length === 0 ? (
            <p class="empty">{priv.synced ? t('boundaries.drafts.none') : t('boundaries.drafts.noneHere')}</p>
          ) : (
            <ul class="card-list" aria-label={t('boundaries.drafts.heading')}>
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
  const { t } = useI18n();

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!preference) {
      setErrors({ preference: t('boundaries.answer.required') });
      return;
    }
    const refused = attemptWrite(() => priv.boundaryDrafts.add({ topic, preference, note }), t);
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
    <OnceForm class="add-form" onSubmit={submit} aria-label={t('boundaries.add.form')} noValidate>
      <TextField label={t('boundaries.add.topic')} hint={t('boundaries.add.topic.hint')} value={topic} onInput={setTopic} error={errors.topic} draftKey="boundaries/add/topic" />
      <PreferenceChoice legend={t('boundaries.myAnswer')} value={preference} onChange={setPreference} error={errors.preference} />
      <TextField label={t('boundaries.add.note')} multiline rows={2} value={note} onInput={setNote} error={errors.note} draftKey="boundaries/add/note" />
      <button type="submit" class="button-primary">
        {t('boundaries.add.submit')}
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
  const { t, language } = useI18n();

  const share = (): void => {
    const refused = attemptWrite(() => shareBoundaryDraft(priv, workbook, draft.id, me), t);
    setError(refused ? Object.values(refused)[0] : undefined);
    if (!refused) setAsking(false);
  };

  return (
    <li class="card draft-card" aria-label={t('boundaries.draft.label', { topic: draft.topic })}>
      <div class="card-head">
        <strong>{draft.topic}</strong>
        <span class={`pref pref-${draft.preference}`}>{t(CONSENT_LABELS[draft.preference])}</span>
      </div>
      {draft.note && <p class="note-text">{draft.note}</p>}
      {draft.shared ? (
        <p class="hint">
          <WithName
            text={t('boundaries.draft.sharedOn', {
              ...slots('partner'),
              date: new Date(draft.shared.sharedAt).toLocaleDateString(language, { day: 'numeric', month: 'short' }),
            })}
            name={partnerLabel}
          />
        </p>
      ) : asking ? (
        <div class="share-explainer" role="group" aria-labelledby={`${id}-q`}>
          <p id={`${id}-q`}>
            <strong>
              <WithName text={t('boundaries.draft.shareQuestion', slots('partner'))} name={partnerLabel} />
            </strong>
          </p>
          <p>
            <WithName text={t('boundaries.draft.shareExplainer', slots('partner'))} name={partnerLabel} />
          </p>
          <div class="card-actions">
            <button type="button" class="button-primary" onClick={share}>
              {t('boundaries.draft.shareIt')}
            </button>
            <button type="button" class="button-quiet" onClick={() => setAsking(false)}>
              {t('boundaries.draft.notYet')}
            </button>
          </div>
        </div>
      ) : (
        <div class="card-actions">
          <button type="button" class="button-primary" onClick={() => setAsking(true)} aria-label={t('boundaries.draft.share.label', { topic: draft.topic })}>
            {t('boundaries.draft.share')}
          </button>
          <ConfirmButton
            label={t('boundaries.draft.delete')}
            ariaLabel={t('boundaries.draft.delete.label', { topic: draft.topic })}
            question={t('boundaries.draft.delete.question')}
            confirmLabel={t('boundaries.draft.delete.confirm')}
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
  const { t } = useI18n();
  const raisedBy = item.createdBy === me ? 'me' : 'partner';
  return (
    <li class={`card boundary-card${item.hasNo ? ' has-no' : ''}`} aria-label={t('boundaries.card.label', { topic: item.topic })}>
      <div class="card-head">
        <h4 class="term">{item.topic}</h4>
        <span class="byline">
          <WithName text={t('boundaries.card.raisedBy', { who: raisedBy, ...slots('partner') })} name={authorName(workbook, me, item.createdBy, t)} />
        </span>
      </div>
      {theirNo && (
        <p class="no-banner">
          <WithName text={t('boundaries.card.theirNo', slots('partner'))} name={partnerLabel} />
        </p>
      )}
      <div class="side-by-side">
        <MyAnswer item={item} workbook={workbook} me={me} />
        <div class="partner-column" role="group" aria-label={sentence(t('boundaries.card.theirAnswer', { partner: partnerLabel }))}>
          <p class="partner-label">
            <WithName text={t('boundaries.card.theirAnswer', slots('partner'))} name={partnerLabel} />
          </p>
          {theirs ? (
            <>
              <span class={`pref pref-${theirs.preference}`}>{t(CONSENT_LABELS[theirs.preference])}</span>
              {theirs.note && <p class="note-text">{theirs.note}</p>}
            </>
          ) : (
            <p class="not-yet">{t('boundaries.notAnswered')}</p>
          )}
        </div>
      </div>
      {canRemove && (
        <div class="card-actions">
          <ConfirmButton
            label={t('boundaries.card.remove')}
            ariaLabel={t('boundaries.card.remove.label', { topic: item.topic })}
            question={t('boundaries.card.remove.question')}
            onConfirm={() => refusal.run(() => workbook.boundaries.remove(item.id, me))}
          />
        </div>
      )}
      <Refusal message={refusal.message} />
      {mine === undefined && item.createdBy !== me && <p class="hint">{t('boundaries.card.answerWhenReady')}</p>}
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
  const { t } = useI18n();

  const start = (): void => {
    setPreference(mine?.preference);
    setNote(mine?.note ?? '');
    setErrors({});
    setEditing(true);
  };

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!preference) {
      setErrors({ preference: t('boundaries.answer.required') });
      return;
    }
    const refused = attemptWrite(() => workbook.boundaries.setAnswer(item.id, me, { preference, note }), t);
    if (refused) {
      setErrors(refused);
      return;
    }
    setEditing(false);
  };

  if (editing) {
    return (
      <OnceForm class="partner-column is-mine" onSubmit={submit} aria-label={t('boundaries.myAnswer.label', { topic: item.topic })} noValidate>
        <PreferenceChoice legend={t('boundaries.myAnswer')} value={preference} onChange={setPreference} error={errors.preference} />
        <TextField label={t('boundaries.myNote')} multiline rows={2} value={note} onInput={setNote} error={errors.note} draftKey={`boundaries/${item.id}/my-note`} />
        <div class="card-actions">
          <button type="submit" class="button-primary">
            {t('boundaries.myAnswer.save')}
          </button>
          <button type="button" class="button-quiet" onClick={() => setEditing(false)} data-discard-draft>
            {t('boundaries.myAnswer.cancel')}
          </button>
        </div>
      </OnceForm>
    );
  }
  return (
    <div class="partner-column is-mine" role="group" aria-label={t('boundaries.myAnswer')}>
      <p class="partner-label">{t('boundaries.myAnswer')}</p>
      {mine ? (
        <>
          <span class={`pref pref-${mine.preference}`}>{t(CONSENT_LABELS[mine.preference])}</span>
          {mine.note && <p class="note-text">{mine.note}</p>}
        </>
      ) : (
        <p class="not-yet">{t('boundaries.notAnswered')}</p>
      )}
      <div class="card-actions">
        <button
          type="button"
          class="button-quiet"
          onClick={start}
          aria-label={mine ? t('boundaries.myAnswer.change.label', { topic: item.topic }) : t('boundaries.myAnswer.give.label', { topic: item.topic })}
        >
          {mine ? t('boundaries.myAnswer.change') : t('boundaries.myAnswer.give')}
        </button>
      </div>
    </div>
  );
}
