/**
 * "Reveal together" on the closeness screen: starts a round of the mutual reveal with what this
 * person said yes or maybe to, waits calmly for the partner to press it too (with a way to stop),
 * then shows the shared items and both counts, with the reveal's limits in plain words. The
 * result lives only in this component's state: it is never written anywhere and is gone when
 * the screen closes.
 *
 *   <RevealPanel answers={answers} provider={provider} partner="Sam" />
 */
import type { DesireAnswers } from '@securebase/model';
import type { EncryptedProvider } from '@securebase/sync';
import { capitalise } from './partners.js';
import { useDesireReveal, type DesireRevealView } from './use-desire-reveal.js';

interface Props {
  /** This person's private answers; undefined while the private space opens. */
  answers: DesireAnswers | undefined;
  provider: EncryptedProvider | undefined;
  partner: string;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The button, the waiting, and the result of a reveal. */
export function RevealPanel({ answers, provider, partner }: Props) {
  const reveal = useDesireReveal(provider);
  const { view } = reveal;
  const bringing = answers?.revealItems().length ?? 0;
  const running = view.kind === 'waiting' || view.kind === 'exchanging';
  return (
    <section class="card reveal-panel" aria-labelledby="reveal-heading">
      <h4 id="reveal-heading">Reveal together</h4>
      <p class="hint">
        When you are both ready, each of you presses “Reveal together”. You both see, at the same moment, only the
        wishes you both said yes or maybe to. A wish only one of you wanted is never shown: not to the other, not to
        the relay.
      </p>
      <div aria-live="polite">
        {running ? <Waiting view={view} partner={partner} onStop={reveal.stop} /> : view.kind === 'done' ? <Result view={view} partner={partner} onHide={reveal.stop} /> : null}
        {view.kind === 'stopped' && (
          <p class={view.cancelled ? 'hint' : 'form-error'} role={view.cancelled ? undefined : 'alert'}>
            {view.message}
          </p>
        )}
      </div>
      {!running && view.kind !== 'done' && (
        <>
          <button type="button" class="button-primary" disabled={!answers || !provider || bringing === 0} onClick={() => answers && reveal.start(answers.revealItems())}>
            Reveal together
          </button>
          <p class="hint">
            {bringing === 0
              ? 'Say yes or maybe to at least one wish first.'
              : `You would bring ${plural(bringing, 'wish', 'wishes')} you said yes or maybe to.`}
          </p>
        </>
      )}
    </section>
  );
}

function Waiting({ view, partner, onStop }: { view: DesireRevealView; partner: string; onStop: () => void }) {
  return (
    <div class="reveal-waiting">
      <p>
        {view.kind === 'waiting'
          ? `Waiting for ${partner} to press “Reveal together” too. Nothing is shown until you both have.`
          : 'Comparing, privately…'}
      </p>
      <button type="button" class="button-quiet" onClick={onStop}>
        Stop the reveal
      </button>
    </div>
  );
}

function Result({ view, partner, onHide }: { view: Extract<DesireRevealView, { kind: 'done' }>; partner: string; onHide: () => void }) {
  const shared = view.matches.length;
  return (
    <div class="reveal-result">
      <p class="reveal-counts">
        You brought {view.ownCount}, {partner} brought {view.partnerCount};{' '}
        {shared === 0 ? 'none is shared this time.' : `${shared} ${shared === 1 ? 'is' : 'are'} shared.`}
      </p>
      {shared > 0 ? (
        <ul class="reveal-matches" aria-label="Wishes you share">
          {view.matches.map((title) => (
            <li key={title} dir="auto">
              {title}
            </li>
          ))}
        </ul>
      ) : (
        <p>That is fine too: nothing either of you wanted alone has been shown.</p>
      )}
      <p class="hint reveal-limits">
        What a reveal cannot hide: each of you learns how many wishes the other brought, and someone who says yes to
        everything would learn all of the other’s yeses. That is why both counts are shown. {capitalise(partner)} sees the
        same shared wishes now; this result is kept nowhere and is gone when you leave this screen.
      </p>
      <button type="button" class="button-quiet" onClick={onHide}>
        Put the result away
      </button>
    </div>
  );
}
