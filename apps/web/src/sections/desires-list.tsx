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
import {
  DESIRE_ANSWERS,
  DESIRE_ANSWER_LABELS,
  DESIRE_GROUPS,
  DESIRE_GROUP_LABELS,
  type DesireAnswers,
  type DesireEntry,
  type DesireGroup,
} from '@securebase/model';
import { ConfirmButton } from '../components/confirm-button.js';
import { OnceForm } from '../components/once-form.js';
import { TextField } from '../components/text-field.js';
import { attemptWrite, type FieldErrors } from './field-errors.js';

/** The one note that answers are private (each item's choices point to it). */
export const DESIRES_PRIVATE_NOTE_ID = 'desires-private-note';

const GROUP_HEADINGS: Readonly<Record<DesireGroup | 'custom', string>> = { ...DESIRE_GROUP_LABELS, custom: 'Your own' };

/** Every item by group, each with this person's own answer. */
export function DesiresList({ answers, partner }: { answers: DesireAnswers; partner: string }) {
  const entries = answers.list();
  const groups = [...DESIRE_GROUPS, 'custom' as const].map((group) => ({ group, items: entries.filter((e) => e.group === group) })).filter((g) => g.items.length > 0);
  return (
    <>
      {groups.map(({ group, items }) => (
        <section key={group} class="desire-group" aria-labelledby={`desire-group-${group}`}>
          <h4 id={`desire-group-${group}`} class="desire-group-heading">
            {GROUP_HEADINGS[group]}
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
  const id = useId();
  return (
    <li class="desire-item" aria-label={entry.title}>
      <fieldset class="fieldset desire-choice" aria-describedby={DESIRES_PRIVATE_NOTE_ID}>
        <legend dir="auto">{entry.title}</legend>
        <div class="choice-row">
          {DESIRE_ANSWERS.map((a) => (
            <label key={a} class="choice">
              <input type="radio" name={`${id}-answer`} value={a} checked={entry.answer === a} onChange={() => answers.answer(entry.id, a)} />
              <span class={a === 'no' ? 'pref-no' : undefined}>{DESIRE_ANSWER_LABELS[a]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {entry.group === 'custom' && (
        <span class="desire-remove">
          <ConfirmButton label="Remove" ariaLabel={`Remove your own wish: ${entry.title}`} question="Remove this wish and your answer?" onConfirm={() => answers.clear(entry.id)} />
        </span>
      )}
    </li>
  );
}

/** Adds this person's own item (answered yes: they wrote it because they want it; they can change it). */
function AddDesireForm({ answers, partner }: { answers: DesireAnswers; partner: string }) {
  const [words, setWords] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const refused = attemptWrite(() => answers.answer(words, 'yes'));
    if (refused) {
      setErrors({ words: refused['item'] ?? Object.values(refused)[0] ?? '' });
      return;
    }
    setWords('');
    setErrors({});
  };
  return (
    <OnceForm class="card add-form desire-add" onSubmit={submit} aria-label="Add your own wish" noValidate>
      <h4>Add your own wish</h4>
      {/* No draft is kept for these words: a wish stays only in the private space once added. */}
      <TextField
        label="Your wish, in your own words"
        hint={`It is added with your answer “Yes”; you can change it below. If ${partner} writes the same words, they match.`}
        value={words}
        onInput={setWords}
        error={errors['words']}
      />
      <button type="submit" class="button-primary">
        Add my wish
      </button>
    </OnceForm>
  );
}
