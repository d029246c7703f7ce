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
  CLOSENESS_POSITION_LABELS,
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
import { authorName, capitalise } from './partners.js';

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
function ladderRefusal(err: ModelValidationError): string {
  if (err.reason !== 'not-allowed') return describeFieldError(err);
  if (err.field === 'before' || err.field === 'after') return 'A step you have not both said yes to cannot move to where you are now, or below it.';
  if (err.field === 'id') return 'This step is part of where you are now, so it stays for the moment.';
  return describeFieldError(err);
}

function useLadderRefusal() {
  const [message, setMessage] = useState<string>();
  const run = (change: () => void): void => {
    try {
      change();
      setMessage(undefined);
    } catch (err) {
      if (!(err instanceof ModelValidationError)) throw err;
      setMessage(ladderRefusal(err));
    }
  };
  return { message, run };
}

/** One step: its words, my own position, and what I can do with it. */
export function StepCard({ step, index, steps, ladder, workbook, me, partner, positions, isCurrent, isIncluded, boundaries }: CardProps) {
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
    <li class={`card step-card${isCurrent ? ' is-current' : ''}${isIncluded ? ' is-included' : ''}`} aria-label={step.title}>
      <div class="card-head">
        <h4 class="term" dir="auto">
          <span class="step-number">{index + 1}.</span> {step.title}
        </h4>
        {isCurrent ? <span class="step-tag is-current-tag">Where you are now</span> : isIncluded ? <span class="step-tag">Part of where you are</span> : null}
      </div>
      {step.detail && (
        <p class="note-text" dir="auto">
          {step.detail}
        </p>
      )}
      {step.createdBy !== undefined && <p class="byline">Your own step, added by {authorName(workbook, me, step.createdBy)}</p>}
      {positions && <PositionChoice step={step} positions={positions} />}
      <div class="card-actions">
        {canSuggest && (
          <button
            type="button"
            class="button-quiet"
            aria-label={`Suggest as our next step: ${step.title}`}
            onClick={() => refusal.run(() => ladder.propose(me, { stepId: step.id, pace: status.pace }))}
          >
            Suggest as our next step
          </button>
        )}
        {step.createdBy === me && (
          <ConfirmButton
            label="Remove"
            ariaLabel={`Remove step: ${step.title}`}
            question="Remove this step for both of you?"
            onConfirm={() => refusal.run(() => ladder.removeStep(step.id, me))}
          />
        )}
        {(moveUp ?? moveDown) && (
          <span class="step-move">
            {moveUp && (
              <button type="button" class="button-quiet button-small" aria-label={`Move up: ${step.title}`} onClick={moveUp}>
                Move up
              </button>
            )}
            {moveDown && (
              <button type="button" class="button-quiet button-small" aria-label={`Move down: ${step.title}`} onClick={moveDown}>
                Move down
              </button>
            )}
          </span>
        )}
      </div>
      {mineSuggested && <p class="hint">You suggested this as your next step. It waits for {partner}&rsquo;s yes.</p>}
      {theirsSuggested && <p class="hint">{capitalise(partner)} suggested this as your next step; you can say yes at the top of this page, or let it wait.</p>}
      <LinkedBoundaries step={step} boundaries={boundaries} workbook={workbook} ladder={ladder} me={me} run={refusal.run} />
      <Refusal message={refusal.message} />
    </li>
  );
}

/** The id of the ladder's one note that positions are private (each choice points to it). */
export const PRIVATE_NOTE_ID = 'closeness-private-note';

/** Ready / maybe soon / not yet: none chosen until this person chooses; private to them. */
function PositionChoice({ step, positions }: { step: ClosenessStep; positions: ClosenessPositions }) {
  const id = useId();
  const mine = positions.get(step.id)?.position;
  return (
    <fieldset class="fieldset position-choice" aria-describedby={PRIVATE_NOTE_ID}>
      <legend>Where I am with this</legend>
      <div class="choice-row">
        {CLOSENESS_POSITIONS.map((p) => (
          <label key={p} class="choice">
            <input type="radio" name={`${id}-position`} value={p} checked={mine === p} onChange={() => positions.set(step.id, p)} />
            <span class={`position-${p}`}>{CLOSENESS_POSITION_LABELS[p]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

interface LinkedProps {
  step: ClosenessStep;
  boundaries: BoundaryItem[];
  workbook: Workbook;
  ladder: ClosenessLadder;
  me: PartnerId;
  run: (change: () => void) => void;
}

/** Boundaries linked to a step (a "no" among them always shown), and linking another. */
function LinkedBoundaries({ step, boundaries, workbook, ladder, me, run }: LinkedProps) {
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
            Linked <a href={routeHash({ name: 'space', section: 'boundaries' })}>boundaries</a>
          </p>
          <ul aria-label={`Boundaries linked to ${step.title}`}>
            {boundaries.map((b) => (
              <li key={b.id}>
                <span dir="auto">{b.topic}</span>
                {b.hasNo && <span class="pref pref-no">One of you said no</span>}{' '}
                <button type="button" class="button-quiet button-small" aria-label={`Unlink ${b.topic} from ${step.title}`} onClick={() => run(() => ladder.unlinkBoundary(step.id, b.id, me))}>
                  Unlink
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {unlinked.length > 0 && (
        <details class="step-link">
          <summary>Link a boundary to this step</summary>
          <form class="form-row" onSubmit={link} aria-label={`Link a boundary to ${step.title}`}>
            <div class="field grow">
              <label for={`${id}-boundary`}>Boundary</label>
              <select id={`${id}-boundary`} value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
                <option value="">Choose one</option>
                {unlinked.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.topic}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button-quiet" disabled={!choice}>
              Link it
            </button>
          </form>
        </details>
      )}
    </>
  );
}

/** Adds the couple's own step at the end of the ladder; either can move it where it fits. */
export function AddStepForm({ ladder, me }: { ladder: ClosenessLadder; me: PartnerId }) {
  const [title, setTitle] = useState('');
  const [detail, setDetail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const refused = attemptWrite(() => ladder.addStep({ title, detail }, me));
    if (refused) {
      setErrors(refused);
      return;
    }
    setTitle('');
    setDetail('');
    setErrors({});
  };
  return (
    <OnceForm class="card add-form" onSubmit={submit} aria-label="Add our own step" noValidate>
      <h3>Add our own step</h3>
      <TextField
        label="The step, in your words"
        hint="For example: an evening walk, arm in arm. It goes at the end of the ladder; move it to where it fits."
        value={title}
        onInput={setTitle}
        error={errors['title']}
        draftKey="closeness/add/title"
      />
      <TextField label="A few words about it (optional)" multiline rows={2} value={detail} onInput={setDetail} error={errors['detail']} draftKey="closeness/add/detail" />
      <button type="submit" class="button-primary">
        Add this step
      </button>
    </OnceForm>
  );
}
