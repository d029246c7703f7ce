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
import { desireTitle } from './desire-words.js';
import { useDesireReveal, type DesireRevealView } from './use-desire-reveal.js';
import { WithName, slots, useI18n } from '../i18n.js';

interface Props {
  /** This person's private answers; undefined while the private space opens. */
  answers: DesireAnswers | undefined;
  provider: EncryptedProvider | undefined;
  partner: string;
}

/** The button, the waiting, and the result of a reveal. */
export function RevealPanel({ answers, provider, partner }: Props) {
  const { t } = useI18n();
  const reveal = useDesireReveal(provider);
  const { view } = reveal;
  const bringing = answers?.revealItems().length ?? 0;
  const running = view.kind === 'waiting' || view.kind === 'exchanging';
  return (
    <section class="card reveal-panel" aria-labelledby="reveal-heading">
      <h4 id="reveal-heading">{t('desires.reveal.heading')}</h4>
      <p class="hint">{t('desires.reveal.explain')}</p>
      <div aria-live="polite">
        {running ? <Waiting view={view} partner={partner} onStop={reveal.stop} /> : view.kind === 'done' ? <Result view={view} partner={partner} onHide={reveal.stop} /> : null}
        {view.kind === 'stopped' && (
          <p class={view.cancelled ? 'hint' : 'form-error'} role={view.cancelled ? undefined : 'alert'}>
            {view.message(t)}
          </p>
        )}
      </div>
      {!running && view.kind !== 'done' && (
        <>
          <button type="button" class="button-primary" disabled={!answers || !provider || bringing === 0} onClick={() => answers && reveal.start(answers.revealItems())}>
            {t('desires.reveal.heading')}
          </button>
          <p class="hint">{bringing === 0 ? t('desires.reveal.nothingYet') : t('desires.reveal.bringing', { count: bringing })}</p>
        </>
      )}
    </section>
  );
}

function Waiting({ view, partner, onStop }: { view: DesireRevealView; partner: string; onStop: () => void }) {
  const { t } = useI18n();
  return (
    <div class="reveal-waiting">
      <p>
        {view.kind === 'waiting' ? <WithName text={t('desires.reveal.waiting', slots('partner'))} name={partner} /> : t('desires.reveal.comparing')}
      </p>
      <button type="button" class="button-quiet" onClick={onStop}>
        {t('desires.reveal.stop')}
      </button>
    </div>
  );
}

function Result({ view, partner, onHide }: { view: Extract<DesireRevealView, { kind: 'done' }>; partner: string; onHide: () => void }) {
  const { t } = useI18n();
  const shared = view.matches.length;
  return (
    <div class="reveal-result">
      <p class="reveal-counts">
        <WithName
          text={t('desires.reveal.counts', { ...slots('partner'), own: view.ownCount, theirs: view.partnerCount, shared })}
          name={partner}
        />
      </p>
      {shared > 0 ? (
        <ul class="reveal-matches" aria-label={t('desires.reveal.matches')}>
          {view.matches.map((match) => (
            <li key={match.item} dir="auto">
              {desireTitle(match.item, match.title, t)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('desires.reveal.noneShared')}</p>
      )}
      <p class="hint reveal-limits">
        {t('desires.reveal.limits')} <WithName text={t('desires.reveal.partnerSees', slots('partner'))} name={partner} />
      </p>
      <button type="button" class="button-quiet" onClick={onHide}>
        {t('desires.reveal.putAway')}
      </button>
    </div>
  );
}
