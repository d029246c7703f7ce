/**
 * Gentle checks on screen: the card a partner's check arrives as (one-tap answers), and the
 * quiet note of a check this person sent, which shows the answer when it comes and otherwise
 * simply fades. There is never a "seen" or "read" marker: the sender learns only an answer.
 *
 *   <IncomingCheckCard check={c} partner="Sam" onAnswer={(a) => answer(c.id, a)} />
 *   <OutgoingCheckNote check={c} partner="Sam" onDismiss={() => dismiss(c.id)} />
 */
import { useEffect, useRef } from 'preact/hooks';
import type { CheckAnswer, CheckQuestion, IncomingCheck, OutgoingCheck } from '@securebase/sync';
import { WithName, slots, useI18n, type MessageKey } from '../i18n.js';

/** The question in warm words (only the question's id travels: each reads it in their own language). */
export const QUESTION_WORDS: Record<CheckQuestion, MessageKey> = {
  'are-you-okay': 'live.askOkay',
  'pause-help': 'live.askPause',
};

/** The one-tap answers, in the order they are offered. */
export const ANSWER_WORDS: Record<CheckAnswer, MessageKey> = {
  okay: 'live.answerOkay',
  moment: 'live.answerMoment',
  closer: 'live.answerCloser',
  pause: 'live.answerPause',
};

/** What the sender reads when the answer arrives (a {partner} sentence). */
export const ANSWER_FOR_SENDER: Record<CheckAnswer, MessageKey> = {
  okay: 'live.partnerOkay',
  moment: 'live.partnerMoment',
  closer: 'live.partnerCloser',
  pause: 'live.partnerPause',
};

/** Focus moves to a new card unless the person is in the middle of typing. */
function isTyping(): boolean {
  const active = document.activeElement;
  return active instanceof HTMLElement && (active.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(active.tagName));
}

/** A partner's gentle check, with one-tap answers. */
export function IncomingCheckCard({ check, partner, onAnswer }: { check: IncomingCheck; partner: string; onAnswer: (a: CheckAnswer) => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!isTyping()) heading.current?.focus();
  }, [check.id]);
  const titleId = `check-${check.id}`;
  const { t } = useI18n();
  return (
    <section class="check-card" role="dialog" aria-labelledby={titleId}>
      <h2 id={titleId} ref={heading} tabIndex={-1}>
        <WithName text={t('live.asks', { ...slots('partner'), question: t(QUESTION_WORDS[check.question]) })} name={partner} />
      </h2>
      <p class="check-hint">{t('live.checkHint')}</p>
      <div class="check-answers">
        {(Object.keys(ANSWER_WORDS) as CheckAnswer[]).map((answer) => (
          <button key={answer} type="button" class="button-quiet" onClick={() => onAnswer(answer)}>
            {t(ANSWER_WORDS[answer])}
          </button>
        ))}
      </div>
    </section>
  );
}

/** A check this person sent: waiting quietly, or the partner's answer. */
export function OutgoingCheckNote({ check, partner, onDismiss }: { check: OutgoingCheck; partner: string; onDismiss: () => void }) {
  const { t } = useI18n();
  const question = t(QUESTION_WORDS[check.question]);
  return (
    <section class="check-note" aria-label={t('live.yourCheck', { question })}>
      <p class="check-note-question">{t('live.asked', { question })}</p>
      {check.answer ? (
        <p class="check-note-answer">
          <WithName text={t(ANSWER_FOR_SENDER[check.answer], slots('partner'))} name={partner} />
        </p>
      ) : check.delivery === 'queued' ? (
        <p class="check-note-wait">{t('live.checkNotSent')}</p>
      ) : (
        <p class="check-note-wait">{t('live.checkWasSent')}</p>
      )}
      <button type="button" class="button-quiet" onClick={onDismiss}>
        {t('live.putAwayCheck')}
      </button>
    </section>
  );
}
