/**
 * The shared vocabulary: add a word, write what it means to you, read what it means to your
 * partner. Each partner's meaning is theirs alone to edit; the other's is shown read-only.
 * Agreed pause and safety signals are gathered at the top, large, so they are easy to find in
 * a hard moment, and their cards are highlighted in the list.
 *
 *   <VocabularySection workbook={workbook} me={credentials.partnerId} revision={revision} />
 */
import { useEffect, useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  ModelValidationError,
  VOCABULARY_CATEGORIES,
  type PartnerId,
  type VocabularyCategory,
  type VocabularyEntry,
  type Workbook,
} from '@securebase/model';
import { ConfirmButton } from '../components/confirm-button.js';
import { FieldError } from '../components/field-error.js';
import { OnceForm } from '../components/once-form.js';
import { useDraft } from '../components/use-draft.js';
import { CATEGORY_LABELS } from '../labels.js';
import { describeError } from '../messages.js';
import { EditedNote, Refusal, RemovedList, useRefusal } from './change-notes.js';
import { useI18n } from '../i18n.js';
import './sections.css';

interface Props {
  workbook: Workbook;
  me: PartnerId;
  /** Changes whenever the document does; only here to re-render. */
  revision: number;
}

/** The vocabulary screen: the add form and the list of words. */
export function VocabularySection({ workbook, me }: Props) {
  const entries = workbook.vocabulary.list();
  const signals = entries.filter((e) => e.category === 'signal');
  const partnerName = partnerDisplayName(workbook, me);
  const { t } = useI18n();
  return (
    <section class="section" aria-labelledby="vocabulary-heading">
      <h2 id="vocabulary-heading">{t('labels.section.vocabulary')}</h2>
      <p class="section-intro">{t('vocabulary.intro')}</p>
      {signals.length > 0 && (
        <aside class="signal-panel" aria-labelledby="signals-heading">
          <h3 id="signals-heading">{t('vocabulary.signals.heading')}</h3>
          <p class="hint">{t('vocabulary.signals.hint')}</p>
          <ul class="signal-list">
            {signals.map((s) => (
              <li key={s.id}>{s.term}</li>
            ))}
          </ul>
        </aside>
      )}
      <AddTermForm workbook={workbook} me={me} />
      {entries.length === 0 ? (
        <p class="empty">{t('vocabulary.empty')}</p>
      ) : (
        <ul class="card-list" aria-label={t('labels.section.vocabulary')}>
          {entries.map((entry) => (
            <TermCard key={entry.id} entry={entry} workbook={workbook} me={me} partnerName={partnerName} />
          ))}
        </ul>
      )}
      <RemovedList
        workbook={workbook}
        me={me}
        noun={t('vocabulary.noun')}
        removed={workbook.vocabulary.removed()}
        describe={(e) => e.term}
        onRestore={(id) => workbook.vocabulary.restore(id, me)}
      />
    </section>
  );
}

function isCategory(value: unknown): value is VocabularyCategory {
  return (VOCABULARY_CATEGORIES as readonly unknown[]).includes(value);
}

/** The other partner's display name, if they have set one. */
export function partnerDisplayName(workbook: Workbook, me: PartnerId): string | undefined {
  const names = workbook.members.all();
  return Object.entries(names).find(([id]) => id !== me)?.[1];
}

function AddTermForm({ workbook, me }: { workbook: Workbook; me: PartnerId }) {
  const [term, setTerm] = useState('');
  const [category, setCategory] = useState<VocabularyCategory>('emotion');
  const [meaning, setMeaning] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = useId();
  const { t } = useI18n();
  useDraft('vocabulary/add/term', term, setTerm);
  useDraft('vocabulary/add/meaning', meaning, setMeaning);

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    try {
      workbook.vocabulary.add({ term, category, meaning }, me);
    } catch (err) {
      if (!(err instanceof ModelValidationError)) throw err;
      setErrors({ [err.field]: describeError(err, t) });
      return;
    }
    setTerm('');
    setMeaning('');
    setErrors({});
  };

  return (
    <OnceForm class="card add-form" onSubmit={submit} aria-label={t('vocabulary.add.heading')} noValidate>
      <h3>{t('vocabulary.add.heading')}</h3>
      <div class="form-row">
        <div class="field grow">
          <label for={`${id}-term`}>{t('vocabulary.add.term')}</label>
          <input
            id={`${id}-term`}
            data-draft-key="vocabulary/add/term"
            dir="auto"
            value={term}
            onInput={(e) => setTerm(e.currentTarget.value)}
            aria-invalid={errors.term ? true : undefined}
            aria-describedby={errors.term ? `${id}-term-error` : undefined}
            autocomplete="off"
          />
          <FieldError id={`${id}-term-error`} message={errors.term} />
        </div>
        <div class="field">
          <label for={`${id}-category`}>{t('vocabulary.field.category')}</label>
          <select
            id={`${id}-category`}
            value={category}
            onChange={(e) => setCategory(e.currentTarget.value as VocabularyCategory)}
          >
            {VOCABULARY_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(CATEGORY_LABELS[c])}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-category-error`} message={errors.category} />
        </div>
      </div>
      <div class="field">
        <label for={`${id}-meaning`}>{t('vocabulary.meaning.mine')}</label>
        <textarea
          id={`${id}-meaning`}
          data-draft-key="vocabulary/add/meaning"
          dir="auto"
          rows={2}
          value={meaning}
          onInput={(e) => setMeaning(e.currentTarget.value)}
          aria-invalid={errors.meaning ? true : undefined}
          aria-describedby={`${id}-meaning-hint${errors.meaning ? ` ${id}-meaning-error` : ''}`}
        />
        <p class="hint" id={`${id}-meaning-hint`}>
          {t('vocabulary.add.meaning.hint')}
        </p>
        <FieldError id={`${id}-meaning-error`} message={errors.meaning} />
      </div>
      <button type="submit" class="button-primary">
        {t('vocabulary.add.submit')}
      </button>
    </OnceForm>
  );
}

interface TermCardProps {
  entry: VocabularyEntry;
  workbook: Workbook;
  me: PartnerId;
  partnerName: string | undefined;
}

function TermCard({ entry, workbook, me, partnerName }: TermCardProps) {
  const mine = entry.meanings[me] ?? '';
  const theirs = Object.entries(entry.meanings).find(([id]) => id !== me)?.[1];
  const [draft, setDraft] = useState(mine);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const refusal = useRefusal();
  const id = useId();
  const { t } = useI18n();
  const partner = partnerName ?? t('vocabulary.myPartner');

  useEffect(() => {
    // Take in changes from my other devices, but never under my fingers while I type.
    if (!editing) setDraft(mine);
  }, [mine, editing]);
  // An unsaved meaning comes back after a reload or quick-hide, held until it is saved.
  useDraft(`vocabulary/${entry.id}/meaning`, draft, (text) => {
    setDraft(text);
    setEditing(true);
  }, mine);

  const save = (): void => {
    if (draft.trim() === mine) {
      setError(undefined);
      return;
    }
    try {
      workbook.vocabulary.setMeaning(entry.id, me, draft);
    } catch (err) {
      if (!(err instanceof ModelValidationError)) throw err;
      setError(describeError(err, t));
      return;
    }
    setError(undefined);
    setSaved(true);
  };

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>): void => {
    // Enter saves; Shift+Enter keeps its usual meaning of a new line.
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      save();
    }
  };

  return (
    <li class={`card term-card${entry.category === 'signal' ? ' is-signal' : ''}`} aria-label={entry.term}>
      <div class="card-head">
        <h3 class="term">{entry.term}</h3>
        <span class={`tag tag-${entry.category}`}>{t(CATEGORY_LABELS[entry.category])}</span>
      </div>
      <EditedNote
        workbook={workbook}
        me={me}
        history={workbook.vocabulary.history(entry.id)}
        labels={{ term: t('vocabulary.field.term'), category: t('vocabulary.field.category') }}
        format={(field, value) => (field === 'category' && isCategory(value) ? t(CATEGORY_LABELS[value]) : value)}
      />
      <div class="meanings">
        <div class="field meaning-mine">
          <label for={`${id}-mine`}>
            {t('vocabulary.meaning.mine')}
            <span class="visually-hidden"> ({entry.term})</span>
          </label>
          <textarea
            id={`${id}-mine`}
            data-draft-key={`vocabulary/${entry.id}/meaning`}
            dir="auto"
            rows={2}
            value={draft}
            placeholder={t('vocabulary.meaning.notYet')}
            onInput={(e) => {
              setDraft(e.currentTarget.value);
              setSaved(false);
            }}
            onFocus={() => setEditing(true)}
            onBlur={() => {
              setEditing(false);
              save();
            }}
            onKeyDown={onKeyDown}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-mine-hint${error ? ` ${id}-mine-error` : ''}`}
          />
          <p class="hint" id={`${id}-mine-hint`} aria-live="polite">
            {saved ? t('vocabulary.meaning.saved') : t('vocabulary.meaning.savedWhen')}
          </p>
          <FieldError id={`${id}-mine-error`} message={error} />
        </div>
        <div class="meaning-theirs" aria-label={t('vocabulary.meaning.theirs', { partner })} role="group">
          <p class="meaning-label">{t('vocabulary.meaning.theirs', { partner })}</p>
          {theirs ? <p class="meaning-text">{theirs}</p> : <p class="meaning-text not-yet">{t('vocabulary.meaning.notYet')}</p>}
        </div>
      </div>
      <div class="card-actions">
        <ConfirmButton
          label={t('vocabulary.remove')}
          ariaLabel={t('vocabulary.remove.label', { term: entry.term })}
          question={t('vocabulary.remove.question', { term: entry.term })}
          onConfirm={() => refusal.run(() => workbook.vocabulary.remove(entry.id, me))}
        />
      </div>
      <Refusal message={refusal.message} />
    </li>
  );
}
