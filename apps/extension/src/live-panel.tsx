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
import { ANSWER_WORDS, QUESTION_WORDS } from '../../web/src/live/check-cards.js';
import { clockText } from '../../web/src/live/pause-screen.js';
import { capitalise } from '../../web/src/sections/partners.js';
import type { LiveActions } from './use-note-session.js';

/** What the sender reads after the partner's name when the answer arrives. */
const ANSWER_FOR_SENDER: Record<CheckAnswer, string> = {
  okay: 'is okay.',
  moment: 'needs a moment.',
  closer: 'would like you to come closer.',
  pause: 'would like to pause. The pause is starting.',
};

interface Props {
  live: LiveMomentsState | undefined;
  /** The partner's display name, or "your partner". */
  partner: string;
  actions: LiveActions;
  ready: boolean;
}

/** The panel's live section. */
export function LivePanel({ live, partner, actions, ready }: Props) {
  const pause = live?.pause;
  const Partner = capitalise(partner);
  return (
    <section class="live-panel" aria-labelledby="live-heading">
      <h2 id="live-heading">In the moment</h2>
      <div class="live-panel-buttons">
        <button type="button" class="pause" disabled={!ready || pause !== undefined} onClick={() => actions.startPause()}>
          Pause
        </button>
        {(['are-you-okay', 'pause-help'] as CheckQuestion[]).map((q) => (
          <button key={q} type="button" disabled={!ready} onClick={() => actions.sendCheck(q)}>
            {QUESTION_WORDS[q]}
          </button>
        ))}
      </div>
      {pause && (
        <div class="live-panel-pause" role="status" data-pause={pause.mine ? 'mine' : 'partner'}>
          <p class="live-panel-title">{pause.mine ? 'You asked for a pause' : <><bdi>{Partner}</bdi> needs a pause</>}</p>
          <p dir="auto">“{pause.signalWord}”</p>
          <p>
            {pause.endsAt > Date.now() ? `Back together in ${clockText(pause.endsAt - Date.now())}` : 'Time to come back together'}
            {pause.mine && pause.delivery === 'queued' ? ' · not sent yet: it goes when you are back online' : ''}
            {pause.mine && pause.delivery === 'sent' ? ` · sent to ${partner}` : ''}
          </p>
          <button type="button" onClick={() => actions.endPause()}>
            End the pause for both of us
          </button>
        </div>
      )}
      {live?.incoming.map((c) => (
        <div key={c.id} class="live-panel-check" role="group" aria-label={`${Partner} asks: ${QUESTION_WORDS[c.question]}`}>
          <p class="live-panel-title">
            <bdi>{Partner}</bdi> asks: {QUESTION_WORDS[c.question]}
          </p>
          <div class="live-panel-buttons">
            {(Object.keys(ANSWER_WORDS) as CheckAnswer[]).map((a) => (
              <button key={a} type="button" onClick={() => actions.answerCheck(c.id, a)}>
                {ANSWER_WORDS[a]}
              </button>
            ))}
          </div>
        </div>
      ))}
      {live?.outgoing.map((c) => (
        <div key={c.id} class="live-panel-check">
          <p class="live-panel-title">You asked: {QUESTION_WORDS[c.question]}</p>
          <p>
            {c.answer ? (
              <>
                <bdi>{Partner}</bdi> {ANSWER_FOR_SENDER[c.answer]}
              </>
            ) : c.delivery === 'queued' ? (
              'Not sent yet: it goes as soon as you are back online.'
            ) : (
              'Sent. An answer shows up here if it comes.'
            )}
          </p>
          <button type="button" onClick={() => actions.dismissCheck(c.id)}>
            Put away
          </button>
        </div>
      ))}
    </section>
  );
}
