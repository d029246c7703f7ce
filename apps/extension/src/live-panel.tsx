/**
 * Pause and gentle checks in the quick-note panel: the Pause button (the couple's own signal
 * and time-out length, as in the web app), the two gentle checks, and a compact view of what is
 * live: a pause either partner can end for both, a partner's check with one-tap answers, and the
 * answer to this person's check, each naming the partner as the workbook does ("Sam", or "your
 * partner" before a name is given). Never a "seen" or "read" marker. The rules are LiveMoments'
 * (packages/sync); this only renders and forwards taps.
 *
 *   <LivePanel live={phase.view.live} partner={phase.view.partner} actions={live} ready={phase.kind === 'active'} />
 */
import type { CheckAnswer, CheckQuestion, LiveMomentsState } from '@securebase/sync';
import type { Translate } from '@securebase/i18n';
import { clockText } from '../../web/src/live/pause-screen.js';
import { WithName, sentence, slots, useI18n } from './i18n.js';
import type { LiveActions } from './use-note-session.js';

/** The two gentle checks, in the person's language (the wire carries only the question's id). */
function questionWords(t: Translate): Record<CheckQuestion, string> {
  return { 'are-you-okay': t('check.areYouOkay'), 'pause-help': t('check.pauseHelp') };
}

/** The one-tap answers, in the order they are offered. */
function answerWords(t: Translate): Record<CheckAnswer, string> {
  return { okay: t('answer.okay'), moment: t('answer.moment'), closer: t('answer.closer'), pause: t('answer.pause') };
}

/** What the sender reads when the answer arrives, with a slot for the partner's name. */
function answerForSender(t: Translate): Record<CheckAnswer, string> {
  const partner = slots('partner');
  return {
    okay: t('answered.okay', partner),
    moment: t('answered.moment', partner),
    closer: t('answered.closer', partner),
    pause: t('answered.pause', partner),
  };
}

interface Props {
  live: LiveMomentsState | undefined;
  /** The partner's display name, or "your partner". */
  partner: string;
  actions: LiveActions;
  ready: boolean;
}

/** The panel's live section. */
export function LivePanel({ live, partner, actions, ready }: Props) {
  const { t } = useI18n();
  const pause = live?.pause;
  const questions = questionWords(t);
  const answers = answerWords(t);
  return (
    <section class="live-panel" aria-labelledby="live-heading">
      <h2 id="live-heading">{t('live.heading')}</h2>
      <div class="live-panel-buttons">
        <button type="button" class="pause" disabled={!ready || pause !== undefined} onClick={() => actions.startPause(t)}>
          {t('live.pause')}
        </button>
        {(['are-you-okay', 'pause-help'] as CheckQuestion[]).map((q) => (
          <button key={q} type="button" disabled={!ready} onClick={() => actions.sendCheck(q)}>
            {questions[q]}
          </button>
        ))}
      </div>
      {pause && (
        <div class="live-panel-pause" role="status" data-pause={pause.mine ? 'mine' : 'partner'}>
          <p class="live-panel-title">{pause.mine ? t('live.pauseMine') : <WithName text={t('live.pausePartner', slots('partner'))} name={partner} />}</p>
          <p dir="auto">“{pause.signalWord}”</p>
          <p>
            {pause.endsAt > Date.now() ? t('live.backIn', { time: clockText(pause.endsAt - Date.now()) }) : t('live.timeToReturn')}
            {pause.mine && pause.delivery === 'queued' ? t('live.pauseQueued') : ''}
            {pause.mine && pause.delivery === 'sent' ? t('live.pauseSent', { partner }) : ''}
          </p>
          <button type="button" onClick={() => actions.endPause()}>
            {t('live.endPause')}
          </button>
        </div>
      )}
      {live?.incoming.map((c) => (
        <div key={c.id} class="live-panel-check" role="group" aria-label={sentence(t('live.partnerAsks', { partner, question: questions[c.question] }))}>
          <p class="live-panel-title">
            <WithName text={t('live.partnerAsks', { ...slots('partner'), question: questions[c.question] })} name={partner} />
          </p>
          <div class="live-panel-buttons">
            {(Object.keys(answers) as CheckAnswer[]).map((a) => (
              <button key={a} type="button" onClick={() => actions.answerCheck(c.id, a, t)}>
                {answers[a]}
              </button>
            ))}
          </div>
        </div>
      ))}
      {live?.outgoing.map((c) => (
        <div key={c.id} class="live-panel-check">
          <p class="live-panel-title">{t('live.youAsked', { question: questions[c.question] })}</p>
          <p>
            {c.answer ? (
              <WithName text={answerForSender(t)[c.answer]} name={partner} />
            ) : c.delivery === 'queued' ? (
              t('live.checkQueued')
            ) : (
              t('live.checkSent')
            )}
          </p>
          <button type="button" onClick={() => actions.dismissCheck(c.id)}>
            {t('live.putAway')}
          </button>
        </div>
      ))}
    </section>
  );
}
