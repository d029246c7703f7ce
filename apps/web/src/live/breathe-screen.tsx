/**
 * The shared breathing pacer on screen: a slowly growing and shrinking circle (a CSS transform,
 * one transition per step) with the step's words, or, when the person prefers reduced motion, a
 * text count ("Breathe in… 4") and nothing that moves. Both partners' screens compute the same
 * phase from the session's start on their own clock (BreatheTogether estimated the skew), so
 * they breathe in together. Either can stop it for both.
 *
 * The element carries its phase (data-breathe-cycle-ms) and the moment it was computed on the
 * page's monotonic clock (data-breathe-at): the test reads both screens' phase error from these.
 *
 *   <BreatheScreen session={state.session} partner="Sam" onStop={() => together.stop()} />
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { breathePhase, type BreatheSession } from '@securebase/sync';
import { WithName, slots, useI18n } from '../i18n.js';
import { useInertSiblings, useTopBarOffset } from './pause-screen.js';
import { PATTERN_WORDS, STEP_WORDS } from './breathe-words.js';
import './breathe.css';

interface Props {
  session: BreatheSession;
  partner: string;
  onStop: () => void;
}

/** The circle's scale with empty and full lungs. */
const SMALL = 0.55;
const FULL = 1;

/** True while the person asks for reduced motion (followed live). */
function usePrefersReducedMotion(): boolean {
  const query = '(prefers-reduced-motion: reduce)';
  const [reduced, setReduced] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const change = (): void => setReduced(list.matches);
    list.addEventListener('change', change);
    return () => list.removeEventListener('change', change);
  }, []);
  return reduced;
}

/** Re-render at every whole second of the count (and at every step change). */
function useCountTicks(session: BreatheSession): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const schedule = (): void => {
      const { stepLeftMs } = breathePhase(session.pattern, Date.now() - session.localStart);
      // A few ms past the boundary, so the new count is the one shown.
      timer = setTimeout(() => {
        setTick((n) => n + 1);
        schedule();
      }, (stepLeftMs % 1000 || 1000) + 5);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [session.pattern, session.localStart]);
}

/** The shared pacer, over the page like the pause card (the top bar stays in reach). */
export function BreatheScreen({ session, partner, onStop }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const circle = useRef<HTMLDivElement>(null);
  const top = useTopBarOffset();
  const reduced = usePrefersReducedMotion();
  useInertSiblings(root);
  useCountTicks(session);
  // Read together: the phase on the app's clock and the same instant on the page's monotonic one.
  const at = performance.timeOrigin + performance.now();
  const phase = breathePhase(session.pattern, Date.now() - session.localStart);
  const { t, language } = useI18n();

  useEffect(() => {
    heading.current?.focus();
  }, [session.id]);

  // One transition per step, from where the circle is now to where this step ends.
  useLayoutEffect(() => {
    const el = circle.current;
    if (!el) return;
    const length = phase.stepElapsedMs + phase.stepLeftMs;
    const from = phase.fillAtStart + (phase.fillAtEnd - phase.fillAtStart) * (phase.stepElapsedMs / length);
    const scale = (fill: number): string => `scale(${SMALL + (FULL - SMALL) * fill})`;
    el.style.transition = 'none';
    el.style.transform = scale(from);
    // Read layout so the browser takes the start value before the transition is set.
    el.getBoundingClientRect();
    el.style.transition = `transform ${phase.stepLeftMs}ms ease-in-out`;
    el.style.transform = scale(phase.fillAtEnd);
  }, [phase.index, session.id, session.localStart, reduced]);

  const words = t(STEP_WORDS[phase.step]);
  const who = <WithName text={t(session.mine ? 'moments.youAsked' : 'moments.partnerAsks', slots('partner'))} name={partner} />;
  // Mid-sentence: only the first letter is lowered (a German noun later in the pace keeps its capital).
  const pace = t(PATTERN_WORDS[session.pattern].pace);
  const paceMidSentence = pace.charAt(0).toLocaleLowerCase(language) + pace.slice(1);
  return (
    <div
      ref={root}
      class="pause-screen breathe-screen"
      style={{ top: `${top}px` }}
      role="dialog"
      aria-labelledby="breathe-title"
      aria-describedby="breathe-who"
      data-breathe-cycle-ms={Math.round(phase.cycleMs)}
      data-breathe-at={at.toFixed(1)}
      data-breathe-motion={reduced ? 'reduced' : 'full'}
      data-breathe-skew-ms={Math.round(session.offsetMs)}
    >
      <div class="pause-card breathe-card">
        <h2 id="breathe-title" ref={heading} tabIndex={-1}>
          {t('moments.breathingTogether')}
        </h2>
        <p id="breathe-who" class="pause-reassure">
          {who} {t('moments.patternLine', { name: t(PATTERN_WORDS[session.pattern].name), pace: paceMidSentence })}
        </p>
        {session.mine && session.delivery === 'queued' && (
          <p class="pause-delivery" data-delivery="queued">
            <WithName text={t('moments.queued', slots('partner'))} name={partner} />
          </p>
        )}
        {reduced ? (
          <p class="breathe-count" data-step={phase.step}>
            {words}… <span class="breathe-count-number">{phase.secondsLeft}</span>
          </p>
        ) : (
          <div class="breathe-stage" aria-hidden="true">
            <div ref={circle} class="breathe-circle" />
            <p class="breathe-circle-words" data-step={phase.step}>
              {words}
            </p>
          </div>
        )}
        {/* Spoken once per step, not every second: a count read aloud would be the opposite of calm. */}
        <p class="visually-hidden" aria-live="polite">
          {words}
        </p>
        <button type="button" class="button-primary pause-end" onClick={onStop}>
          {t('moments.stop')}
        </button>
      </div>
    </div>
  );
}
