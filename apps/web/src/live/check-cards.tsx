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

/** The question in warm words. */
export const QUESTION_WORDS: Record<CheckQuestion, string> = {
  'are-you-okay': 'Are you okay?',
  'pause-help': 'Would it help if we pause?',
};

/** The one-tap answers, in the order they are offered. */
export const ANSWER_WORDS: Record<CheckAnswer, string> = {
  okay: 'I’m okay',
  moment: 'I need a moment',
  closer: 'Come closer',
  pause: 'Let’s pause',
};

/** What the sender reads when the answer arrives. */
const ANSWER_FOR_SENDER: Record<CheckAnswer, string> = {
  okay: 'is okay.',
  moment: 'needs a moment.',
  closer: 'would like you to come closer.',
  pause: 'would like to pause. The pause is starting.',
};

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

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
  return (
    <section class="check-card" role="dialog" aria-labelledby={titleId}>
      <h2 id={titleId} ref={heading} tabIndex={-1}>
        {capitalised(partner)} asks: {QUESTION_WORDS[check.question]}
      </h2>
      <p class="check-hint">Answer with one tap, or not at all. This card fades by itself after a few minutes.</p>
      <div class="check-answers">
        {(Object.keys(ANSWER_WORDS) as CheckAnswer[]).map((answer) => (
          <button key={answer} type="button" class="button-quiet" onClick={() => onAnswer(answer)}>
            {ANSWER_WORDS[answer]}
          </button>
        ))}
      </div>
    </section>
  );
}

/** A check this person sent: waiting quietly, or the partner's answer. */
export function OutgoingCheckNote({ check, partner, onDismiss }: { check: OutgoingCheck; partner: string; onDismiss: () => void }) {
  return (
    <section class="check-note" aria-label={`Your check: ${QUESTION_WORDS[check.question]}`}>
      <p class="check-note-question">You asked: {QUESTION_WORDS[check.question]}</p>
      {check.answer ? (
        <p class="check-note-answer">
          {capitalised(partner)} {ANSWER_FOR_SENDER[check.answer]}
        </p>
      ) : check.delivery === 'queued' ? (
        <p class="check-note-wait">Not sent yet: it goes as soon as you are back online.</p>
      ) : (
        <p class="check-note-wait">Sent. There is no need to wait here; an answer shows up if it comes.</p>
      )}
      <button type="button" class="button-quiet" onClick={onDismiss}>
        Put away
      </button>
    </section>
  );
}
