/**
 * "Where we are together" on the closeness screen: the step and pace both partners agreed on,
 * a suggestion waiting for a yes, the one-tap step back, and the links to the couple's
 * boundaries and pause signal. It shows only what is shared on purpose (the agreed step, and a
 * suggestion someone made), never where either partner privately is with a step.
 *
 *   <TogetherPanel ladder={ladder} workbook={wb} me={me} partner="Sam" steps={steps} status={status} />
 */
import { useId, useState } from 'preact/hooks';
import type { ComponentChild, JSX } from 'preact';
import {
  CLOSENESS_PACES,
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
import { PACE_KEYS, stepWords } from './closeness-words.js';
import { WithName, Words, sentence, slots, useI18n, type Translate } from '../i18n.js';

interface Props {
  ladder: ClosenessLadder;
  workbook: Workbook;
  me: PartnerId;
  partner: string;
  steps: readonly ClosenessStep[];
  status: ClosenessStatus;
}

function titleOf(steps: readonly ClosenessStep[], id: string | null, t: Translate): string | undefined {
  const step = id === null ? undefined : steps.find((s) => s.id === id);
  return step && stepWords(step, t).title;
}

/** A sentence with the partner's name and a step title (in <strong>) in their slots. */
function WithNameAndStep({ text, name, step }: { text: string; name: string; step: ComponentChild }) {
  const opens = text.startsWith(slots('partner').partner ?? '');
  return <Words text={text} parts={{ partner: <bdi>{opens ? capitalise(name) : name}</bdi>, step }} />;
}

/** The agreed step and pace, any suggestion, the step back, and the links. */
export function TogetherPanel({ ladder, workbook, me, partner, steps, status }: Props) {
  const { t, language } = useI18n();
  const refusal = useRefusal();
  const current = titleOf(steps, status.currentStepId, t);
  const theirs = ladder.proposalFor(me);
  const mine = status.proposals.find((p) => p.from === me);
  return (
    <section class="card together-panel" aria-labelledby="together-heading">
      <h3 id="together-heading">{t('closeness.together.heading')}</h3>
      <p class="together-now" aria-live="polite">
        {current ? (
          <Words text={t('closeness.together.at', slots('step'))} parts={{ step: <strong dir="auto">{current}</strong> }} />
        ) : (
          t('closeness.together.none')
        )}
      </p>
      <p class="together-pace">
        <span class="partner-label">{t('closeness.pace.label')}</span> {t(PACE_KEYS[status.pace])}
      </p>
      {status.steppedBackAt !== undefined && (
        <p class="hint">
          {t('closeness.together.steppedBack', {
            date: new Date(status.steppedBackAt).toLocaleDateString(language, { day: 'numeric', month: 'short' }),
          })}
        </p>
      )}
      {theirs && (
        <div class="together-suggestion" role="group" aria-label={sentence(t('closeness.together.theirsLabel', { partner }))}>
          <p>
            {theirs.stepId !== status.currentStepId ? (
              <WithNameAndStep
                text={t('closeness.together.theirsStep', slots('partner', 'step'))}
                name={partner}
                step={<strong dir="auto">{titleOf(steps, theirs.stepId, t)}</strong>}
              />
            ) : (
              <WithName text={t('closeness.together.theirsPace', slots('partner'))} name={partner} />
            )}
          </p>
          {theirs.pace !== status.pace && <p class="hint">{t('closeness.together.atPace', { pace: t(PACE_KEYS[theirs.pace]) })}</p>}
          <p class="hint">{t('closeness.together.noPressure')}</p>
          <div class="card-actions">
            <button type="button" class="button-primary" onClick={() => refusal.run(() => ladder.agree(me))}>
              {t('closeness.together.agree')}
            </button>
          </div>
        </div>
      )}
      {mine && (
        <div class="together-suggestion is-mine">
          <p>
            <WithNameAndStep
              text={t('closeness.together.mine', { ...slots('partner', 'step'), kind: mine.stepId !== status.currentStepId ? 'step' : 'pace' })}
              name={partner}
              step={<strong dir="auto">{titleOf(steps, mine.stepId, t)}</strong>}
            />
          </p>
          <div class="card-actions">
            <button
              type="button"
              class="button-quiet"
              onClick={() => refusal.run(() => ladder.propose(me, { stepId: status.currentStepId, pace: status.pace }))}
            >
              {t('closeness.together.takeBack')}
            </button>
          </div>
        </div>
      )}
      {status.currentStepId !== null && (
        <div class="step-back">
          <button type="button" class="button-quiet step-back-button" onClick={() => refusal.run(() => ladder.stepBack(me))} aria-describedby="step-back-hint">
            {t('closeness.together.stepBack')}
          </button>
          <p class="hint" id="step-back-hint">
            {t('closeness.together.stepBackHint')}
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
  const { t } = useI18n();
  const id = useId();
  const [pace, setPace] = useState<ClosenessPace>(status.pace);
  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    refusal.run(() => ladder.propose(me, { stepId: suggested === undefined ? status.currentStepId : suggested, pace }));
  };
  return (
    <details class="pace-details">
      <summary>{t('closeness.pace.suggestOther')}</summary>
      <form class="pace-form" onSubmit={submit} aria-label={t('closeness.pace.label')}>
        <fieldset class="fieldset" aria-describedby={`${id}-hint`}>
          <legend>{t('closeness.pace.label')}</legend>
          <div class="pace-choices">
            {CLOSENESS_PACES.map((p) => (
              <label key={p} class="pace-choice">
                <input type="radio" name={`${id}-pace`} value={p} checked={pace === p} onChange={() => setPace(p)} />
                <span>{t(PACE_KEYS[p])}</span>
              </label>
            ))}
          </div>
          <p class="hint" id={`${id}-hint`}>
            {t('closeness.pace.hint')}
          </p>
        </fieldset>
        <button type="submit" class="button-quiet" disabled={pace === status.pace}>
          {t('closeness.pace.suggest')}
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
  const { t } = useI18n();
  const id = useId();
  const { pauseSignal } = closenessLinks(ladder, workbook);
  const signals = workbook.vocabulary.list().filter((entry) => entry.category === 'signal');
  const vocabulary = routeHash({ name: 'space', section: 'vocabulary' });
  return (
    <div class="together-links">
      <p>
        {pauseSignal ? (
          <>
            <Words text={t('closeness.links.signal', slots('term'))} parts={{ term: <strong dir="auto">{pauseSignal.term}</strong> }} />{' '}
            <a href={vocabulary}>{t('closeness.links.signalLink')}</a>
          </>
        ) : (
          <>
            {t('closeness.links.noSignal')} <a href={vocabulary}>{t('closeness.links.chooseSignal')}</a>
          </>
        )}
      </p>
      {signals.length > 1 && pauseSignal && (
        <div class="field">
          <label for={`${id}-signal`}>{t('closeness.links.signalChoice')}</label>
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
        <Words
          text={t('closeness.links.boundaries', slots('link'))}
          parts={{ link: <a href={routeHash({ name: 'space', section: 'boundaries' })}>{t('closeness.links.boundariesLink')}</a> }}
        />
      </p>
    </div>
  );
}
