/**
 * "Where we are together" on the closeness screen: the step and pace both partners agreed on,
 * a suggestion waiting for a yes, the one-tap step back, and the links to the couple's
 * boundaries and pause signal. It shows only what is shared on purpose (the agreed step, and a
 * suggestion someone made), never where either partner privately is with a step.
 *
 *   <TogetherPanel ladder={ladder} workbook={wb} me={me} partner="Sam" steps={steps} status={status} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  CLOSENESS_PACES,
  CLOSENESS_PACE_LABELS,
  closenessLinks,
  type ClosenessLadder,
  type ClosenessPace,
  type ClosenessStatus,
  type ClosenessStep,
  type PartnerId,
  type Workbook,
} from '@securebase/model';
import { routeHash } from '../router.js';
import { Refusal, useRefusal } from './change-notes.js';
import { capitalise } from './partners.js';

interface Props {
  ladder: ClosenessLadder;
  workbook: Workbook;
  me: PartnerId;
  partner: string;
  steps: readonly ClosenessStep[];
  status: ClosenessStatus;
}

function titleOf(steps: readonly ClosenessStep[], id: string | null): string | undefined {
  return id === null ? undefined : steps.find((s) => s.id === id)?.title;
}

/** The agreed step and pace, any suggestion, the step back, and the links. */
export function TogetherPanel({ ladder, workbook, me, partner, steps, status }: Props) {
  const refusal = useRefusal();
  const current = titleOf(steps, status.currentStepId);
  const theirs = ladder.proposalFor(me);
  const mine = status.proposals.find((p) => p.from === me);
  return (
    <section class="card together-panel" aria-labelledby="together-heading">
      <h3 id="together-heading">Where we are together</h3>
      <p class="together-now" aria-live="polite">
        {current ? (
          <>
            Together you are at: <strong dir="auto">{current}</strong>
          </>
        ) : (
          'You have not chosen a first step together yet.'
        )}
      </p>
      <p class="together-pace">
        <span class="partner-label">Our pace</span> {CLOSENESS_PACE_LABELS[status.pace]}
      </p>
      {status.steppedBackAt !== undefined && (
        <p class="hint">
          One of you stepped back on {new Date(status.steppedBackAt).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}. That is always okay.
        </p>
      )}
      {theirs && (
        <div class="together-suggestion" role="group" aria-label={`${capitalise(partner)}’s suggestion`}>
          <p>
            {theirs.stepId !== status.currentStepId ? (
              <>
                {capitalise(partner)} would like to go on to: <strong dir="auto">{titleOf(steps, theirs.stepId)}</strong>
              </>
            ) : (
              `${capitalise(partner)} would like to change the pace.`
            )}
          </p>
          {theirs.pace !== status.pace && <p class="hint">At this pace: {CLOSENESS_PACE_LABELS[theirs.pace]}.</p>}
          <p class="hint">If it does not feel right, there is nothing to do: nothing changes until you both say yes.</p>
          <div class="card-actions">
            <button type="button" class="button-primary" onClick={() => refusal.run(() => ladder.agree(me))}>
              Yes, me too
            </button>
          </div>
        </div>
      )}
      {mine && (
        <div class="together-suggestion is-mine">
          <p>
            {mine.stepId !== status.currentStepId ? (
              <>
                You suggested: <strong dir="auto">{titleOf(steps, mine.stepId)}</strong>.{' '}
              </>
            ) : (
              'You suggested a new pace. '
            )}
            It waits for {partner}&rsquo;s yes; nothing changes until then.
          </p>
          <div class="card-actions">
            <button
              type="button"
              class="button-quiet"
              onClick={() => refusal.run(() => ladder.propose(me, { stepId: status.currentStepId, pace: status.pace }))}
            >
              Take back my suggestion
            </button>
          </div>
        </div>
      )}
      {status.currentStepId !== null && (
        <div class="step-back">
          <button type="button" class="button-quiet step-back-button" onClick={() => refusal.run(() => ladder.stepBack(me))} aria-describedby="step-back-hint">
            Step back
          </button>
          <p class="hint" id="step-back-hint">
            One tap, no reason needed. You will both be one step lower at once.
          </p>
        </div>
      )}
      <PaceForm ladder={ladder} me={me} status={status} suggested={mine?.stepId} refusal={refusal} />
      <Links ladder={ladder} workbook={workbook} me={me} refusal={refusal} />
      <Refusal message={refusal.message} />
    </section>
  );
}

interface PaceProps {
  ladder: ClosenessLadder;
  me: PartnerId;
  status: ClosenessStatus;
  /** The step of this person's own waiting suggestion, kept when they suggest a pace. */
  suggested: string | null | undefined;
  refusal: ReturnType<typeof useRefusal>;
}

function PaceForm({ ladder, me, status, suggested, refusal }: PaceProps) {
  const id = useId();
  const [pace, setPace] = useState<ClosenessPace>(status.pace);
  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    refusal.run(() => ladder.propose(me, { stepId: suggested === undefined ? status.currentStepId : suggested, pace }));
  };
  return (
    <details class="pace-details">
      <summary>Suggest a different pace</summary>
      <form class="pace-form" onSubmit={submit} aria-label="Our pace">
        <fieldset class="fieldset" aria-describedby={`${id}-hint`}>
          <legend>Our pace</legend>
          <div class="pace-choices">
            {CLOSENESS_PACES.map((p) => (
              <label key={p} class="pace-choice">
                <input type="radio" name={`${id}-pace`} value={p} checked={pace === p} onChange={() => setPace(p)} />
                <span>{CLOSENESS_PACE_LABELS[p]}</span>
              </label>
            ))}
          </div>
          <p class="hint" id={`${id}-hint`}>
            Slowing down needs only one of you; going faster needs you both.
          </p>
        </fieldset>
        <button type="submit" class="button-quiet" disabled={pace === status.pace}>
          Suggest this pace
        </button>
      </form>
    </details>
  );
}

interface LinksProps {
  ladder: ClosenessLadder;
  workbook: Workbook;
  me: PartnerId;
  refusal: ReturnType<typeof useRefusal>;
}

/** The couple's boundaries and pause signal, one tap away from every step. */
function Links({ ladder, workbook, me, refusal }: LinksProps) {
  const id = useId();
  const { pauseSignal } = closenessLinks(ladder, workbook);
  const signals = workbook.vocabulary.list().filter((entry) => entry.category === 'signal');
  const vocabulary = routeHash({ name: 'space', section: 'vocabulary' });
  return (
    <div class="together-links">
      <p>
        {pauseSignal ? (
          <>
            Your pause signal: <strong dir="auto">&ldquo;{pauseSignal.term}&rdquo;</strong>. Either of you can use it at any moment, on any
            step. <a href={vocabulary}>Your pause signal in Our words</a>
          </>
        ) : (
          <>
            You have no pause signal yet: a word either of you can say to stop, no questions asked.{' '}
            <a href={vocabulary}>Choose a pause signal together in Our words</a>
          </>
        )}
      </p>
      {signals.length > 1 && pauseSignal && (
        <div class="field">
          <label for={`${id}-signal`}>The pause signal for closeness</label>
          <select id={`${id}-signal`} value={pauseSignal.id} onChange={(e) => refusal.run(() => ladder.setPauseSignal(e.currentTarget.value, me))}>
            {signals.map((s) => (
              <option key={s.id} value={s.id}>
                {s.term}
              </option>
            ))}
          </select>
        </div>
      )}
      <p>
        What each of you is and is not comfortable with is in your <a href={routeHash({ name: 'space', section: 'boundaries' })}>Boundaries</a>; you
        can link them to a step below.
      </p>
    </div>
  );
}
