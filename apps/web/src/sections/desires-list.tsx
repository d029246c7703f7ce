/**
 * The list of desires on the closeness screen: the built-in items by group, then this person's
 * own, each with one-tap yes / maybe / no (none chosen until they choose), and a form to add
 * their own words. Every answer goes to their PRIVATE document through DesireAnswers; nothing
 * here reaches the shared workbook, so the partner's app never holds it.
 *
 *   <DesiresList answers={new DesireAnswers(privateDoc)} partner="Sam" />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { DESIRE_ANSWERS, DESIRE_GROUPS, type DesireAnswers, type DesireEntry } from '@securebase/model';
import { ConfirmButton } from '../components/confirm-button.js';
import { OnceForm } from '../components/once-form.js';
import { TextField } from '../components/text-field.js';
import { attemptWrite, type FieldErrors } from './field-errors.js';
import { ANSWER_KEYS, GROUP_KEYS, desireTitle } from './desire-words.js';
import { useI18n } from '../i18n.js';

/** The one note that answers are private (each item's choices point to it). */
export const DESIRES_PRIVATE_NOTE_ID = 'desires-private-note';

/** Every item by group, each with this person's own answer. */
export function DesiresList({ answers, partner }: { answers: DesireAnswers; partner: string }) {
  const { t } = useI18n();
  const entries = answers.list();
  const groups = [...DESIRE_GROUPS, 'custom' as const].map((group) => ({ group, items: entries.filter((e) => e.group === group) })).filter((g) => g.items.length > 0);
  return (
    <>
      {groups.map(({ group, items }) => (
        <section key={group} class="desire-group" aria-labelledby={`desire-group-${group}`}>
          <h4 id={`desire-group-${group}`} class="desire-group-heading">
            {t(GROUP_KEYS[group])}
          </h4>
          <ul class="desire-items" aria-labelledby={`desire-group-${group}`}>
            {items.map((entry) => (
              <DesireRow key={entry.id} entry={entry} answers={answers} />
            ))}
          </ul>
        </section>
      ))}
      <AddDesireForm answers={answers} partner={partner} />
    </>
  );
}

/** One item: its words and three one-tap answers. */
function DesireRow({ entry, answers }: { entry: DesireEntry; answers: DesireAnswers }) {
  const { t } = useI18n();
  const id = useId();
  const title = desireTitle(entry.id, entry.title, t);
  return (
    <li class="desire-item" aria-label={title}>
      <fieldset class="fieldset desire-choice" aria-describedby={DESIRES_PRIVATE_NOTE_ID}>
        <legend dir="auto">{title}</legend>
        <div class="choice-row">
          {DESIRE_ANSWERS.map((a) => (
            <label key={a} class="choice">
              <input type="radio" name={`${id}-answer`} value={a} checked={entry.answer === a} onChange={() => answers.answer(entry.id, a)} />
              <span class={a === 'no' ? 'pref-no' : undefined}>{t(ANSWER_KEYS[a])}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {entry.group === 'custom' && (
        <span class="desire-remove">
          <ConfirmButton
            label={t('desires.own.remove')}
            ariaLabel={t('desires.own.removeLabel', { title })}
            question={t('desires.own.removeQuestion')}
            onConfirm={() => answers.clear(entry.id)}
          />
        </span>
      )}
    </li>
  );
}

/** Adds this person's own item (answered yes: they wrote it because they want it; they can change it). */
function AddDesireForm({ answers, partner }: { answers: DesireAnswers; partner: string }) {
  const { t } = useI18n();
  const [words, setWords] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const refused = attemptWrite(() => answers.answer(words, 'yes'), t);
    if (refused) {
      setErrors({ words: refused['item'] ?? Object.values(refused)[0] ?? '' });
      return;
    }
    setWords('');
    setErrors({});
  };
  return (
    <OnceForm class="card add-form desire-add" onSubmit={submit} aria-label={t('desires.own.heading')} noValidate>
      <h4>{t('desires.own.heading')}</h4>
      {/* No draft is kept for these words: a wish stays only in the private space once added. */}
      <TextField
        label={t('desires.own.label')}
        hint={t('desires.own.hint', { partner })}
        value={words}
        onInput={setWords}
        error={errors['words']}
      />
      <button type="submit" class="button-primary">
        {t('desires.own.submit')}
      </button>
    </OnceForm>
  );
}
