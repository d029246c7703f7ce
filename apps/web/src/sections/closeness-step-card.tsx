/**
 * One step of the closeness ladder, and the form to add the couple's own step. A step card shows
 * its words, this person's own position on it (three one-tap choices, none chosen until they
 * choose, saved in their private document only), a way to suggest it as the next step, moving
 * it up or down, and the boundaries linked to it.
 *
 *   <StepCard step={step} index={i} steps={steps} ladder={ladder} workbook={wb} me={me} … />
 *   <AddStepForm ladder={ladder} me={me} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  CLOSENESS_POSITIONS,
  ModelValidationError,
  type BoundaryItem,
  type ClosenessLadder,
  type ClosenessPositions,
  type ClosenessStep,
  type PartnerId,
  type Workbook,
} from '@securebase/model';
import { ConfirmButton } from '../components/confirm-button.js';
import { OnceForm } from '../components/once-form.js';
import { TextField } from '../components/text-field.js';
import { routeHash } from '../router.js';
import { Refusal } from './change-notes.js';
import { attemptWrite, describeFieldError, type FieldErrors } from './field-errors.js';
import { authorName } from './partners.js';
import { POSITION_KEYS, stepWords } from './closeness-words.js';
import { WithName, Words, slots, useI18n, type Said, type Translate } from '../i18n.js';

interface CardProps {
  step: ClosenessStep;
  index: number;
  steps: readonly ClosenessStep[];
  ladder: ClosenessLadder;
  workbook: Workbook;
  me: PartnerId;
  partner: string;
  /** This person's private positions; undefined while the private space is opening. */
  positions: ClosenessPositions | undefined;
  isCurrent: boolean;
  isIncluded: boolean;
  boundaries: BoundaryItem[];
}

/** Why the model refused a ladder change, in plain words. */
function ladderRefusal(err: ModelValidationError, t: Translate): string {
  if (err.reason !== 'not-allowed') return describeFieldError(err, t);
  if (err.field === 'before' || err.field === 'after') return t('closeness.refusal.order');
  if (err.field === 'id') return t('closeness.refusal.current');
  return describeFieldError(err, t);
}

function useLadderRefusal() {
  const { t } = useI18n();
  // Kept as words-to-be: a language switch re-says a refusal already on screen.
  const [said, setSaid] = useState<{ say: Said }>();
  const run = (change: () => void): void => {
    try {
      change();
      setSaid(undefined);
    } catch (err) {
      if (!(err instanceof ModelValidationError)) throw err;
      setSaid({ say: (tr) => ladderRefusal(err, tr) });
    }
  };
  return { message: said?.say(t), run };
}

/** One step: its words, my own position, and what I can do with it. */
export function StepCard({ step, index, steps, ladder, workbook, me, partner, positions, isCurrent, isIncluded, boundaries }: CardProps) {
  const { t } = useI18n();
  const words = stepWords(step, t);
  const refusal = useLadderRefusal();
  const status = ladder.status();
  const mineSuggested = status.proposals.some((p) => p.from === me && p.stepId === step.id);
  const theirsSuggested = status.proposals.some((p) => p.from !== me && p.stepId === step.id);
  const canSuggest = !isIncluded && !mineSuggested && !theirsSuggested;
  // The model places a moved step just before `before`: up is before the one above, down is
  // before the one after next (or last). Only the moves the model allows are offered.
  const above = steps[index - 1];
  const afterNext = steps[index + 2]?.id;
  const moveUp = above && ladder.mayMoveStep(step.id, me, above.id) ? () => refusal.run(() => ladder.moveStep(step.id, me, above.id)) : undefined;
  const moveDown =
    index < steps.length - 1 && ladder.mayMoveStep(step.id, me, afterNext) ? () => refusal.run(() => ladder.moveStep(step.id, me, afterNext)) : undefined;
  return (
    <li class={`card step-card${isCurrent ? ' is-current' : ''}${isIncluded ? ' is-included' : ''}`} aria-label={words.title}>
      <div class="card-head">
        <h4 class="term" dir="auto">
          <span class="step-number">{index + 1}.</span> {words.title}
        </h4>
        {isCurrent ? (
          <span class="step-tag is-current-tag">{t('closeness.step.current')}</span>
        ) : isIncluded ? (
          <span class="step-tag">{t('closeness.step.included')}</span>
        ) : null}
      </div>
      {words.detail && (
        <p class="note-text" dir="auto">
          {words.detail}
        </p>
      )}
      {step.createdBy !== undefined && (
        <p class="byline">
          <WithName text={t('closeness.step.addedBy', { ...slots('partner'), mine: step.createdBy === me ? 'yes' : 'no' })} name={authorName(workbook, me, step.createdBy, t)} />
        </p>
      )}
      {positions && <PositionChoice step={step} positions={positions} />}
      <div class="card-actions">
        {canSuggest && (
          <button
            type="button"
            class="button-quiet"
            aria-label={t('closeness.step.suggestLabel', { title: words.title })}
            onClick={() => refusal.run(() => ladder.propose(me, { stepId: step.id, pace: status.pace }))}
          >
            {t('closeness.step.suggest')}
          </button>
        )}
        {step.createdBy === me && (
          <ConfirmButton
            label={t('closeness.step.remove')}
            ariaLabel={t('closeness.step.removeLabel', { title: words.title })}
            question={t('closeness.step.removeQuestion')}
            onConfirm={() => refusal.run(() => ladder.removeStep(step.id, me))}
          />
        )}
        {(moveUp ?? moveDown) && (
          <span class="step-move">
            {moveUp && (
              <button type="button" class="button-quiet button-small" aria-label={t('closeness.step.moveUpLabel', { title: words.title })} onClick={moveUp}>
                {t('closeness.step.moveUp')}
              </button>
            )}
            {moveDown && (
              <button type="button" class="button-quiet button-small" aria-label={t('closeness.step.moveDownLabel', { title: words.title })} onClick={moveDown}>
                {t('closeness.step.moveDown')}
              </button>
            )}
          </span>
        )}
      </div>
      {mineSuggested && (
        <p class="hint">
          <WithName text={t('closeness.step.mineSuggested', slots('partner'))} name={partner} />
        </p>
      )}
      {theirsSuggested && (
        <p class="hint">
          <WithName text={t('closeness.step.theirsSuggested', slots('partner'))} name={partner} />
        </p>
      )}
      <LinkedBoundaries step={step} title={words.title} boundaries={boundaries} workbook={workbook} ladder={ladder} me={me} run={refusal.run} />
      <Refusal message={refusal.message} />
    </li>
  );
}

/** The id of the ladder's one note that positions are private (each choice points to it). */
export const PRIVATE_NOTE_ID = 'closeness-private-note';

/** Ready / maybe soon / not yet: none chosen until this person chooses; private to them. */
function PositionChoice({ step, positions }: { step: ClosenessStep; positions: ClosenessPositions }) {
  const { t } = useI18n();
  const id = useId();
  const mine = positions.get(step.id)?.position;
  return (
    <fieldset class="fieldset position-choice" aria-describedby={PRIVATE_NOTE_ID}>
      <legend>{t('closeness.position.legend')}</legend>
      <div class="choice-row">
        {CLOSENESS_POSITIONS.map((p) => (
          <label key={p} class="choice">
            <input type="radio" name={`${id}-position`} value={p} checked={mine === p} onChange={() => positions.set(step.id, p)} />
            <span class={`position-${p}`}>{t(POSITION_KEYS[p])}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

interface LinkedProps {
  step: ClosenessStep;
  /** The step's title as this viewer reads it. */
  title: string;
  boundaries: BoundaryItem[];
  workbook: Workbook;
  ladder: ClosenessLadder;
  me: PartnerId;
  run: (change: () => void) => void;
}

/** Boundaries linked to a step (a "no" among them always shown), and linking another. */
function LinkedBoundaries({ step, title, boundaries, workbook, ladder, me, run }: LinkedProps) {
  const { t } = useI18n();
  const id = useId();
  const linked = new Set(step.boundaryIds);
  const unlinked = workbook.boundaries.list().filter((b) => !linked.has(b.id));
  const [choice, setChoice] = useState('');
  const link = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (choice) run(() => ladder.linkBoundary(step.id, choice, me));
    setChoice('');
  };
  return (
    <>
      {boundaries.length > 0 && (
        <div class="step-boundaries">
          <p class="partner-label">
            <Words
              text={t('closeness.link.linked', slots('link'))}
              parts={{ link: <a href={routeHash({ name: 'space', section: 'boundaries' })}>{t('closeness.link.boundaries')}</a> }}
            />
          </p>
          <ul aria-label={t('closeness.link.list', { title })}>
            {boundaries.map((b) => (
              <li key={b.id}>
                <span dir="auto">{b.topic}</span>
                {b.hasNo && <span class="pref pref-no">{t('closeness.link.saidNo')}</span>}{' '}
                <button
                  type="button"
                  class="button-quiet button-small"
                  aria-label={t('closeness.link.unlinkLabel', { topic: b.topic, title })}
                  onClick={() => run(() => ladder.unlinkBoundary(step.id, b.id, me))}
                >
                  {t('closeness.link.unlink')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {unlinked.length > 0 && (
        <details class="step-link">
          <summary>{t('closeness.link.summary')}</summary>
          <form class="form-row" onSubmit={link} aria-label={t('closeness.link.formLabel', { title })}>
            <div class="field grow">
              <label for={`${id}-boundary`}>{t('closeness.link.boundary')}</label>
              <select id={`${id}-boundary`} value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
                <option value="">{t('closeness.link.choose')}</option>
                {unlinked.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.topic}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button-quiet" disabled={!choice}>
              {t('closeness.link.submit')}
            </button>
          </form>
        </details>
      )}
    </>
  );
}

/** Adds the couple's own step at the end of the ladder; either can move it where it fits. */
export function AddStepForm({ ladder, me }: { ladder: ClosenessLadder; me: PartnerId }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [detail, setDetail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const refused = attemptWrite(() => ladder.addStep({ title, detail }, me), t);
    if (refused) {
      setErrors(refused);
      return;
    }
    setTitle('');
    setDetail('');
    setErrors({});
  };
  return (
    <OnceForm class="card add-form" onSubmit={submit} aria-label={t('closeness.add.heading')} noValidate>
      <h3>{t('closeness.add.heading')}</h3>
      <TextField
        label={t('closeness.add.title')}
        hint={t('closeness.add.titleHint')}
        value={title}
        onInput={setTitle}
        error={errors['title']}
        draftKey="closeness/add/title"
      />
      <TextField label={t('closeness.add.detail')} multiline rows={2} value={detail} onInput={setDetail} error={errors['detail']} draftKey="closeness/add/detail" />
      <button type="submit" class="button-primary">
        {t('closeness.add.submit')}
      </button>
    </OnceForm>
  );
}
